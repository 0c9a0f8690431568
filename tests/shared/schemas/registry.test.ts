import { describe, expect, it } from '@jest/globals';
import { Expert, PublicExpert, toPublicExpert } from '../../../shared/schemas/registry.js';
import { ExpertCreate, ExpertPatch } from '../../../shared/api/registry.js';

const full = {
  registryNo: 'R-0001',
  fullNameKk: 'Ахметов Ерлан Серікұлы',
  fullNameRu: 'Ахметов Ерлан Серикович',
  directions: ['youth', 'ecology'],
  region: 'KZ-71',
  organizations: [{ name: 'ОФ «Жастар»', bin: '940140000385', role: 'member' }],
  gender: 'male' as const,
  languages: ['kk', 'ru'],
  proposedBy: 'ngo' as const,
  status: 'suspended' as const,
  statusReason: 'по личному заявлению',
  statusDate: '2025-01-10',
  includedOn: '2021-03-01',
  iin: '791028302728',
  phone: '+7 701 000 00 00',
  email: 'erlan@example.kz',
};

function paths(r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (r.error?.issues ?? []).map((i) => i.path.join('.'));
}

describe('registry schemas', () => {
  it('does accept a full record and strips personal data in the public projection', () => {
    const e = Expert.parse(full);
    const pub = toPublicExpert(e);
    expect(PublicExpert.parse(pub)).toEqual(pub);
    for (const k of ['iin', 'phone', 'email', 'statusReason']) expect(pub).not.toHaveProperty(k);
    expect(JSON.stringify(pub)).not.toMatch(/791028302728|701 000|example\.kz|личному/);
    // the public schema is strict: personal data cannot slip through it
    expect(PublicExpert.safeParse(e).success).toBe(false);
  });

  it('does name the field for each bad value', () => {
    const r = Expert.safeParse({
      ...full,
      registryNo: 'R 1',
      region: 'KZ-99',
      organizations: [{ name: 'X', bin: '940140000386', role: 'member' }],
      iin: '791028302729',
      includedOn: '2021-02-30',
      directions: ['youth', 'youth'],
    });
    expect(paths(r).sort()).toEqual(
      ['directions', 'iin', 'includedOn', 'organizations.0.bin', 'region', 'registryNo'].sort()
    );
  });

  it('when neither name is given, does refuse the record', () => {
    const { fullNameKk: _k, fullNameRu: _r, ...noName } = full;
    expect(paths(Expert.safeParse(noName))).toEqual(['fullNameRu']);
    expect(
      ExpertCreate.safeParse({
        registryNo: 'R-2',
        directions: ['youth'],
        region: 'KZ-71',
        proposedBy: 'ngo',
      }).success
    ).toBe(false);
  });

  it('does fill defaults on create and refuses status fields there', () => {
    const c = ExpertCreate.parse({
      registryNo: 'R-2',
      fullNameRu: 'Иванова Анна',
      directions: ['youth'],
      region: 'KZ-71',
      proposedBy: 'operator',
    });
    expect(c.organizations).toEqual([]);
    expect(c.languages).toEqual([]);
    expect(ExpertCreate.safeParse({ ...c, status: 'active' }).success).toBe(false);
  });

  it('does refuse an empty patch and accepts null to clear a field', () => {
    expect(ExpertPatch.safeParse({}).success).toBe(false);
    expect(ExpertPatch.parse({ phone: null })).toEqual({ phone: null });
    expect(ExpertPatch.safeParse({ registryNo: 'R-9' }).success).toBe(false);
  });
});
