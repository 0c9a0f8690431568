/**
 * Re-runs a ceremony from its published inputs (docs/PROTOCOL.md §Replaying a ceremony): each lot
 * given in full has its pool checked against its announced root, and its announcement hashed; the
 * ceremony hash binds the lots' hashes in order; the one seed is derived from it and the shared
 * material; each full lot is drawn from its own lot seed and its declines applied — by the same
 * functions a single draw uses. A lot given only by its announcement hash is not drawn: that is how
 * one lot is checked alone, without the other lots' pools. Throws VerificationError when a published
 * value does not match what the inputs give.
 */
import { canonicalString } from '../canonical.js';
import { toHex } from '../bytes.js';
import { verifyBeacon } from '../drand.js';
import { VerificationError } from '../errors.js';
import { verifyPool } from '../pool.js';
import { buildSeedInput, deriveSeed } from '../seed.js';
import {
  ceremonyAnnouncement,
  ceremonyHash,
  checkCeremonyLots,
  lotAnnouncementHash,
  lotRules,
  lotSeed,
} from '../ceremony.js';
import { replaceDecline } from './replace.js';
import { runDraw } from './run.js';
import type { DrawResult } from '../schemas/draw-result.js';
import type { SeedInput } from '../schemas/seed.js';
import type { CeremonyReplayInput, LotReplay } from '../schemas/ceremony.js';

export interface LotReplayed {
  index: number;
  announcementHash: string;
  /** null for a lot given by its hash only */
  lotId: string | null;
  lotSeed: string | null;
  result: DrawResult | null;
}

export interface CeremonyReplay {
  ceremonyHash: string;
  beaconVerified: boolean;
  seedInput: SeedInput;
  seed: string;
  lots: LotReplayed[];
}

const isFull = (l: CeremonyReplayInput['lots'][number]): l is LotReplay => 'announcement' in l;

function checkBeaconRound(input: CeremonyReplayInput, spec: LotReplay['announcement']['spec']) {
  const round = input.beaconRound;
  if (!round) return false;
  const drand = spec.entropy.drand;
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

function firstDifference(result: DrawResult, expected: DrawResult): string {
  const n = result.steps.findIndex(
    (s, i) => canonicalString(s) !== canonicalString(expected.steps[i])
  );
  return n >= 0 ? `step ${n + 1} differs` : 'the commission or reserves differ';
}

/** Draws one full lot from the ceremony seed and compares with its expected values. */
function replayLot(lot: LotReplay, index: number, seed: Uint8Array): LotReplayed {
  const a = lot.announcement;
  const where = `lot ${index + 1} (${a.spec.lotId})`;
  const bytes = lotSeed(seed, index, a.spec.lotId);
  const rules = lotRules(a.spec);
  let result = runDraw(rules, lot.pool, bytes);
  for (const who of lot.declines ?? [])
    result = replaceDecline(result, rules, lot.pool, who).result;
  const hex = toHex(bytes);
  const exp = lot.expected;
  if (exp?.lotSeed !== undefined && exp.lotSeed !== hex)
    throw new VerificationError('SEED_MISMATCH', `${where}: the inputs give lot seed ${hex}`);
  if (exp?.result !== undefined && canonicalString(exp.result) !== canonicalString(result))
    throw new VerificationError(
      'RESULT_MISMATCH',
      `${where}: the inputs give a different result: ${firstDifference(result, exp.result)}`
    );
  return { index, announcementHash: '', lotId: a.spec.lotId, lotSeed: hex, result };
}

export function replayCeremony(input: CeremonyReplayInput): CeremonyReplay {
  const full = input.lots.flatMap((l, index) => (isFull(l) ? [{ index, ...l }] : []));
  const first = full[0];
  if (!first)
    throw new VerificationError(
      'CEREMONY_INVALID',
      'no lot is given in full: the seed input needs one lot’s spec'
    );
  checkCeremonyLots(input.drawId, full);
  const hashes = input.lots.map((l) => {
    if (!isFull(l)) return l.announcementHash;
    const a = l.announcement;
    if (l.pool.length !== a.pool.size)
      throw new VerificationError(
        'POOL_SIZE_MISMATCH',
        `lot ${a.spec.lotId}: the pool has ${l.pool.length} entries, the announcement ${a.pool.size}`
      );
    verifyPool({ entries: l.pool, root: a.pool.root });
    return toHex(lotAnnouncementHash(a));
  });
  const cHash = toHex(ceremonyHash(ceremonyAnnouncement(input.drawId, hashes)));
  const exp = input.expected;
  if (exp?.ceremonyHash !== undefined && exp.ceremonyHash !== cHash)
    throw new VerificationError(
      'ANNOUNCEMENT_HASH_MISMATCH',
      `the lots give ceremony hash ${cHash}, not ${exp.ceremonyHash}`
    );
  const spec = first.announcement.spec;
  const beaconVerified = checkBeaconRound(input, spec);
  const seedInput = buildSeedInput(lotRules(spec), cHash, input.material);
  const seed = deriveSeed(seedInput);
  if (exp?.seed !== undefined && exp.seed !== toHex(seed))
    throw new VerificationError('SEED_MISMATCH', `the inputs give seed ${toHex(seed)}`);
  const lots = input.lots.map((l, index): LotReplayed => {
    const announcementHash = hashes[index]!;
    if (!isFull(l)) return { index, announcementHash, lotId: null, lotSeed: null, result: null };
    return { ...replayLot(l, index, seed), announcementHash };
  });
  return { ceremonyHash: cHash, beaconVerified, seedInput, seed: toHex(seed), lots };
}
