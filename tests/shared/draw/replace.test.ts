import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 } from '../../../shared/hash.js';
import { replaceDecline } from '../../../shared/draw/replace.js';
import { runDraw } from '../../../shared/draw/run.js';
import { DrawError } from '../../../shared/errors.js';
import type { DrawResult } from '../../../shared/schemas/draw-result.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import {
  arbEntry,
  arbSmallSpec,
  bruteCompletion,
  entriesFrom,
  isValidCommission,
  satisfies,
} from '../../helpers/draw-brute.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';

const base = {
  languages: ['kk'],
  directions: ['youth'],
  proposedBy: 'ngo' as const,
  region: 'KZ-11',
};
const e = (i: number, gender: 'female' | 'male', org = `name:o${i}`): PoolEntry => ({
  ...base,
  registryNo: `R-${i}`,
  gender,
  organizations: [org],
});
const seed = sha256(new Uint8Array([5]));

/** A hand-made result: members R-1 (f), R-2, R-3; reserves R-4 (m), R-5 (f), R-6 (m). */
const pool = [
  e(1, 'female'),
  e(2, 'male'),
  e(3, 'male'),
  e(4, 'male'),
  e(5, 'female'),
  e(6, 'male'),
];
const spec = makeSpec({
  size: 3,
  reserves: 3,
  quotas: [{ category: 'gender', value: 'female', min: 1 }],
});
const result: DrawResult = {
  method: 'adal-v1',
  steps: pool.map((p, i) => ({
    n: i + 1,
    phase: i < 3 ? 'commission' : 'reserves',
    position: i + 1,
    poolNo: i + 1,
    registryNo: p.registryNo,
    outcome: i < 3 ? 'accepted' : 'reserve',
  })),
  commission: ['R-1', 'R-2', 'R-3'],
  reserves: ['R-4', 'R-5', 'R-6'],
};

describe('replaceDecline', () => {
  it('does seat the first reserve that keeps every rule, recording the ones that do not', () => {
    const { steps, result: after } = replaceDecline(result, spec, pool, 'R-1');
    expect(steps).toEqual([
      {
        n: 7,
        phase: 'replacement',
        position: 1,
        poolNo: 1,
        registryNo: 'R-1',
        outcome: 'declined',
      },
      {
        n: 8,
        phase: 'replacement',
        position: 4,
        poolNo: 4,
        registryNo: 'R-4',
        outcome: 'skipped',
        rule: 'REPLACEMENT_BREAKS_RULES',
        detail: {
          violations: [
            { kind: 'quota-min', category: 'gender', value: 'female', count: 0, limit: 1 },
          ],
        },
      },
      {
        n: 9,
        phase: 'replacement',
        position: 5,
        poolNo: 5,
        registryNo: 'R-5',
        outcome: 'replacement',
        detail: { replaces: 'R-1' },
      },
    ]);
    expect(after.commission).toEqual(['R-5', 'R-2', 'R-3']);
    expect(after.reserves).toEqual(['R-4', 'R-6']);
    expect(after.steps).toHaveLength(9);
  });

  it('does keep a reserve that did not fit for a later decline', () => {
    const first = replaceDecline(result, spec, pool, 'R-1').result;
    const second = replaceDecline(first, spec, pool, 'R-2');
    expect(second.steps.map((s) => [s.registryNo, s.outcome])).toEqual([
      ['R-2', 'declined'],
      ['R-4', 'replacement'],
    ]);
    expect(second.result.commission).toEqual(['R-5', 'R-4', 'R-3']);
  });

  it('when no reserve fits does leave the seat vacant, never re-drawing', () => {
    const noWomen = { ...result, reserves: ['R-4', 'R-6'] };
    const { steps, result: after } = replaceDecline(noWomen, spec, pool, 'R-1');
    expect(steps.map((s) => [s.registryNo, s.outcome, s.rule])).toEqual([
      ['R-1', 'declined', undefined],
      ['R-4', 'skipped', 'REPLACEMENT_BREAKS_RULES'],
      ['R-6', 'skipped', 'REPLACEMENT_BREAKS_RULES'],
      ['R-1', 'vacant', 'NO_RESERVE_FITS'],
    ]);
    expect(after.commission).toEqual(['R-2', 'R-3']);
    expect(after.reserves).toEqual(['R-4', 'R-6']);
    // With the women's seat already short, a man may replace a man (nothing gets worse).
    const next = replaceDecline(after, spec, pool, 'R-2');
    expect(next.result.commission).toEqual(['R-4', 'R-3']);
  });

  it('when a reserve declines does withdraw them from the list', () => {
    const { steps, result: after } = replaceDecline(result, spec, pool, 'R-5');
    expect(steps).toEqual([
      {
        n: 7,
        phase: 'replacement',
        position: 5,
        poolNo: 5,
        registryNo: 'R-5',
        outcome: 'withdrawn',
      },
    ]);
    expect(after.reserves).toEqual(['R-4', 'R-6']);
    expect(after.commission).toEqual(result.commission);
  });

  it('when the person is neither member nor reserve does refuse', () => {
    expect(() => replaceDecline(result, spec, pool, 'R-9')).toThrowWithCode(
      DrawError,
      'NOT_A_MEMBER'
    );
  });

  it('does keep every rule through random sequences of declines', () => {
    let replaced = 0;
    fc.assert(
      fc.property(
        arbSmallSpec,
        fc.array(arbEntry, { minLength: 4, maxLength: 11 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (spec0, raw, picks) => {
          const spec1 = { ...spec0, reserves: 3 };
          const entries = entriesFrom(raw);
          fc.pre(bruteCompletion(spec1, [], entries));
          let r = runDraw(spec1, entries, seed);
          const byNo = new Map(entries.map((x) => [x.registryNo, x]));
          for (const p of picks) {
            if (r.commission.length === 0) break;
            const full = r.commission.length === spec1.size;
            const who = r.commission[p % r.commission.length]!;
            const before = r.commission;
            const out = replaceDecline(r, spec1, entries, who);
            r = out.result;
            const members = r.commission.map((x) => byNo.get(x)!);
            expect(satisfies(spec1, members, false)).toBe(true);
            const last = out.steps[out.steps.length - 1]!;
            if (last.outcome === 'replacement') replaced++;
            if (full && last.outcome === 'replacement')
              expect(isValidCommission(spec1, members)).toBe(true);
            // Every reserve passed over really would have broken a rule.
            if (full)
              for (const s of out.steps.filter((x) => x.outcome === 'skipped'))
                expect(
                  isValidCommission(
                    spec1,
                    before.map((m) => byNo.get(m === who ? s.registryNo : m)!)
                  )
                ).toBe(false);
          }
        }
      ),
      { seed: 11, numRuns: 600 }
    );
    expect(replaced).toBeGreaterThan(100);
  });
});
