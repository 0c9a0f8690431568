/**
 * The ordered checks 3–13 of a ceremony's bundle (docs/PROTOCOL.md §Ceremony bundles), run by
 * run-checks.ts after checks 1, 2 and 2a once the bundle's first entry names `lotIds`. Same ids,
 * order, codes and reporting as a single draw's: only what each check covers differs (./ceremony-checks.ts).
 */
import { toHex } from '../bytes.js';
import { VerificationError } from '../errors.js';
import type { Bundle } from '../schemas/bundle.js';
import type { VerifiedBundle, VerifyCheckId } from '../verify.js';
import type { VerifiedCosignature } from '../cosignature.js';
import { fact, type CheckFact } from './check-fact.js';
import { checkInclusion, type CheckedCheckpoint } from './log-checks.js';
import { checkHistoryChain } from './history-chain.js';
import { refuseLateCancel } from './re-roll.js';
import { checkBundleTimeLine, linesAfterChain } from './time-line.js';
import { readCeremonyHistory } from './ceremony-history.js';
import {
  checkCeremonyAnnouncement,
  checkCeremonyBeacon,
  checkCeremonyCommitments,
  checkCeremonyReveals,
  checkCeremonySeed,
  checkLotFairness,
  checkLotOutcomes,
  checkLotPools,
  checkLotReplacements,
  type VerifiedLot,
} from './ceremony-checks.js';
import type { CheckContext } from './run-checks.js';

type Done<T> = { detail: string; value: T; fact?: CheckFact; notApplicable?: true };
export interface Reporter {
  step<T>(id: VerifyCheckId, fn: () => Done<T>): T;
  skip(id: VerifyCheckId, detail: string, key: string, notApplicable?: boolean): void;
}

