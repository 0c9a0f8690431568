/**
 * The region cap perRegionMax (protocol version 2, docs/PROTOCOL.md §Rules): at most N members from one
 * region. Checked like the organization limit: the exact completion against brute-force enumeration,
 * the walk against a brute-force walk written from §Selection (quota max, then organizations, then
 * regions, then completion), the REGION_LIMIT detail, replacement violations in table order, the
 * feasibility report's region-limit problem and its minimal relaxation, and the fairness simulation.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { keysOf } from '../../../shared/draw/cap-keys.js';
import { compileRules, type Rules } from '../../../shared/draw/compile-rules.js';
import {
  completionExists,
  exactCompletion,
  findCompletion,
  wholePoolView,
  type CompletionView,
} from '../../../shared/draw/completion.js';
import { fairnessReport } from '../../../shared/draw/fairness.js';
import { checkFeasibility } from '../../../shared/draw/feasibility.js';
import { replaceDecline } from '../../../shared/draw/replace.js';
import { runDraw } from '../../../shared/draw/run.js';
import { sha256 } from '../../../shared/hash.js';
import { shuffleOrder } from '../../../shared/rng.js';
import type { DrawSpec } from '../../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import {
  arbEntry,
  arbRegionSpec,
  bruteCompletion,
  entriesFrom,
  isValidCommission,
  satisfies,
} from '../../helpers/draw-brute.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';

const seedOf = (k: number) => sha256(new Uint8Array([k & 255, (k >> 8) & 255, k >> 16, 0x52]));
const pick = (entries: PoolEntry[], idx: number[]) => idx.map((i) => entries[i]!);

/** A view for accepted set A′ and later set R (pool indexes). */
function viewOf(rules: Rules, accepted: number[], later: number[]): CompletionView {
  const v = wholePoolView(rules);
  v.available.fill(0);
  v.remBySig.fill(0);
  for (const i of later) {
    v.available[i] = 1;
    v.remBySig[rules.sigOf[i]!]!++;
  }
  for (const i of accepted) {
    for (const b of rules.sigQuotas[rules.sigOf[i]!]!) v.cntQ[b]!++;
    for (const k of keysOf(rules, i)) v.cntK[k]!++;
  }
  v.seats = rules.size - accepted.length;
  return v;
}

/** The walk of §Selection and §Reserves by brute force, naming each skip by the first test failing. */
function referenceWalk(spec: DrawSpec, entries: PoolEntry[], order: number[]) {
  const steps: { registryNo: string; outcome: string; rule?: string }[] = [];
  const members: PoolEntry[] = [];
  const reserves: PoolEntry[] = [];
  const quotasOnly = { ...spec, perOrganizationMax: undefined, perRegionMax: undefined };
  const withOrgs = { ...quotasOnly, perOrganizationMax: spec.perOrganizationMax };
  for (const i of order) {
    if (members.length === spec.size && reserves.length === spec.reserves) break;
    const e = entries[i]!;
    const s = { registryNo: e.registryNo };
    if (members.length < spec.size) {
      const withE = [...members, e];
      const later = order.slice(order.indexOf(i) + 1).map((j) => entries[j]!);
      if (!satisfies(quotasOnly, withE, false))
        steps.push({ ...s, outcome: 'skipped', rule: 'QUOTA_MAX' });
      else if (!satisfies(withOrgs, withE, false))
        steps.push({ ...s, outcome: 'skipped', rule: 'ORG_LIMIT' });
      else if (!satisfies(spec, withE, false))
        steps.push({ ...s, outcome: 'skipped', rule: 'REGION_LIMIT' });
      else if (bruteCompletion(spec, withE, later)) {
        members.push(e);
        steps.push({ ...s, outcome: 'accepted' });
      } else steps.push({ ...s, outcome: 'skipped', rule: 'NO_VALID_COMPLETION' });
    } else {
      const fits = members.some((m) =>
        isValidCommission(spec, [...members.filter((x) => x !== m), e])
      );
      if (fits) reserves.push(e);
      steps.push(
        fits ? { ...s, outcome: 'reserve' } : { ...s, outcome: 'skipped', rule: 'FITS_NO_SEAT' }
      );
    }
  }
  return {
    steps,
    commission: members.map((m) => m.registryNo),
    reserves: reserves.map((m) => m.registryNo),
  };
}

