/**
 * Checks of the randomness and everything computed from it (docs/PROTOCOL.md §Checks, in order,
 * 8–12): the drand round against the pinned chain (offline BLS, shared/drand.ts), the seed
 * re-derived from the announcement hash and every published input (shared/seed.ts), the selection
 * re-run from the seed (shared/draw/run.ts), each decline's replacement re-run
 * (shared/draw/replace.ts) and, optionally, the fairness report re-simulated
 * (shared/draw/fairness.ts). Nothing is computed here that the protocol modules compute: this file
 * only feeds them the logged inputs and compares.
 */
import { fromHex, toHex } from '../bytes.js';
import { canonicalEqual, canonicalString } from '../canonical.js';
import { verifyBeacon, type BeaconVerifyOptions } from '../drand.js';
import { roundTime } from '../drand-chains.js';
import { bundleDrandChain } from '../bundle.js';
import { fairnessReport } from '../draw/fairness.js';
import { drawEntropy } from '../draw/order.js';
import { replaceDecline } from '../draw/replace.js';
import { runDraw } from '../draw/run.js';
import { AppError, VerificationError, type VerificationErrorCode } from '../errors.js';
import type { Hasher } from '../hash.js';
import { buildSeedInput, deriveSeed } from '../seed.js';
import type { BundleDrandChain } from '../schemas/bundle.js';
import type { DrawResult } from '../schemas/draw-result.js';
import type { PublishedSource } from '../schemas/seed.js';
import { firstDifference } from './diff.js';
import { resultDifference } from './result-diff.js';
import type { DrawHistory } from './history.js';

function fail(
  code: VerificationErrorCode,
  message: string,
  index: number,
  more: Record<string, unknown> = {}
): never {
  throw new VerificationError(code, message, { details: { index, ...more } });
}

/** Memo of beacons already verified in one run (the audit meets one round in many draws). */
export type BeaconMemo = Set<string>;

/** A logged beacon's key in a BeaconMemo: everything verifyBeacon reads of it. */
export function beaconMemoKey(d: {
  chain: string;
  round: number;
  signature: string;
  previousSignature?: string | undefined;
  randomness: string;
}): string {
  return canonicalString([
    d.chain,
    d.round,
    d.signature,
    d.previousSignature ?? null,
    d.randomness,
  ]);
}

/**
 * Check 8: the bundle's chain info is the pinned one of the announced chain; the logged round is the
 * announced round of that chain, produced after the announcement and the reveal deadline; its BLS
 * signature verifies offline and its randomness is SHA-256 of the signature.
 */
export function checkBeacon(
  h: DrawHistory,
  chain: BundleDrandChain | null,
  memo?: BeaconMemo,
  opts: BeaconVerifyOptions = {}
) {
  const a = h.announced!;
  const drand = a.data.announcement.spec.entropy.drand;
  const b = h.beacon;
  if (!drand) {
    if (chain !== null) fail('BEACON_CHAIN_MISMATCH', 'the draw names no drand chain', a.index);
    if (b)
      fail('BEACON_ROUND_MISMATCH', `entry ${b.index}: the draw names no drand round`, b.index);
    return 'the draw uses no drand round';
  }
  if (chain === null || !canonicalEqual(chain, bundleDrandChain(drand.chain)))
    fail('BEACON_CHAIN_MISMATCH', `the chain info is not the pinned ${drand.chain} chain`, a.index);
  const at = roundTime(drand.chain, drand.round) * 1000;
  const spec = a.data.announcement.spec;
  if (Date.parse(a.at) >= at || Date.parse(spec.revealDeadline) >= at)
    fail(
      'BEACON_ROUND_NOT_FUTURE',
      `entry ${a.index}: round ${drand.round} was not in the future at announcement and deadline`,
      a.index
    );
  if (!b) {
    if (h.result)
      fail('BEACON_MISSING', `round ${drand.round} is not in the bundle`, h.result.index);
    return `waiting for ${drand.chain} round ${drand.round}`;
  }
  const d = b.data;
  if (d.chain !== drand.chain || d.chainHash !== drand.chainHash || d.round !== drand.round)
    fail(
      'BEACON_ROUND_MISMATCH',
      `entry ${b.index}: ${d.chain} round ${d.round} is not the announced ${drand.chain} round ${drand.round}`,
      b.index
    );
  const key = beaconMemoKey(d);
  if (!memo?.has(key)) {
    try {
      verifyBeacon(d, opts);
    } catch (e) {
      if (e instanceof VerificationError) fail(e.code, `entry ${b.index}: ${e.message}`, b.index);
      throw e;
    }
    memo?.add(key);
  }
  return `${d.chain} round ${d.round}, randomness ${d.randomness}`;
}

