import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { computeEligibility, declarationInForce, kindForRole } from '../../shared/eligibility.js';
import { InputError } from '../../shared/errors.js';
import type { ConflictKind, Declaration } from '../../shared/schemas/conflicts.js';
import type { Expert } from '../../shared/schemas/registry.js';

const KINDS: ConflictKind[] = [
  { code: 'member', labelKk: 'Мүшесі', labelRu: 'Член', labelEn: 'Member', lookbackMonths: 0 },
  { code: 'head', labelKk: 'Басшысы', labelRu: 'Руководитель', labelEn: 'Head', lookbackMonths: 0 },
  {
    code: 'funded_12m',
    labelKk: 'Қаржыландырылған',
    labelRu: 'Финансирование',
    labelEn: 'Funded',
    lookbackMonths: 12,
  },
  { code: 'other', labelKk: 'Басқа', labelRu: 'Другое', labelEn: 'Other', lookbackMonths: 0 },
];
const BIN_A = '940140000385';
const BIN_B = '950341000052';
const BIN_C = '961141000023';

function expert(registryNo: string, over: Partial<Expert> = {}): Expert {
  return {
    registryNo,
    fullNameRu: `Эксперт ${registryNo}`,
    directions: ['youth'],
    region: 'KZ-71',
    organizations: [],
    languages: ['kk', 'ru'],
    proposedBy: 'ngo',
    status: 'active',
    includedOn: '2020-01-01',
    ...over,
  };
}

function decl(
  id: number,
  registryNo: string,
  bin: string,
  kind: string,
  validFrom: string,
  validTo?: string
): Declaration {
  return { id, registryNo, bin, kind, validFrom, ...(validTo ? { validTo } : {}), source: 'self' };
}