describe('the region cap (perRegionMax)', () => {
  it('does decide completions exactly as brute-force enumeration does', () => {
    let yes = 0;
    let no = 0;
    fc.assert(
      fc.property(
        arbRegionSpec,
        fc.array(arbEntry, { minLength: 1, maxLength: 11 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 11, maxLength: 11 }),
        (spec, raw, split) => {
          const entries = entriesFrom(raw);
          const accepted: number[] = [];
          const later: number[] = [];
          entries.forEach((_, i) => {
            if (split[i] === 0 && accepted.length < spec.size - 1) accepted.push(i);
            else if (split[i] !== 2) later.push(i);
          });
          fc.pre(satisfies(spec, pick(entries, accepted), false));
          const rules = compileRules(spec, entries);
          const want = bruteCompletion(spec, pick(entries, accepted), pick(entries, later));
          const view = viewOf(rules, accepted, later);
          const witness = findCompletion(rules, view);
          expect(witness !== null).toBe(want);
          if (witness)
            expect(isValidCommission(spec, pick(entries, [...accepted, ...witness]))).toBe(true);
          const lo = rules.quotas.map((q, b) => q.lo - view.cntQ[b]!);
          const hi = rules.quotas.map((q, b) => q.hi - view.cntQ[b]!);
          if (hi.every((h) => h >= 0) && view.seats > 0)
            expect(exactCompletion(rules, view, lo, hi) !== null).toBe(want);
          if (want) yes++;
          else no++;
        }
      ),
      { seed: 2026, numRuns: 2500 }
    );
    expect(yes).toBeGreaterThan(250);
    expect(no).toBeGreaterThan(250);
  });

  it('does agree with brute force on the whole pool (the check before announcement)', () => {
    fc.assert(
      fc.property(arbRegionSpec, fc.array(arbEntry, { maxLength: 12 }), (spec, raw) => {
        const entries = entriesFrom(raw);
        const rules = compileRules(spec, entries);
        expect(completionExists(rules, wholePoolView(rules))).toBe(
          bruteCompletion(spec, [], entries)
        );
      }),
      { seed: 52, numRuns: 1500 }
    );
  });

  it('does take exactly the decisions of the brute-force walk, REGION_LIMIT after ORG_LIMIT', () => {
    const rules = new Map<string, number>();
    fc.assert(
      fc.property(
        arbRegionSpec,
        fc.array(arbEntry, { minLength: 1, maxLength: 11 }),
        fc.integer({ min: 0, max: 2 ** 24 - 1 }),
        (spec, raw, k) => {
          const entries = entriesFrom(raw);
          fc.pre(bruteCompletion(spec, [], entries));
          const seed = seedOf(k);
          const ref = referenceWalk(spec, entries, shuffleOrder(seed, entries.length));
          const got = runDraw(spec, entries, seed);
          expect(
            got.steps.map((s) => ({
              registryNo: s.registryNo,
              outcome: s.outcome,
              ...(s.rule ? { rule: s.rule } : {}),
            }))
          ).toEqual(ref.steps);
          expect([got.commission, got.reserves]).toEqual([ref.commission, ref.reserves]);
          for (const s of ref.steps) if (s.rule) rules.set(s.rule, (rules.get(s.rule) ?? 0) + 1);
        }
      ),
      { seed: 7070, numRuns: 1500 }
    );
    expect(rules.get('REGION_LIMIT')).toBeGreaterThan(100);
    expect(rules.get('ORG_LIMIT')).toBeGreaterThan(50);
  });

  it('does record REGION_LIMIT with the region at its limit as {regions: [{region, count, max}]}', () => {
    const entries = entriesFrom(
      ['KZ-10', 'KZ-10', 'KZ-10', 'KZ-11', 'KZ-11', 'KZ-15'].map((region) => ({
        region,
        gender: undefined,
        languages: ['kk'],
        directions: ['youth'],
        proposedBy: 'ngo' as const,
        organizations: [],
      }))
    );
    const spec = makeSpec({ version: 2, size: 3, reserves: 0, perRegionMax: 1 });
    for (let k = 0; k < 200; k++) {
      const r = runDraw(spec, entries, seedOf(k));
      const skip = r.steps.find((s) => s.rule === 'REGION_LIMIT');
      if (!skip) continue;
      const region = entries[skip.poolNo - 1]!.region;
      expect(skip.detail).toEqual({ regions: [{ region, count: 1, max: 1 }] });
      const regions = r.commission.map((no) => entries.find((e) => e.registryNo === no)!.region);
      expect(new Set(regions).size).toBe(3);
      return;
    }
    throw new Error('no seed among 200 shows a REGION_LIMIT skip');
  });

  it('does list a replacement’s region-limit violations after the organization’s, before the mins', () => {
    const e = (i: number, region: string, org: string, gender: 'female' | 'male'): PoolEntry => ({
      registryNo: `R-${i}`,
      region,
      gender,
      languages: ['kk'],
      directions: ['youth'],
      proposedBy: 'ngo',
      organizations: [org],
    });
    // R-1 (the only woman) declines; the reserve R-4 shares R-2's organization and region.
    const pool = [
      e(1, 'KZ-10', 'name:a', 'female'),
      e(2, 'KZ-11', 'name:b', 'male'),
      e(3, 'KZ-15', 'name:c', 'male'),
      e(4, 'KZ-11', 'name:b', 'male'),
    ];
    const spec = makeSpec({
      version: 2,
      size: 3,
      reserves: 1,
      perOrganizationMax: 1,
      perRegionMax: 1,
      quotas: [{ category: 'gender', value: 'female', min: 1 }],
    });
    const result = {
      method: 'adal-v1' as const,
      steps: pool.map((p, i) => ({
        n: i + 1,
        phase: i < 3 ? ('commission' as const) : ('reserves' as const),
        position: i + 1,
        poolNo: i + 1,
        registryNo: p.registryNo,
        outcome: i < 3 ? ('accepted' as const) : ('reserve' as const),
      })),
      commission: ['R-1', 'R-2', 'R-3'],
      reserves: ['R-4'],
    };
    const { steps } = replaceDecline(result, spec, pool, 'R-1');
    expect(steps.map((s) => [s.registryNo, s.outcome, s.rule])).toEqual([
      ['R-1', 'declined', undefined],
      ['R-4', 'skipped', 'REPLACEMENT_BREAKS_RULES'],
      ['R-1', 'vacant', 'NO_RESERVE_FITS'],
    ]);
    expect(steps[1]!.detail).toEqual({
      violations: [
        { kind: 'org-limit', organization: 'name:b', count: 2, limit: 1 },
        { kind: 'region-limit', region: 'KZ-11', count: 2, limit: 1 },
        { kind: 'quota-min', category: 'gender', value: 'female', count: 0, limit: 1 },
      ],
    });
  });

  it('when the region limit bites does count what it allows and suggest the smallest raise', () => {
    const pool = entriesFrom(
      ['KZ-10', 'KZ-10', 'KZ-10', 'KZ-11'].map((region) => ({
        region,
        gender: undefined,
        languages: ['kk'],
        directions: ['youth'],
        proposedBy: 'ngo' as const,
        organizations: [],
      }))
    );
    const spec = makeSpec({ version: 2, size: 3, reserves: 0, perRegionMax: 1 });
    const report = checkFeasibility(spec, pool);
    expect(report.problems).toEqual([
      {
        kind: 'region-limit',
        need: 3,
        available: 2,
        message: 'with perRegionMax 1 at most 2 experts can be seated together',
      },
    ]);
    expect(report.suggestions).toEqual([
      { change: 'raise-region-limit', from: 1, to: 2, text: 'raise perRegionMax from 1 to 2' },
    ]);
    expect(checkFeasibility({ ...spec, perRegionMax: 2 }, pool).feasible).toBe(true);
  });

  it('does agree with brute force on feasibility, each suggestion sufficient and minimal', () => {
    let raised = 0;
    fc.assert(
      fc.property(
        arbRegionSpec,
        fc.array(arbEntry, { minLength: 3, maxLength: 10 }),
        (spec0, raw) => {
          const spec = { ...spec0, reserves: 0 };
          const entries = entriesFrom(raw);
          const report = checkFeasibility(spec, entries);
          expect(report.feasible).toBe(
            entries.length >= spec.size && bruteCompletion(spec, [], entries)
          );
          for (const s of report.suggestions.filter((x) => x.change === 'raise-region-limit')) {
            raised++;
            expect(bruteCompletion({ ...spec, perRegionMax: s.to }, [], entries)).toBe(true);
            if (s.to - 1 !== s.from)
              expect(bruteCompletion({ ...spec, perRegionMax: s.to - 1 }, [], entries)).toBe(false);
          }
        }
      ),
      { seed: 303, numRuns: 800 }
    );
    expect(raised).toBeGreaterThan(30);
  });

  it('does simulate fairness under the region cap: every seat counted, a region’s experts share its seat', () => {
    const pool = entriesFrom(
      ['KZ-10', 'KZ-10', 'KZ-10', 'KZ-10', 'KZ-11', 'KZ-15'].map((region) => ({
        region,
        gender: undefined,
        languages: ['kk'],
        directions: ['youth'],
        proposedBy: 'ngo' as const,
        organizations: [],
      }))
    );
    const spec = makeSpec({ version: 2, size: 3, reserves: 0, perRegionMax: 1 });
    const report = fairnessReport(spec, pool, sha256(new Uint8Array([9])), 400);
    const counts = report.entries.map((e) => e.count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400 * 3);
    // KZ-11 and KZ-15 are always seated; the four of KZ-10 share one seat.
    expect(counts.slice(4)).toEqual([400, 400]);
    expect(counts.slice(0, 4).reduce((a, b) => a + b, 0)).toBe(400);
    expect(counts.slice(0, 4).every((c) => c > 50 && c < 150)).toBe(true);
  });
});
