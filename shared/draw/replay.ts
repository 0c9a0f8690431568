/**
 * Re-runs a draw from its published inputs (docs/PROTOCOL.md §Replaying a draw): checks the pool
 * against the announced root, optionally verifies the drand round offline, checks every reveal,
 * derives the seed, runs the selection and applies the declines — each by the protocol's own
 * functions — and compares with expected values when they are given. Throws VerificationError when a
 * published value does not match what the inputs give.
 */
import { canonicalString } from '../canonical.js';
import { toHex } from '../bytes.js';
import { announcementHash } from '../announcement.js';
import { verifyBeacon } from '../drand.js';
import { VerificationError } from '../errors.js';
import { verifyPool } from '../pool.js';
import { buildSeedInput, deriveSeed } from '../seed.js';
import { drawEntropy } from './order.js';
import { replaceDecline } from './replace.js';
import { runDraw } from './run.js';
import type { DrawResult } from '../schemas/draw-result.js';
import type { DrawReplayInput } from '../schemas/draw-replay.js';
import type { SeedInput } from '../schemas/seed.js';

export interface Replay {
  announcementHash: string;
  /** true when a beacon round was given and its BLS signature verified */
  beaconVerified: boolean;
  /** null for method 'rfc3797', which draws from the sources directly */
  seedInput: SeedInput | null;
  seed: string | null;
  result: DrawResult;
}

function checkBeaconRound(input: DrawReplayInput): boolean {
  const round = input.beaconRound;
  if (!round) return false;
  const drand = input.announcement.spec.entropy.drand;
  if (!drand || round.chain !== drand.chain || round.round !== drand.round)
    throw new VerificationError('BEACON_MISMATCH', 'the beacon round is not the announced one');
  const { beacon } = verifyBeacon({ ...round });
  if (input.material.beacon?.randomness !== beacon.randomness)
    throw new VerificationError(
      'BEACON_MISMATCH',
      'the seed material does not use this round’s randomness'
    );
  return true;
}

export function replayDraw(input: DrawReplayInput): Replay {
  const { announcement: a, material } = input;
  const spec = a.spec;
  if (input.pool.length !== a.pool.size)
    throw new VerificationError(
      'POOL_SIZE_MISMATCH',
      `the pool has ${input.pool.length} entries, the announcement ${a.pool.size}`
    );
  verifyPool({ entries: input.pool, root: a.pool.root });
  const annHex = toHex(announcementHash(a));
  const beaconVerified = checkBeaconRound(input);

  let seedInput: SeedInput | null = null;
  let seed: string | null = null;
  let bytes: Uint8Array | null = null;
  if (spec.method === 'adal-v1') {
    seedInput = buildSeedInput(spec, annHex, material);
    bytes = deriveSeed(seedInput);
    seed = toHex(bytes);
  }
  const entropy = drawEntropy(spec, bytes, material.publicSources);
  let result = runDraw(spec, input.pool, entropy);
  for (const who of input.declines ?? [])
    result = replaceDecline(result, spec, input.pool, who).result;

  const exp = input.expected;
  if (exp?.seed !== undefined && exp.seed !== seed)
    throw new VerificationError('SEED_MISMATCH', `the inputs give seed ${seed}, not ${exp.seed}`);
  if (exp?.result !== undefined && canonicalString(exp.result) !== canonicalString(result)) {
    const n = result.steps.findIndex(
      (s, i) => canonicalString(s) !== canonicalString(exp.result!.steps[i])
    );
    const where = n >= 0 ? `step ${n + 1} differs` : 'the commission or reserves differ';
    throw new VerificationError('RESULT_MISMATCH', `the inputs give a different result: ${where}`);
  }
  return { announcementHash: annHex, beaconVerified, seedInput, seed, result };
}
