import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  completionExists,
  exactCompletion,
  findCompletion,
  wholePoolView,
  type CompletionView,
} from '../../../shared/draw/completion.js';
import { keysOf } from '../../../shared/draw/cap-keys.js';
import { compileRules, withCapLimit, type Rules } from '../../../shared/draw/compile-rules.js';
import type { DrawSpec } from '../../../shared/schemas/draw-spec.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import {
  arbEntry,
  arbSmallSpec,
  bruteCompletion,
  entriesFrom,
  isValidCommission,
  satisfies,
} from '../../helpers/draw-brute.js';

/** A view for accepted set A′ (pool indexes) and later set R (pool indexes). */
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

/** A random instance: spec, pool, and a split of the pool into A′ (admissible), R and the rest. */
const arbInstance = fc
  .record({
    spec: arbSmallSpec,
    raw: fc.array(arbEntry, { minLength: 1, maxLength: 11 }),
    split: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 11, maxLength: 11 }),
  })
  .map(({ spec, raw, split }) => {
    const entries = entriesFrom(raw);
    const accepted: number[] = [];
    const later: number[] = [];
    entries.forEach((_, i) => {
      if (split[i] === 0 && accepted.length < spec.size - 1) accepted.push(i);
      else if (split[i] !== 2) later.push(i);
    });
    return { spec, entries, accepted, later };
  })
  .filter(({ spec, entries, accepted }) =>
    satisfies(
      spec,
      accepted.map((i) => entries[i]!),
      false
    )
  );

const pick = (entries: PoolEntry[], idx: number[]) => idx.map((i) => entries[i]!);

function check(spec: DrawSpec, entries: PoolEntry[], accepted: number[], later: number[]) {
  const rules = compileRules(spec, entries);
  const expected = bruteCompletion(spec, pick(entries, accepted), pick(entries, later));
  const view = viewOf(rules, accepted, later);
  const witness = findCompletion(rules, view);
  expect(witness !== null).toBe(expected);
  if (witness) {
    expect(witness.every((i) => later.includes(i))).toBe(true);
    expect(isValidCommission(spec, pick(entries, [...accepted, ...witness]))).toBe(true);
  }
  // The exact layer alone, without the relaxation and realization in front of it.
  const lo = rules.quotas.map((q, b) => q.lo - view.cntQ[b]!);
  const hi = rules.quotas.map((q, b) => q.hi - view.cntQ[b]!);
  if (hi.every((h) => h >= 0) && view.seats > 0) {
    const exact = exactCompletion(rules, view, lo, hi);
    expect(exact !== null).toBe(expected);
    if (exact) expect(isValidCommission(spec, pick(entries, [...accepted, ...exact]))).toBe(true);
  }
  return expected;
}

describe('completion predicate', () => {
  it('does agree with brute-force enumeration on random small instances', () => {
    let yes = 0;
    let no = 0;
    fc.assert(
      fc.property(arbInstance, ({ spec, entries, accepted, later }) => {
        if (check(spec, entries, accepted, later)) yes++;
        else no++;
      }),
      { seed: 20261201, numRuns: 3000 }
    );
    // Both answers must be well represented, or the comparison proves little.
    expect(yes).toBeGreaterThan(300);
    expect(no).toBeGreaterThan(300);
  });

  it('does agree with brute force on the whole pool (the check before announcement)', () => {
    fc.assert(
      fc.property(
        arbSmallSpec,
        fc.array(arbEntry, { minLength: 0, maxLength: 12 }),
        (spec, raw) => {
          const entries = entriesFrom(raw);
          const rules = compileRules(spec, entries);
          expect(completionExists(rules, wholePoolView(rules))).toBe(
            bruteCompletion(spec, [], entries)
          );
        }
      ),
      { seed: 7, numRuns: 1500 }
    );
  });

  it('when organizations bind and masks alone would allow it does still answer no', () => {
    // Two women needed, both women are from one organization, limit 1: the quota relaxation says yes,
    // the realization fails, and the exact layer must say no.
    const base = {
      region: 'KZ-10',
      languages: ['kk'],
      directions: ['youth'],
      proposedBy: 'ngo' as const,
    };
    const entries: PoolEntry[] = [
      { ...base, registryNo: 'R-1', gender: 'female', organizations: ['name:a'] },
      { ...base, registryNo: 'R-2', gender: 'female', organizations: ['name:a'] },
      { ...base, registryNo: 'R-3', gender: 'male', organizations: ['name:b'] },
    ];
    const spec = makeSpec({
      size: 3,
      perOrganizationMax: 1,
      quotas: [{ category: 'gender', value: 'female', min: 2 }],
    });
    const rules = compileRules(spec, entries);
    expect(completionExists(rules, wholePoolView(rules))).toBe(false);
    expect(completionExists(withCapLimit(rules, 0, 2), wholePoolView(rules))).toBe(true);
  });
});
