import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 } from '../../../shared/hash.js';
import { shuffleOrder } from '../../../shared/rng.js';
import { runDraw } from '../../../shared/draw/run.js';
import type { DrawSpec } from '../../../shared/schemas/draw-spec.js';
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

/** The walk exactly as docs/PROTOCOL.md §Selection and §Reserves define it, by brute force. */
function referenceWalk(spec: DrawSpec, entries: PoolEntry[], order: number[]) {
  const steps: { registryNo: string; outcome: string; rule?: string; position: number }[] = [];
  const members: PoolEntry[] = [];
  const reserves: PoolEntry[] = [];
  const quotaOnly = { ...spec, perOrganizationMax: undefined };
  for (let p = 0; p < order.length; p++) {
    if (members.length === spec.size && reserves.length === spec.reserves) break;
    const e = entries[order[p]!]!;
    const s = { registryNo: e.registryNo, position: p + 1 };
    if (members.length < spec.size) {
      const withE = [...members, e];
      if (!satisfies(quotaOnly, withE, false))
        steps.push({ ...s, outcome: 'skipped', rule: 'QUOTA_MAX' });
      else if (!satisfies(spec, withE, false))
        steps.push({ ...s, outcome: 'skipped', rule: 'ORG_LIMIT' });
      else if (
        bruteCompletion(
          spec,
          withE,
          order.slice(p + 1).map((i) => entries[i]!)
        )
      ) {
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

const seedOf = (k: number) => sha256(new Uint8Array([k & 255, (k >> 8) & 255, k >> 16]));

describe('the walk', () => {
  it('does take exactly the decisions of the brute-force reference on random small draws', () => {
    let skips = 0;
    fc.assert(
      fc.property(
        arbSmallSpec,
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
              position: s.position,
              ...(s.rule ? { rule: s.rule } : {}),
            }))
          ).toEqual(ref.steps);
          expect(got.commission).toEqual(ref.commission);
          expect(got.reserves).toEqual(ref.reserves);
          skips += ref.steps.filter((s) => s.outcome === 'skipped').length;
        }
      ),
      { seed: 424242, numRuns: 1500 }
    );
    expect(skips).toBeGreaterThan(500);
  });

  it('does record structured detail for each kind of skip', () => {
    const base = { languages: ['kk'], directions: ['youth'] };
    const entries: PoolEntry[] = [
      {
        ...base,
        registryNo: 'R-1',
        region: 'KZ-10',
        proposedBy: 'operator',
        gender: 'male',
        organizations: ['name:a'],
      },
      {
        ...base,
        registryNo: 'R-2',
        region: 'KZ-10',
        proposedBy: 'operator',
        gender: 'male',
        organizations: ['name:b'],
      },
      {
        ...base,
        registryNo: 'R-3',
        region: 'KZ-10',
        proposedBy: 'ngo',
        gender: 'male',
        organizations: ['name:a'],
      },
      {
        ...base,
        registryNo: 'R-4',
        region: 'KZ-10',
        proposedBy: 'ngo',
        gender: 'male',
        organizations: ['name:c'],
      },
      {
        ...base,
        registryNo: 'R-5',
        region: 'KZ-11',
        proposedBy: 'ngo',
        gender: 'female',
        organizations: ['name:d'],
      },
      {
        ...base,
        registryNo: 'R-6',
        region: 'KZ-11',
        proposedBy: 'ngo',
        gender: 'male',
        organizations: ['name:e'],
      },
    ];
    const spec = makeSpec({
      size: 3,
      reserves: 0,
      perOrganizationMax: 1,
      quotas: [
        { category: 'proposedBy', value: 'operator', max: 1 },
        { category: 'gender', value: 'female', min: 1 },
      ],
    });
    // Find a seed whose order meets all three skip rules, then check their details.
    for (let k = 0; k < 5000; k++) {
      const r = runDraw(spec, entries, seedOf(k));
      const byRule = new Map(r.steps.filter((s) => s.rule).map((s) => [s.rule, s]));
      if (!(
        byRule.has('QUOTA_MAX') &&
        byRule.has('ORG_LIMIT') &&
        byRule.has('NO_VALID_COMPLETION')
      ))
        continue;
      expect(byRule.get('QUOTA_MAX')!.detail).toEqual({
        quotas: [{ category: 'proposedBy', value: 'operator', count: 1, max: 1 }],
      });
      expect(byRule.get('ORG_LIMIT')!.detail).toEqual({
        organizations: [{ organization: 'name:a', count: 1, max: 1 }],
      });
      expect(byRule.get('NO_VALID_COMPLETION')!.detail).toEqual({
        openSeats: 0,
        unmet: [{ category: 'gender', value: 'female', need: 1, available: expect.any(Number) }],
      });
      return;
    }
    throw new Error('no seed among 5000 shows all three skip rules');
  });
});
