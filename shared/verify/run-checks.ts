/**
 * The ordered checks of a bundle (docs/PROTOCOL.md §Checks, in order; the list and codes are in
 * shared/verify.ts), written once. Each check passes or throws a VerificationError with a stable
 * code, and is reported through onCheck as it finishes; checks that do not apply yet are reported
 * as skipped.
 *
 * They run over a CheckContext: what a check needs besides the bundle. verifyBundle (shared/verify.ts)
 * builds it from its options — the trusted keys, nothing remembered, every proof walked — and that
 * is the verifier every outside auditor runs. The audit builds its own (auditor/draw-verifier.ts) to
 * re-verify thousands of bundles of ONE log that it has checked itself: it remembers the checkpoint
 * and beacon verdicts between bundles, looks leaves up in the tree it rebuilt, and types the bundles
 * it assembled. Either way the same checks run in the same order, so they report the same codes.
 */
import { toHex } from '../bytes.js';
import { VerificationError } from '../errors.js';
import type { Hasher } from '../hash.js';
import { Bundle } from '../schemas/bundle.js';
import type { DrawResult } from '../schemas/draw-result.js';
import type { VerifiedBundle, VerifyCheck, VerifyCheckId } from '../verify.js';
import { checkBundleTimeLine, linesAfterChain } from './time-line.js';
import { readHistory, type DrawHistory } from './history.js';
import { refuseLateCancel } from './re-roll.js';
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
import { checkInclusion, type CheckedCheckpoint, type KnownTree } from './log-checks.js';
import { checkHistoryChain } from './history-chain.js';
import { checkWitnessPolicy, names, type ParsedWitnessPolicy } from './witness-policy.js';
import type { VerifiedCosignature } from '../cosignature.js';
import type { BeaconVerifyOptions } from '../drand.js';

export interface CheckContext {
  /**
   * The input is already a Bundle, built by the caller from values it validated itself (the audit:
   * each entry's envelope checked when it was read, the rest its own): the schema check is reported
   * as skipped. Never for a bundle read from outside: the checks rely on the schema's shapes.
   */
  typed: boolean;
  /** SHA-256 of the pool root, the announcement and seed hashes, the entries' leaves and proofs */
  hasher: Hasher;
  /** also re-simulate the fairness report (check 12) */
  checkFairness: boolean;
  /** check 2: log-checks.ts checkCheckpoint under the trusted keys, or a verdict it gave before */
  checkpoint(bundle: Bundle): CheckedCheckpoint;
  /** check 2a, only when the verifier holds a witness policy (./witness-policy.ts) */
  witnesses?: ParsedWitnessPolicy;
  /**
   * checks 8 and 8a: beacons and time lines whose BLS signature verified already (and where to add
   * the ones that do)
   */
  beacons?: BeaconMemo;
  /** checks 8 and 8a: a benchmark's drand key instead of the pinned one (shared/drand.ts BeaconVerifyOptions) */
  drand?: BeaconVerifyOptions;
  /** check 13: a tree the caller rebuilt and trusts (log-checks.ts checkInclusion) */
  tree?: KnownTree;
  /** check 13: the leaf hash of an input entry object, when the caller already has it */
  entryLeaf?(entry: object): Uint8Array | undefined;
}

/**
 * Runs every check on an attacker-controlled input (a Bundle already, with ctx.typed). Throws the
 * first failing check's VerificationError.
 */