describe('computeEligibility', () => {
  it('does list every reason of every excluded expert with its rule and declaration', () => {
    const experts = [
      expert('R-0005', { status: 'suspended', lastCommissionOn: '2025-05-01' }),
      expert('R-0001'),
      expert('R-0003', {
        organizations: [{ name: 'ОФ «Жастар»', bin: BIN_A, role: 'Руководитель' }],
      }),
      expert('R-0002', { status: 'excluded' }),
      expert('R-0004'),
    ];
    const declarations = [
      decl(7, 'R-0004', BIN_B, 'member', '2024-01-01'),
      decl(3, 'R-0005', BIN_A, 'funded_12m', '2023-01-01', '2024-07-01'),
      decl(9, 'R-0001', BIN_C, 'member', '2024-01-01'), // BIN_C is not an applicant
    ];
    const r = computeEligibility({
      experts,
      applicantBins: [BIN_A, BIN_B],
      declarations,
      conflictKinds: KINDS,
      asOf: '2025-06-01',
      cooldownDays: 90,
    });
    expect(r.eligible.map((e) => e.registryNo)).toEqual(['R-0001']);
    expect(
      r.exclusions.map((x) => [x.registryNo, x.rule, x.source, x.declarationId, x.bin, x.kind])
    ).toEqual([
      ['R-0002', 'STATUS_EXCLUDED', undefined, undefined, undefined, undefined],
      ['R-0003', 'CONFLICT_OF_INTEREST', 'registry', undefined, BIN_A, 'head'],
      ['R-0004', 'CONFLICT_OF_INTEREST', 'self', 7, BIN_B, 'member'],
      ['R-0005', 'STATUS_SUSPENDED', undefined, undefined, undefined, undefined],
      ['R-0005', 'CONFLICT_OF_INTEREST', 'self', 3, BIN_A, 'funded_12m'],
      ['R-0005', 'COOLDOWN', undefined, undefined, undefined, undefined],
    ]);
    expect(r.exclusions.find((x) => x.rule === 'COOLDOWN')?.detail).toBe(
      'last commission on 2025-05-01, 31 days before 2025-06-01; cooldown 90 days'
    );
  });

  it('when a declaration period ended, does count it only within its kind lookback', () => {
    const d = { validFrom: '2023-01-01', validTo: '2024-06-01' };
    expect(declarationInForce(d, 0, '2024-06-01')).toBe(true);
    expect(declarationInForce(d, 0, '2024-06-02')).toBe(false);
    expect(declarationInForce(d, 12, '2025-06-01')).toBe(true);
    expect(declarationInForce(d, 12, '2025-06-02')).toBe(false);
    expect(declarationInForce({ validFrom: '2025-07-01' }, 12, '2025-06-01')).toBe(false);
  });

  it('when the cooldown has passed exactly, does let the expert in', () => {
    const experts = [
      expert('R-1', { lastCommissionOn: '2025-03-03' }),
      expert('R-2', { lastCommissionOn: '2025-03-04' }),
      expert('R-3', { lastCommissionOn: '2025-09-01' }),
    ];
    const base = {
      experts,
      applicantBins: [],
      declarations: [],
      conflictKinds: KINDS,
      asOf: '2025-06-01',
    };
    // 2025-03-03 → 2025-06-01 is 90 days.
    const r = computeEligibility({ ...base, cooldownDays: 90 });
    expect(r.eligible.map((e) => e.registryNo)).toEqual(['R-1']);
    expect(r.exclusions.map((x) => x.registryNo)).toEqual(['R-2', 'R-3']);
    expect(computeEligibility(base).eligible).toHaveLength(3);
  });

  it('when a declaration names an unknown kind, does still exclude (fail safe)', () => {
    const r = computeEligibility({
      experts: [expert('R-1')],
      applicantBins: [BIN_A],
      declarations: [decl(1, 'R-1', BIN_A, 'sibling_of_founder', '2020-01-01')],
      conflictKinds: KINDS,
      asOf: '2025-01-01',
    });
    expect(r.exclusions).toHaveLength(1);
    expect(r.exclusions[0]!.kind).toBe('sibling_of_founder');
  });

  it('does map registry roles to kinds by code or label, else to other', () => {
    expect(kindForRole('  HEAD ', KINDS)).toBe('head');
    expect(kindForRole('руководитель', KINDS)).toBe('head');
    expect(kindForRole('Мүшесі', KINDS)).toBe('member');
    expect(kindForRole('funded 12m', KINDS)).toBe('funded_12m');
    expect(kindForRole('эксперт-консультант', KINDS)).toBe('other');
  });

  it('does refuse a bad date, a bad cooldown and a duplicated expert', () => {
    const base = {
      experts: [expert('R-1')],
      applicantBins: [],
      declarations: [],
      conflictKinds: KINDS,
    };
    expect(() => computeEligibility({ ...base, asOf: '2025-02-30' })).toThrowWithCode(
      InputError,
      'DATE_INVALID'
    );
    expect(() =>
      computeEligibility({ ...base, asOf: '2025-02-01', cooldownDays: 1.5 })
    ).toThrowWithCode(InputError, 'COOLDOWN_INVALID');
    expect(() =>
      computeEligibility({ ...base, experts: [expert('R-1'), expert('R-1')], asOf: '2025-02-01' })
    ).toThrowWithCode(InputError, 'DUPLICATE_REGISTRY_NO');
  });

  it('does give the same result for any input order and partitions the experts', () => {
    const statuses = ['active', 'suspended', 'excluded'] as const;
    const arbExpert = fc.record({
      n: fc.integer({ min: 1, max: 60 }),
      status: fc.constantFrom(...statuses),
      orgBin: fc.constantFrom(undefined, BIN_A, BIN_C),
      last: fc.constantFrom(undefined, '2025-01-10', '2025-05-20'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbExpert, { selector: (e) => e.n, maxLength: 30 }),
        fc.array(
          fc.record({ n: fc.integer({ min: 1, max: 60 }), bin: fc.constantFrom(BIN_A, BIN_B) }),
          { maxLength: 20 }
        ),
        fc.integer({ min: 0, max: 200 }),
        (raw, rawDecls, cooldownDays) => {
          const experts = raw.map((e) =>
            expert(`R-${e.n}`, {
              status: e.status,
              organizations: e.orgBin ? [{ name: 'Org', bin: e.orgBin, role: 'member' }] : [],
              ...(e.last ? { lastCommissionOn: e.last } : {}),
            })
          );
          const declarations = rawDecls.map((d, i) =>
            decl(i + 1, `R-${d.n}`, d.bin, 'member', '2024-01-01')
          );
          const input = {
            applicantBins: [BIN_A, BIN_B],
            declarations,
            conflictKinds: KINDS,
            asOf: '2025-06-01',
            cooldownDays,
          };
          const a = computeEligibility({ ...input, experts });
          const b = computeEligibility({
            ...input,
            experts: [...experts].reverse(),
            declarations: [...declarations].reverse(),
          });
          expect(b).toEqual(a);
          const excluded = new Set(a.exclusions.map((x) => x.registryNo));
          expect(a.eligible.length + excluded.size).toBe(experts.length);
          for (const e of a.eligible) expect(excluded.has(e.registryNo)).toBe(false);
        }
      ),
      { numRuns: 200 }
    );
  });
});
