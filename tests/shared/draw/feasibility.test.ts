import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { assertFeasible, checkFeasibility } from '../../../shared/draw/feasibility.js';
import { DrawError } from '../../../shared/errors.js';
import type { DrawSpec } from '../../../shared/schemas/draw-spec.js';
import type { Relaxation } from '../../../shared/schemas/feasibility.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import { arbEntry, arbSmallSpec, bruteCompletion, entriesFrom } from '../../helpers/draw-brute.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';

const base = {
  languages: ['kk', 'ru'],
  directions: ['youth'],
  proposedBy: 'ngo' as const,
  gender: 'male' as const,
};
const entry = (i: number, over: Partial<PoolEntry> = {}): PoolEntry => ({
  ...base,
  registryNo: `R-${i}`,
  region: 'KZ-11',
  organizations: [`name:org ${i}`],
  ...over,
});

/** The spec with one relaxation applied (percent forms replaced by seats). */
function apply(spec: DrawSpec, r: Relaxation, delta = 0): DrawSpec {
  if (r.change === 'raise-org-limit') return { ...spec, perOrganizationMax: r.to + delta };
  if (r.change === 'reduce-reserves') return { ...spec, reserves: r.to + delta };
  const quotas = spec.quotas.map((q) => {
    if (q.category !== r.category || q.value !== r.value) return q;
    const { minPercent: _mp, maxPercent: _xp, ...rest } = q;
    const seats = {
      min:
        r.change === 'lower-min'
          ? r.to + delta
          : (q.min ??
            (q.minPercent === undefined ? undefined : Math.ceil((spec.size * q.minPercent) / 100))),
      max:
        r.change === 'raise-max'
          ? r.to + delta
          : (q.max ??
            (q.maxPercent === undefined
              ? undefined
              : Math.floor((spec.size * q.maxPercent) / 100))),
    };
    return {
      ...rest,
      ...(seats.min !== undefined ? { min: seats.min } : {}),
      ...(seats.max !== undefined ? { max: seats.max } : {}),
    };
  }) as DrawSpec['quotas'];
  return { ...spec, quotas };
}