export function runChecks(
  input: unknown,
  ctx: CheckContext,
  onCheck?: (check: VerifyCheck) => void
): VerifiedBundle {
  const checks: VerifyCheck[] = [];
  const report = (c: VerifyCheck) => {
    checks.push(c);
    onCheck?.(c);
  };
  const step = <T>(id: VerifyCheckId, fn: () => { detail: string; value: T }): T => {
    try {
      const { detail, value } = fn();
      report({ id, label: `verify.check.${id}`, ok: true, detail });
      return value;
    } catch (e) {
      if (e instanceof VerificationError)
        report({ id, label: `verify.check.${id}`, ok: false, detail: e.message, code: e.code });
      throw e;
    }
  };
  const skip = (id: VerifyCheckId, detail: string) =>
    report({ id, label: `verify.check.${id}`, ok: true, skipped: true, detail });

  let bundle: Bundle;
  if (ctx.typed) {
    bundle = input as Bundle;
    skip('schema', `bundle of draw ${bundle.drawId}, typed by the caller`);
  } else bundle = step('schema', () => parseBundle(input));

  const { checkpoint, verifiedBy } = step('checkpoint', () => {
    const v = ctx.checkpoint(bundle);
    return {
      detail: `size ${v.checkpoint.size}, signed by ${v.verifiedBy.join(', ')}`,
      value: v,
    };
  });

  let cosignedBy: VerifiedCosignature[] | undefined;
  const policy = ctx.witnesses;
  if (policy)
    cosignedBy = step('witnesses', () => {
      const value = checkWitnessPolicy(bundle.log.checkpoint, policy);
      return {
        detail: `cosigned by ${value.length} witnesses: ${names(value)} (${policy.threshold} required)`,
        value,
      };
    });

  const h: DrawHistory = step('entries', () => {
    const value = readHistory(bundle.drawId, bundle.entries);
    refuseLateCancel(bundle.drawId, bundle.entries);
    return { detail: `${bundle.entries.length} entries, up to ${value.last}`, value };
  });

  let seed: Uint8Array | null = null;
  let result: DrawResult | null = null;
  if (h.announced) {
    step('pool', () => ({ detail: checkPool(h, ctx.hasher), value: null }));
    step('announcement', () => ({ detail: checkAnnouncement(h, ctx.hasher), value: null }));
    step('commitments', () => ({ detail: checkCommitments(h), value: null }));
    step('reveals', () => ({ detail: checkReveals(h), value: null }));
    step('beacon', () => ({
      detail: checkBeacon(h, bundle.drand, ctx.beacons, ctx.drand),
      value: null,
    }));
  } else {
    for (const id of ['pool', 'announcement', 'commitments', 'reveals'] as const)
      skip(id, 'the draw was not announced');
    step('beacon', () => {
      if (bundle.drand !== null)
        throw new VerificationError('BEACON_CHAIN_MISMATCH', 'chain info for a draw not announced');
      return { detail: 'the draw was not announced', value: null };
    });
  }
  // check 8a, only for a checkpoint with lines after its chain line (a time line): without one it is
  // not reported, so verdicts on checkpoints from before time lines are those of before. After check
  // 8, so a changed draw.beacon entry is reported by the check that covers it
  if (linesAfterChain(checkpoint.extensions).length > 0)
    step('time', () => ({
      detail: checkBundleTimeLine(bundle, { checkpoint, verifiedBy }, ctx.beacons, ctx.drand),
      value: null,
    }));

  if (h.result) {
    const s = step('seed', () => {
      const value = checkSeed(h, ctx.hasher);
      return { detail: toHex(value), value };
    });
    seed = s;
    const drawn = step('selection', () => {
      const value = checkSelection(h, s, ctx.hasher);
      return { detail: `${value.steps.length} steps reproduced`, value };
    });
    result = step('replacements', () => ({
      detail: `${h.declined.length} decline(s) reproduced`,
      value: checkReplacements(h, drawn),
    }));
  } else {
    for (const id of ['seed', 'selection', 'replacements'] as const)
      skip(id, 'the draw has not run');
  }
  if (h.announced && ctx.checkFairness)
    step('fairness', () => ({ detail: checkFairness(h, ctx.hasher), value: null }));
  else skip('fairness', h.announced ? 'not requested' : 'the draw was not announced');

  // The schema has no transforms, so each parsed entry has its input object's content.
  const inputEntries = (input as { entries: { entry: object }[] }).entries;
  const { entryLeaf } = ctx;
  step('inclusion', () => {
    const { detail, leaves } = checkInclusion(bundle, checkpoint, {
      hasher: ctx.hasher,
      tree: ctx.tree,
      knownLeaf: entryLeaf && ((k) => entryLeaf(inputEntries[k]!.entry)),
    });
    // v2: the entries proven, none of the draw's is left out (check 3 said which entries must link)
    if (!h.chained || !h.announced) return { detail, value: null };
    const linked = checkHistoryChain(bundle, leaves, h.announced.index, ctx.hasher);
    return { detail: `${detail}; history complete (${linked} linked)`, value: null };
  });

  return {
    drawId: bundle.drawId,
    origin: bundle.log.origin,
    treeSize: checkpoint.size,
    rootHash: toHex(checkpoint.rootHash),
    verifiedBy,
    lastEvent: h.last,
    announcementHash: h.announced?.data.announcementHash ?? null,
    seed: seed ? toHex(seed) : null,
    result,
    history: h,
    checks,
    ...(cosignedBy ? { cosignedBy } : {}),
  };
}

/** Check 1: the input is a version 1 bundle (BUNDLE_MALFORMED names the first issue). */
function parseBundle(input: unknown): { detail: string; value: Bundle } {
  const r = Bundle.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new VerificationError(
      'BUNDLE_MALFORMED',
      `not a version 1 bundle: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`,
      {
        details: {
          issues: r.error.issues.map((x) => ({
            path: x.path.map(String).join('.'),
            message: x.message,
          })),
        },
      }
    );
  }
  return { detail: `bundle of draw ${r.data.drawId}`, value: r.data };
}