export function runCeremonyChecks(
  input: unknown,
  bundle: Bundle,
  ctx: CheckContext,
  r: Reporter,
  done: {
    checks: VerifiedBundle['checks'];
    checkpoint: CheckedCheckpoint['checkpoint'];
    verifiedBy: string[];
    cosignedBy?: VerifiedCosignature[];
  }
): VerifiedBundle {
  const { step, skip } = r;
  const h = step('entries', () => {
    const value = readCeremonyHistory(bundle.drawId, bundle.entries);
    refuseLateCancel(bundle.drawId, bundle.entries, ctx.entryNotBefore);
    const n = bundle.entries.length;
    return {
      detail: `${n} entries, up to ${value.last}`,
      value,
      fact: fact('verify.fact.entries', { n }),
    };
  });
  const k = h.created.data.lotIds.length;
  const lots: VerifiedLot[] = h.sealed.map((s) => ({
    lotId: s.data.lotId,
    announcementHash: s.data.announcementHash,
    lotSeed: null,
    result: null,
  }));
  let seed: Uint8Array | null = null;
  if (h.announced) {
    step('pool', () => ({
      detail: checkLotPools(h, ctx.hasher),
      value: null,
      fact: fact('verify.fact.ceremony.pool', { k }),
    }));
    const hash = step('announcement', () => {
      const value = checkCeremonyAnnouncement(h, ctx.hasher);
      return {
        detail: `${k} lots, ceremony hash ${value}`,
        value,
        fact: fact('verify.fact.ceremony.announcement', { k, hash: value }),
      };
    });
    const w = h.sealed[0]!.data.announcement.spec.witnesses.length;
    step('commitments', () => ({
      detail: checkCeremonyCommitments(h),
      value: null,
      fact: fact('verify.fact.commitments', { n: w }),
    }));
    step('reveals', () => ({
      detail: checkCeremonyReveals(h),
      value: null,
      fact: fact('verify.fact.reveals', { n: h.revealed.length, of: w }),
    }));
    step('beacon', () => {
      const detail = checkCeremonyBeacon(h, bundle.drand, ctx.beacons, ctx.drand);
      const b = h.beacon?.data;
      return b
        ? {
            detail,
            value: null,
            fact: fact('verify.fact.beacon', { round: String(b.round), randomness: b.randomness }),
          }
        : { detail, value: null, fact: fact('verify.na.beacon'), notApplicable: true as const };
    });
    void hash;
  } else {
    for (const id of ['pool', 'announcement', 'commitments', 'reveals'] as const)
      skip(id, 'the draw was not announced', 'verify.na.announced');
    step('beacon', () => {
      if (bundle.drand !== null)
        throw new VerificationError('BEACON_CHAIN_MISMATCH', 'chain info for a draw not announced');
      return {
        detail: 'the draw was not announced',
        value: null,
        fact: fact('verify.na.announced'),
        notApplicable: true,
      };
    });
  }
  if (linesAfterChain(done.checkpoint.extensions).length > 0)
    step('time', () => {
      const t = checkBundleTimeLine(
        bundle,
        { checkpoint: done.checkpoint, verifiedBy: done.verifiedBy },
        ctx.beacons,
        ctx.drand
      );
      return { detail: t.detail, value: null, fact: fact('verify.fact.time', { round: t.round }) };
    });

  if (h.result) {
    const result = h.result;
    seed = step('seed', () => {
      const value = checkCeremonySeed(h, ctx.hasher);
      return {
        detail: toHex(value),
        value,
        fact: fact('verify.fact.seed', { seed: toHex(value) }),
      };
    });
    const drawn = step('selection', () => {
      const value = checkLotOutcomes(h, ctx.hasher);
      return {
        detail: `${k} lots, ${value.steps} steps reproduced`,
        value: value.results,
        fact: fact('verify.fact.ceremony.selection', { k, n: value.steps }),
      };
    });
    const finals = step('replacements', () => ({
      detail: `${h.declined.length} decline(s) reproduced`,
      value: checkLotReplacements(h, drawn),
      fact: fact('verify.fact.replacements', { n: h.declined.length }),
    }));
    result.data.lots.forEach((l, i) => {
      lots[i] = { ...lots[i]!, lotSeed: l.lotSeed, result: finals[i]! };
    });
  } else
    for (const id of ['seed', 'selection', 'replacements'] as const)
      skip(id, 'the draw has not run', 'verify.na.run');
  if (h.announced && ctx.checkFairness)
    step('fairness', () => ({
      detail: checkLotFairness(h, ctx.hasher),
      value: null,
      fact: fact('verify.fact.fairness', { k: h.sealed[0]!.data.fairness.k }),
    }));
  else if (h.announced) skip('fairness', 'not requested', 'verify.skip.fairness', false);
  else skip('fairness', 'the draw was not announced', 'verify.na.announced');

  const inputEntries = (input as { entries: { entry: object }[] }).entries;
  const { entryLeaf } = ctx;
  step('inclusion', () => {
    const { detail, leaves } = checkInclusion(bundle, done.checkpoint, {
      hasher: ctx.hasher,
      tree: ctx.tree,
      knownLeaf: entryLeaf && ((i) => entryLeaf(inputEntries[i]!.entry)),
    });
    const n = bundle.entries.length;
    const first = h.sealed[0];
    if (!first)
      return {
        detail,
        value: null,
        fact: fact('verify.fact.inclusion', { n, size: done.checkpoint.size }),
      };
    const linked = checkHistoryChain(bundle, leaves, first.index, ctx.hasher);
    return {
      detail: `${detail}; history complete (${linked} linked)`,
      value: null,
      fact: fact('verify.fact.inclusion.history', { n, size: done.checkpoint.size, linked }),
    };
  });

  return {
    drawId: bundle.drawId,
    origin: bundle.log.origin,
    treeSize: done.checkpoint.size,
    rootHash: toHex(done.checkpoint.rootHash),
    verifiedBy: done.verifiedBy,
    lastEvent: h.last,
    announcementHash: h.announced?.data.ceremonyHash ?? null,
    seed: seed ? toHex(seed) : null,
    result: null,
    history: null,
    ceremony: { history: h, lots },
    checks: done.checks,
    ...(done.cosignedBy ? { cosignedBy: done.cosignedBy } : {}),
  };
}
