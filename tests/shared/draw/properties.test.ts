/**
 * Properties of the whole pipeline — registry → eligibility → frozen pool → draw — over random inputs
 * with a fixed fast-check seed: no result ever breaks a quota, the organization limit, a conflict
 * exclusion or the cooldown; the same inputs always give the same steps.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkDigit } from '../../../shared/bin.js';
import { daysBetween } from '../../../shared/civil-date.js';
import { computeEligibility } from '../../../shared/eligibility.js';
import { sha256 } from '../../../shared/hash.js';
import { freezePool } from '../../../shared/pool.js';
import { checkFeasibility } from '../../../shared/draw/feasibility.js';
import { runDraw } from '../../../shared/draw/run.js';
import { DrawResult } from '../../../shared/schemas/draw-result.js';
import type { Expert } from '../../../shared/schemas/registry.js';
import { arbEntry, arbSmallSpec, isValidCommission } from '../../helpers/draw-brute.js';

/** Six valid BINs (12 digits with the check digit of shared/bin.ts). */
const BINS = [
  '10000000001',
  '20000000002',
  '30000000003',
  '40000000004',
  '50000000005',
  '60000000006',
  '70000000007',
]
  .filter((p) => checkDigit(p) !== null)
  .slice(0, 6)
  .map((p) => p + String(checkDigit(p)));

const ASOF = '2026-11-20';
const arbExpert = fc.record({
  entry: arbEntry,
  status: fc.constantFrom('active', 'active', 'active', 'suspended', 'excluded'),
  bins: fc.subarray(BINS, { maxLength: 2 }),
  lastCommissionOn: fc.option(fc.constantFrom('2026-11-01', '2026-06-01', '2025-01-15'), {
    nil: undefined,
  }),
});

describe('draw pipeline properties', () => {
  it('does never seat an excluded expert nor break a rule, and repeats itself exactly', () => {
    let draws = 0;
    let withExclusions = 0;
    fc.assert(
      fc.property(
        arbSmallSpec,
        fc.array(arbExpert, { minLength: 3, maxLength: 14 }),
        fc.subarray(BINS, { maxLength: 2 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 65535 }),
        (spec0, raw, applicantBins, cooldownDays, k) => {
          const spec = { ...spec0, cooldownDays };
          const experts: Expert[] = raw.map((r, i) => ({
            registryNo: `R-${i + 1}`,
            fullNameRu: `Эксперт ${i + 1}`,
            directions: r.entry.directions,
            region: r.entry.region,
            organizations: [
              ...r.bins.map((bin) => ({ name: `NGO ${bin}`, bin, role: 'member' })),
              ...r.entry.organizations.map((o) => ({ name: o.slice(5), role: 'head' })),
            ],
            ...(r.entry.gender ? { gender: r.entry.gender as 'female' | 'male' } : {}),
            languages: r.entry.languages,
            proposedBy: r.entry.proposedBy,
            status: r.status as Expert['status'],
            includedOn: '2020-01-01',
            ...(r.lastCommissionOn ? { lastCommissionOn: r.lastCommissionOn } : {}),
          }));
          const { eligible, exclusions } = computeEligibility({
            experts,
            applicantBins,
            declarations: [],
            conflictKinds: [],
            asOf: ASOF,
            cooldownDays,
          });
          const pool = freezePool(eligible);
          const feasibility = checkFeasibility({ ...spec, reserves: 0 }, pool.entries);
          fc.pre(feasibility.feasible);
          const seed = sha256(new Uint8Array([k & 255, k >> 8]));
          const result = runDraw(spec, pool, seed);
          draws++;
          expect(DrawResult.safeParse(result).success).toBe(true);
          expect(runDraw(spec, pool, seed)).toEqual(result);

          const seated = [...result.commission, ...result.reserves];
          const excluded = new Set(exclusions.map((x) => x.registryNo));
          const byNo = new Map(experts.map((x) => [x.registryNo, x]));
          for (const no of seated) {
            const x = byNo.get(no)!;
            expect(excluded.has(no)).toBe(false);
            expect(x.status).toBe('active');
            expect(
              x.organizations.some((o) => o.bin !== undefined && applicantBins.includes(o.bin))
            ).toBe(false);
            if (cooldownDays > 0 && x.lastCommissionOn)
              expect(daysBetween(x.lastCommissionOn, ASOF)).toBeGreaterThanOrEqual(cooldownDays);
          }
          const entry = new Map(pool.entries.map((x) => [x.registryNo, x]));
          const members = result.commission.map((no) => entry.get(no)!);
          expect(isValidCommission(spec, members)).toBe(true);
          for (const r of result.reserves) {
            const fits = members.some((m) =>
              isValidCommission(spec, [...members.filter((x) => x !== m), entry.get(r)!])
            );
            expect(fits).toBe(true);
          }
          if (exclusions.length > 0) withExclusions++;
          expect(new Set(seated).size).toBe(seated.length);
        }
      ),
      { seed: 2026, numRuns: 700 }
    );
    expect(draws).toBeGreaterThan(200);
    expect(withExclusions).toBeGreaterThan(100);
  });
});