describe('checkFeasibility', () => {
  it('does pass rules the pool can meet', () => {
    const pool = [1, 2, 3, 4, 5, 6].map((i) => entry(i));
    expect(checkFeasibility(makeSpec({ size: 3, reserves: 3 }), pool)).toEqual({
      feasible: true,
      problems: [],
      suggestions: [],
    });
  });

  it('when a min quota lacks experts does say how many and suggest the smallest lowering', () => {
    const pool = [1, 2, 3, 4, 5, 6].map((i) => entry(i, i === 1 ? { region: 'KZ-10' } : {}));
    const spec = makeSpec({
      size: 3,
      reserves: 0,
      quotas: [{ category: 'region', value: 'KZ-10', min: 2 }],
    });
    const report = checkFeasibility(spec, pool);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'quota-min',
        category: 'region',
        value: 'KZ-10',
        need: 2,
        available: 1,
      }),
    ]);
    expect(report.suggestions).toEqual([
      {
        change: 'lower-min',
        category: 'region',
        value: 'KZ-10',
        from: 2,
        to: 1,
        text: 'lower min for region=KZ-10 from 2 to 1',
      },
    ]);
    expect(() => assertFeasible(spec, pool)).toThrowWithCode(DrawError, 'INFEASIBLE');
  });

  it('when the organization limit bites does count what it allows and suggest raising it', () => {
    const pool = [1, 2, 3, 4].map((i) =>
      entry(i, { organizations: [i <= 2 ? 'name:a' : 'name:b'] })
    );
    const spec = makeSpec({ size: 3, reserves: 0, perOrganizationMax: 1 });
    const report = checkFeasibility(spec, pool);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'org-limit', need: 3, available: 2 }),
    ]);
    expect(report.suggestions).toEqual([
      { change: 'raise-org-limit', from: 1, to: 2, text: 'raise perOrganizationMax from 1 to 2' },
    ]);
  });

  it('when a min counts only women of one organization does report the organization-limited supply', () => {
    const pool = [1, 2, 3, 4, 5].map((i) =>
      entry(i, i <= 2 ? { gender: 'female', organizations: ['name:a'] } : {})
    );
    const spec = makeSpec({
      size: 3,
      reserves: 0,
      perOrganizationMax: 1,
      quotas: [{ category: 'gender', value: 'female', min: 2 }],
    });
    const [problem] = checkFeasibility(spec, pool).problems;
    expect(problem).toEqual(expect.objectContaining({ kind: 'quota-min', need: 2, available: 1 }));
    expect(problem!.message).toContain('2 eligible, perOrganizationMax 1');
  });

  it('when a max leaves too few others does say so and suggest raising it', () => {
    const pool = [1, 2, 3, 4].map((i) => entry(i, i <= 3 ? { proposedBy: 'operator' } : {}));
    const spec = makeSpec({
      size: 3,
      reserves: 0,
      quotas: [{ category: 'proposedBy', value: 'operator', maxPercent: 30 }],
    });
    const report = checkFeasibility(spec, pool);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'quota-max', need: 3, available: 1 }),
    ]);
    expect(report.suggestions.map((s) => s.text)).toEqual([
      'raise max for proposedBy=operator from 0 to 2',
    ]);
  });

  it('when reserves exceed the pool does suggest fewer reserves', () => {
    const pool = [1, 2, 3, 4, 5].map((i) => entry(i));
    const report = checkFeasibility(makeSpec({ size: 3, reserves: 3 }), pool);
    expect(report.feasible).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'reserves', need: 6, available: 5 }),
    ]);
    expect(report.suggestions).toEqual([
      { change: 'reduce-reserves', from: 3, to: 2, text: 'reduce reserves from 3 to 2' },
    ]);
  });

  it('when each rule can be met alone but not together does say so', () => {
    // One seat: a woman exists and an operator-proposed expert exists, but no operator-proposed woman.
    const pool = [entry(1, { gender: 'female' }), entry(2, { proposedBy: 'operator' })];
    const spec = makeSpec({
      size: 1,
      reserves: 0,
      quotas: [
        { category: 'gender', value: 'female', min: 1 },
        { category: 'proposedBy', value: 'operator', min: 1 },
      ],
    });
    const report = checkFeasibility(spec, pool);
    expect(report.problems.map((p) => p.kind)).toEqual(['combination']);
    expect(report.suggestions.map((s) => s.text)).toEqual([
      'lower min for gender=female from 1 to 0',
      'lower min for proposedBy=operator from 1 to 0',
    ]);
  });

  it('when the pool is smaller than the commission does say so', () => {
    const report = checkFeasibility(makeSpec({ size: 3, reserves: 0 }), [entry(1)]);
    expect(report.problems[0]).toEqual(
      expect.objectContaining({ kind: 'pool-size', need: 3, available: 1 })
    );
    expect(report.suggestions).toEqual([]);
  });

  it('does agree with brute force, and each suggestion is sufficient and minimal', () => {
    let infeasible = 0;
    fc.assert(
      fc.property(
        arbSmallSpec,
        fc.array(arbEntry, { minLength: 3, maxLength: 10 }),
        (spec0, raw) => {
          const spec = { ...spec0, reserves: 0 };
          const entries = entriesFrom(raw);
          const report = checkFeasibility(spec, entries);
          const truth = entries.length >= spec.size && bruteCompletion(spec, [], entries);
          expect(report.feasible).toBe(truth);
          if (truth) return;
          infeasible++;
          expect(report.problems.length).toBeGreaterThan(0);
          for (const s of report.suggestions) {
            expect(bruteCompletion(apply(spec, s), [], entries)).toBe(true);
            // One seat less of a change must not be enough (the suggestion is the smallest).
            const weaker = s.change === 'lower-min' ? 1 : -1;
            if (s.to + weaker !== s.from)
              expect(bruteCompletion(apply(spec, s, weaker), [], entries)).toBe(false);
          }
        }
      ),
      { seed: 99, numRuns: 800 }
    );
    expect(infeasible).toBeGreaterThan(100);
  });
});