/** Every published source value, each announced source at most once. */
function publishedSources(h: DrawHistory): PublishedSource[] {
  return h.publicSources.flatMap((e) => e.data.values);
}

/** Check 9: the seed input rebuilt from the logged inputs, and seed = taggedHash('seed', JCS(input)). */
export function checkSeed(h: DrawHistory, hasher: Hasher): Uint8Array {
  const r = h.result!;
  const a = h.announced!.data;
  const b = h.beacon?.data;
  let rebuilt;
  try {
    rebuilt = buildSeedInput(a.announcement.spec, a.announcementHash, {
      beacon: b ? { chainHash: b.chainHash, round: b.round, randomness: b.randomness } : null,
      publicSources: publishedSources(h),
      reveals: h.revealed.map((e) => ({ witnessId: e.data.witnessId, secret: e.data.secret })),
    });
  } catch (e) {
    if (e instanceof AppError)
      fail(
        'SEED_MISMATCH',
        `entry ${r.index}: the seed inputs are incomplete: ${e.message}`,
        r.index
      );
    throw e;
  }
  const where = firstDifference(rebuilt, r.data.seedInput);
  if (where !== null)
    fail(
      'SEED_MISMATCH',
      `entry ${r.index}: seedInput.${where} differs from the logged inputs`,
      r.index,
      { field: `seedInput.${where}` }
    );
  const seed = deriveSeed(rebuilt, hasher);
  if (toHex(seed) !== r.data.seed)
    fail('SEED_MISMATCH', `entry ${r.index}: the seed input hashes to ${toHex(seed)}`, r.index);
  return seed;
}

function compareResult(
  code: VerificationErrorCode,
  index: number,
  want: DrawResult,
  got: DrawResult
): void {
  // on failure, the same first difference as facts a reader can be told (./result-diff.ts)
  const diff = () => ({ diff: resultDifference(want, got) });
  const n = Math.min(want.steps.length, got.steps.length);
  for (let i = 0; i < n; i++) {
    const where = firstDifference(want.steps[i], got.steps[i]);
    if (where !== null)
      fail(code, `entry ${index}: step ${want.steps[i]!.n} differs (${where})`, index, diff());
  }
  const where = firstDifference(want, got);
  if (where !== null) fail(code, `entry ${index}: ${where} differs from the re-run`, index, diff());
}

/** Check 10: runDraw over the frozen pool with the seed (or RFC 3797 sources) gives the logged result. */
export function checkSelection(h: DrawHistory, seed: Uint8Array, hasher: Hasher): DrawResult {
  const r = h.result!;
  const { announcement, pool } = h.announced!.data;
  const spec = announcement.spec;
  let rerun: DrawResult;
  try {
    rerun = runDraw(spec, pool, drawEntropy(spec, seed, publishedSources(h)), hasher);
  } catch (e) {
    if (e instanceof AppError) fail('RESULT_MISMATCH', `entry ${r.index}: ${e.message}`, r.index);
    throw e;
  }
  compareResult('RESULT_MISMATCH', r.index, rerun, r.data.result);
  return rerun;
}

/** Check 11: each decline re-run from the result before it gives the logged steps and result. */
export function checkReplacements(h: DrawHistory, initial: DrawResult): DrawResult {
  const { announcement, pool } = h.announced!.data;
  let current = initial;
  for (const e of h.declined) {
    let rerun;
    try {
      rerun = replaceDecline(current, announcement.spec, pool, e.data.registryNo);
    } catch (err) {
      if (err instanceof AppError)
        fail('REPLACEMENT_MISMATCH', `entry ${e.index}: ${err.message}`, e.index);
      throw err;
    }
    compareResult('REPLACEMENT_MISMATCH', e.index, rerun.result, {
      ...e.data.result,
      // the logged steps of this decline are checked one by one first
      steps: [...current.steps, ...e.data.steps],
    });
    compareResult('REPLACEMENT_MISMATCH', e.index, rerun.result, e.data.result);
    current = rerun.result;
  }
  return current;
}

/** Check 12 (optional, costly): the fairness report re-simulated from the announcement hash. */
export function checkFairness(h: DrawHistory, hasher: Hasher): string {
  const a = h.announced!;
  const { announcement, announcementHash, pool, fairness } = a.data;
  let rerun;
  try {
    rerun = fairnessReport(announcement.spec, pool, fromHex(announcementHash), fairness.k, hasher);
  } catch (e) {
    if (e instanceof AppError) fail('FAIRNESS_MISMATCH', `entry ${a.index}: ${e.message}`, a.index);
    throw e;
  }
  const where = firstDifference(rerun, fairness);
  if (where !== null)
    fail(
      'FAIRNESS_MISMATCH',
      `entry ${a.index}: fairness.${where} differs from the re-simulation`,
      a.index
    );
  return `${fairness.k} simulated draws reproduced`;
}
