import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { listDeclarations } from '../../../db/repos/conflicts.repo.js';
import { allExperts } from '../../../db/repos/experts.repo.js';
import { listCompetitions, listDirections, listLots } from '../../../db/repos/lots.repo.js';
import { DEMO_EXPERTS, seedDemoIfEmpty } from '../../../server/demo/seed.js';
import { lotEligibility } from '../../../server/lots/conflicts.js';
import { isValidBin } from '../../../shared/bin.js';
import { REGIONS } from '../../../shared/regions.js';
import { Expert } from '../../../shared/schemas/registry.js';
import { openRegistryTestDb, type RegistryTestDb } from '../registry/registry-test-db.js';

let t: RegistryTestDb;
beforeAll(() => {
  t = openRegistryTestDb();
  expect(seedDemoIfEmpty(t)).toMatchObject({ experts: DEMO_EXPERTS, competitions: 2 });
});
afterAll(() => t.close());

describe('demo registry', () => {
  it('does hold at least 300 valid experts with Kazakh and Russian names in every region', () => {
    const experts = allExperts(t.db);
    expect(experts.length).toBeGreaterThanOrEqual(300);
    for (const e of experts) Expert.parse(e);
    expect(experts.every((e) => e.fullNameKk && e.fullNameRu)).toBe(true);
    expect(
      experts.some((e) => /[әғқңөұүһі]/i.test(e.fullNameKk!) && e.fullNameKk !== e.fullNameRu)
    ).toBe(true);
    expect(new Set(experts.map((e) => e.region))).toEqual(new Set(REGIONS.map((r) => r.code)));
    expect(new Set(experts.map((e) => e.gender))).toEqual(new Set(['female', 'male']));
    expect(new Set(experts.map((e) => e.status))).toEqual(
      new Set(['active', 'suspended', 'excluded'])
    );
    const operatorShare =
      experts.filter((e) => e.proposedBy === 'operator').length / experts.length;
    expect(operatorShare).toBeGreaterThan(0.2);
    expect(operatorShare).toBeLessThan(0.4);
    const bilingual = experts.filter(
      (e) => e.languages.includes('kk') && e.languages.includes('ru')
    );
    expect(bilingual.length / experts.length).toBeGreaterThan(0.85);
    for (const e of experts) for (const o of e.organizations) expect(isValidBin(o.bin!)).toBe(true);
  });

  it('does cover at least 6 directions, each with experts', () => {
    const dirs = listDirections(t.db);
    expect(dirs.length).toBeGreaterThanOrEqual(6);
    for (const d of dirs)
      expect(allExperts(t.db, { direction: d.code }).length).toBeGreaterThan(20);
  });

  it('does hold two competitions whose lots have applicants with valid BINs', () => {
    const comps = listCompetitions(t.db);
    expect(comps).toHaveLength(2);
    for (const c of comps) {
      const lots = listLots(t.db, { competitionId: c.id });
      expect(lots.length).toBeGreaterThanOrEqual(6);
      for (const l of lots) {
        expect(l.applicants.length).toBeGreaterThanOrEqual(3);
        expect(l.applicants.every((a) => isValidBin(a.bin))).toBe(true);
      }
    }
  });

  it('does tie some experts to applicants by registry organizations and by declarations', () => {
    expect(listDeclarations(t.db).length).toBeGreaterThan(20);
    const sources = new Set<string>();
    for (const l of listLots(t.db))
      for (const x of lotEligibility(t.db, l.id, '2026-03-01', 30).exclusions)
        if (x.rule === 'CONFLICT_OF_INTEREST') sources.add(x.source!);
    expect(sources).toEqual(new Set(['registry', 'self', 'operator']));
  });

  it('does produce the same registry on every run and seeds only an empty registry', () => {
    const other = openRegistryTestDb('2030-01-01T00:00:00Z');
    try {
      seedDemoIfEmpty(other);
      expect(allExperts(other.db)).toEqual(allExperts(t.db));
      expect(listLots(other.db)).toEqual(listLots(t.db));
      expect(seedDemoIfEmpty(other)).toBeNull();
    } finally {
      other.close();
    }
  });
});
