/**
 * The checks of a ceremony's bundle (docs/PROTOCOL.md §Ceremony bundles, checks), after the schema,
 * the checkpoint and the witness policy: 3 the ceremony's entry order (./ceremony-history.ts) and the
 * no-re-roll rule; 4, 5, 10, 11 and 12 per lot — a lot's failure names it —; 5 also the ceremony
 * announcement and hash over the lots' hashes in order and the lots' shared parts; 6–9 once for the
 * ceremony, 9 with the ceremony hash and each lot's seed; 13 as for any bundle, with complete
 * histories from the first sealed lot.
 *
 * The per-lot and once-only checks are the single draw's own (./announcement-checks.ts,
 * ./outcome-checks.ts), fed a draw-shaped view: for a lot, its sealed announcement, pool, fairness,
 * result and declines; for the ceremony, the shared spec (any lot's, read by version 2's rules) with
 * the ceremony hash where a draw has its announcement hash. No check is written twice.
 */
import { fromHex, toHex } from '../bytes.js';
import { VerificationError } from '../errors.js';
import type { Hasher } from '../hash.js';
import {
  ceremonyAnnouncement,
  ceremonyHash,
  checkCeremonyLots,
  lotRules,
  lotSeed,
} from '../ceremony.js';
import type { BeaconVerifyOptions } from '../drand.js';
import type { Bundle } from '../schemas/bundle.js';
import type { DrawResult } from '../schemas/draw-result.js';
import type { CeremonyHistory } from './ceremony-history.js';
import type { DrawHistory } from './history.js';
import {
  checkAnnouncement,
  checkCommitments,
  checkPool,
  checkReveals,
} from './announcement-checks.js';
import {
  checkBeacon,
  checkFairness,
  checkReplacements,
  checkSeed,
  checkSelection,
  type BeaconMemo,
} from './outcome-checks.js';

/** One lot of a verified ceremony. */
export interface VerifiedLot {
  lotId: number;
  announcementHash: string;
  lotSeed: string | null;
  /** after every replacement */
  result: DrawResult | null;
}

/**
 * A lot as a draw's history: its sealed entry in the place of draw.announced (with its spec read by
 * the rules of version 2 when `rules`), the ceremony's result entry holding this lot's result, and
 * its declines. A view for the single draw's checks only.
 */
function lotView(h: CeremonyHistory, k: number, rules: boolean): DrawHistory {
  const s = h.sealed[k]!;
  const { announcement, announcementHash, pool, fairness } = s.data;
  const lotId = s.data.lotId;
  const r = h.result;
  const lot = r?.data.lots[k];
  return {
    drawId: h.drawId,
    announced: {
      index: s.index,
      at: s.at,
      data: {
        drawId: h.drawId,
        announcement: rules ? { ...announcement, spec: lotRules(announcement.spec) } : announcement,
        announcementHash,
        pool,
        fairness,
      },
    },
    result:
      r && lot
        ? {
            index: r.index,
            at: r.at,
            data: {
              drawId: h.drawId,
              seedInput: r.data.seedInput,
              seed: lot.lotSeed,
              result: lot.result,
            },
          }
        : undefined,
    declined: h.declined
      .filter((e) => e.data.lotId === lotId)
      .map((e) => ({ ...e, data: { ...e.data, lotId: undefined } })),
    publicSources: [],
  } as unknown as DrawHistory;
}

/**
 * The ceremony as a draw's history for the checks made once: the shared spec (lot 1's, read by
 * version 2's rules: entropy, witnesses and deadline are every lot's), the ceremony hash as the
 * announcement hash, the ceremony's announcement time; witnesses, reveals, beacon, sources, result.
 */
function sharedView(h: CeremonyHistory): DrawHistory {
  const a = h.announced!;
  const first = h.sealed[0]!.data;
  const r = h.result;
  return {
    drawId: h.drawId,
    invited: h.invited,
    committed: h.committed,
    announced: {
      index: a.index,
      at: a.at,
      data: {
        drawId: h.drawId,
        announcement: { ...first.announcement, spec: lotRules(first.announcement.spec) },
        announcementHash: a.data.ceremonyHash,
        pool: [],
        fairness: first.fairness,
      },
    },
    revealed: h.revealed,
    rejected: h.rejected,
    revealsClosed: h.revealsClosed,
    beacon: h.beacon,
    publicSources: h.publicSources,
    result: r && {
      index: r.index,
      at: r.at,
      data: { drawId: h.drawId, seedInput: r.data.seedInput, seed: r.data.seed },
    },
    declined: [],
  } as unknown as DrawHistory;
}

