/**
 * The fairness report (docs/PROTOCOL.md §Fairness report): before the seed exists, the draw's
 * commission phase is run over K seeds that anyone can derive from the announcement,
 *
 *   seed_k = taggedHash('fairness', announcementHash || uint32be(k)),  k = 0 … K−1,
 *
 * and each expert's count of seats is published as the integer fraction count/K with a percentage
 * string made by integer rounding. An expert whose estimate is below half of the uniform chance
 * size/n is flagged. The simulation uses the adal-v1 shuffle for either method: both give uniformly
 * random orders, and it is the rules walked over them that make chances unequal.
 */
import { concatBytes, toHex, uint32be } from '../bytes.js';
import { nobleHasher, taggedHash, type Hasher } from '../hash.js';
import { LazyShuffle } from '../rng.js';
import { compileRules } from './compile-rules.js';
import { walk } from './select.js';
import { DrawError, InputError } from '../errors.js';
import { findCompletion, wholePoolView } from './completion.js';
import type { DrawSpec } from '../schemas/draw-spec.js';
import type { PoolEntry } from '../schemas/pool.js';
import type { FairnessReport } from '../schemas/feasibility.js';

/** Default number of simulated draws: the standard error is at most 0.22 percentage points up to a 5% chance. */
export const FAIRNESS_K = 10000;

export function fairnessSeed(
  announcementHash: Uint8Array,
  k: number,
  hasher: Hasher = nobleHasher
): Uint8Array {
  return taggedHash('fairness', concatBytes(announcementHash, uint32be(k)), hasher);
}

/** 100·num/den as a percentage string with two decimals, rounded half up, in integer math. */
export function percentString(num: number, den: number): string {
  const hundredths = Math.floor((num * 20000 + den) / (2 * den));
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}%`;
}

/** Seat counts per pool index over K simulated draws (the raw material of the report). */
export function simulateSeats(
  spec: DrawSpec,
  entries: readonly PoolEntry[],
  announcementHash: Uint8Array,
  k: number,
  hasher: Hasher = nobleHasher
): Int32Array {
  const rules = compileRules(spec, entries);
  const counts = new Int32Array(entries.length);
  // One valid commission from the whole pool serves as every run's starting witness.
  const initial = findCompletion(rules, wholePoolView(rules));
  if (initial === null)
    throw new DrawError('INFEASIBLE', 'no commission from this pool satisfies the rules');
  for (let j = 0; j < k; j++) {
    const order = new LazyShuffle(
      fairnessSeed(announcementHash, j, hasher),
      entries.length,
      hasher
    );
    const w = walk(rules, () => order.next(), { reserves: false, record: false, initial });
    for (const m of w.commission) counts[m]!++;
  }
  return counts;
}

export function fairnessReport(
  spec: DrawSpec,
  entries: readonly PoolEntry[],
  announcementHash: Uint8Array,
  k = FAIRNESS_K,
  hasher: Hasher = nobleHasher
): FairnessReport {
  if (!Number.isSafeInteger(k) || k < 1 || k > 1_000_000)
    throw new InputError('FAIRNESS_K', 'K must be 1 … 1,000,000');
  const n = entries.length;
  const counts = simulateSeats(spec, entries, announcementHash, k, hasher);
  return {
    version: 1,
    announcementHash: toHex(announcementHash),
    k,
    poolSize: n,
    size: spec.size,
    uniformPercent: n === 0 ? '0.00%' : percentString(spec.size, n),
    entries: entries.map((e, i) => ({
      registryNo: e.registryNo,
      count: counts[i]!,
      percent: percentString(counts[i]!, k),
      flagged: 2 * counts[i]! * n < k * spec.size,
    })),
  };
}