/** Runs `fn` for lot k; a VerificationError is re-thrown naming the lot (same code and details). */
function inLot<T>(h: CeremonyHistory, k: number, fn: () => T): T {
  const lotId = h.sealed[k]!.data.lotId;
  try {
    return fn();
  } catch (e) {
    if (e instanceof VerificationError)
      throw new VerificationError(e.code, `lot ${lotId}: ${e.message}`, {
        details: { ...(e.details as object | undefined), lotId },
      });
    throw e;
  }
}

/** Check 4, per lot. */
export function checkLotPools(h: CeremonyHistory, hasher: Hasher): string {
  h.sealed.forEach((_, k) => inLot(h, k, () => checkPool(lotView(h, k, false), hasher)));
  const n = h.sealed.reduce((sum, s) => sum + s.data.pool.length, 0);
  return `${h.sealed.length} lots, ${n} pool entries, every root as announced`;
}

/**
 * Check 5: each lot's announcement hash; the lots agree on what they share and are the ceremony's;
 * the ceremony announcement lists their hashes in broadcast order and hashes to ceremonyHash.
 */
export function checkCeremonyAnnouncement(h: CeremonyHistory, hasher: Hasher): string {
  h.sealed.forEach((_, k) => inLot(h, k, () => checkAnnouncement(lotView(h, k, false), hasher)));
  const a = h.announced!;
  try {
    checkCeremonyLots(
      h.drawId,
      h.sealed.map((s, index) => ({ index, announcement: s.data.announcement }))
    );
  } catch (e) {
    if (e instanceof VerificationError)
      throw new VerificationError(e.code, `entry ${a.index}: ${e.message}`, {
        details: { index: a.index },
      });
    throw e;
  }
  const want = ceremonyAnnouncement(
    h.drawId,
    h.sealed.map((s) => s.data.announcementHash)
  );
  if (JSON.stringify(want) !== JSON.stringify(a.data.ceremony))
    throw new VerificationError(
      'ANNOUNCEMENT_HASH_MISMATCH',
      `entry ${a.index}: the ceremony announcement does not list the sealed lots' hashes in order`,
      { details: { index: a.index } }
    );
  const hash = toHex(ceremonyHash(want, hasher));
  if (hash !== a.data.ceremonyHash)
    throw new VerificationError(
      'ANNOUNCEMENT_HASH_MISMATCH',
      `entry ${a.index}: the ceremony announcement hashes to ${hash}, not ${a.data.ceremonyHash}`,
      { details: { index: a.index } }
    );
  return hash;
}

/** Checks 6, 7 and 8, once for the ceremony. */
export function checkCeremonyCommitments(h: CeremonyHistory): string {
  return checkCommitments(sharedView(h));
}
export function checkCeremonyReveals(h: CeremonyHistory): string {
  return checkReveals(sharedView(h));
}
export function checkCeremonyBeacon(
  h: CeremonyHistory,
  chain: Bundle['drand'],
  memo?: BeaconMemo,
  opts?: BeaconVerifyOptions
): string {
  return checkBeacon(sharedView(h), chain, memo, opts);
}

/** Check 9: the one seed from the ceremony hash and the published inputs, then each lot's seed. */
export function checkCeremonySeed(h: CeremonyHistory, hasher: Hasher): Uint8Array {
  const seed = checkSeed(sharedView(h), hasher);
  const r = h.result!;
  r.data.lots.forEach((l, k) =>
    inLot(h, k, () => {
      const want = toHex(lotSeed(seed, k, String(l.lotId), hasher));
      if (want !== l.lotSeed)
        throw new VerificationError(
          'SEED_MISMATCH',
          `entry ${r.index}: the seed gives lot seed ${want}, not ${l.lotSeed}`,
          { details: { index: r.index, field: `lots.${k}.lotSeed` } }
        );
    })
  );
  return seed;
}

/** Checks 10 and 11, per lot: each lot's selection from its seed, then its declines. */
export function checkLotOutcomes(
  h: CeremonyHistory,
  hasher: Hasher
): { steps: number; results: DrawResult[] } {
  let steps = 0;
  const drawn = h.result!.data.lots.map((l, k) =>
    inLot(h, k, () => {
      const v = lotView(h, k, true);
      const rerun = checkSelection(v, fromHex(l.lotSeed), hasher);
      steps += rerun.steps.length;
      return rerun;
    })
  );
  return { steps, results: drawn };
}

export function checkLotReplacements(h: CeremonyHistory, drawn: DrawResult[]): DrawResult[] {
  return drawn.map((d, k) => inLot(h, k, () => checkReplacements(lotView(h, k, true), d)));
}

/** Check 12 (when asked), per lot. */
export function checkLotFairness(h: CeremonyHistory, hasher: Hasher): string {
  h.sealed.forEach((_, k) => inLot(h, k, () => checkFairness(lotView(h, k, true), hasher)));
  return `${h.sealed.length} lots' fairness reports reproduced`;
}
