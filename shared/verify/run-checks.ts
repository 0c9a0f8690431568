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
import { refuseLateCancel, type CancelBound } from './re-roll.js';
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
import { checkPreviousAttempts, checkPreviousInclusion } from './previous-attempts.js';
import { checkWitnessPolicy, names, type ParsedWitnessPolicy } from './witness-policy.js';
import type { VerifiedCosignature } from '../cosignature.js';
import type { BeaconVerifyOptions } from '../drand.js';
import { fact, failureFact, type CheckFact } from './check-fact.js';
import { opensCeremony } from '../schemas/ceremony-events.js';
import { runCeremonyChecks } from './run-ceremony-checks.js';

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
  /**
   * check 3 (no re-roll): a proven instant the log entry at `index` was not public before — the
   * time line of the first signed checkpoint holding it (./cancel-bound.ts), which only a caller
   * holding the log's checkpoints has (the audit). A bundle verifier has none.
   */
  entryNotBefore?(index: number): CancelBound | undefined;
  /**
   * check 3 (v4): the caller verifies every draw of the log itself (the audit), so a bundle it
   * assembled need not carry the previous attempts (./previous-attempts.ts).
   */
  previousAttemptsChecked?: boolean;
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
  type Done<T> = { detail: string; value: T; fact?: CheckFact; notApplicable?: true };
  const step = <T>(id: VerifyCheckId, fn: () => Done<T>): T => {
    try {
      const { detail, value, fact: f, notApplicable } = fn();
      const na = notApplicable ? { notApplicable } : {};
      report({
        id,
        label: `verify.check.${id}`,
        ok: true,
        detail,
        ...na,
        ...(f ? { fact: f } : {}),
      });
      return value;
    } catch (e) {
      if (e instanceof VerificationError)
        report({
          id,
          label: `verify.check.${id}`,
          ok: false,
          detail: e.message,
          code: e.code,
          ...withFact(failureFact(e)),
        });
      throw e;
    }
  };
  // not requested (fairness), or does not apply to this draw yet (notApplicable)
  const skip = (id: VerifyCheckId, detail: string, key: string, notApplicable = true) =>
    report({
      id,
      label: `verify.check.${id}`,
      ok: true,
      skipped: true,
      detail,
      fact: fact(key),
      ...(notApplicable ? { notApplicable } : {}),
    });

  let bundle: Bundle;
  if (ctx.typed) {
    bundle = input as Bundle;
    skip(
      'schema',
      `bundle of draw ${bundle.drawId}, typed by the caller`,
      'verify.skip.typed',
      false
    );
  } else bundle = step('schema', () => parseBundle(input));

  const { checkpoint, verifiedBy } = step('checkpoint', () => {
    const v = ctx.checkpoint(bundle);
    const signers = v.verifiedBy.join(', ');
    return {
      detail: `size ${v.checkpoint.size}, signed by ${signers}`,
      value: v,
      fact: fact('verify.fact.checkpoint', { size: v.checkpoint.size, signers }),
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
        fact: fact('verify.fact.witnesses', {
          n: value.length,
          names: names(value),
          threshold: policy.threshold,
        }),
      };
    });

  // a ceremony (docs/PROTOCOL.md §Ceremony bundles): checks 3–13 of its own kind
  if (opensCeremony(bundle.entries[0]?.entry.data))
    return runCeremonyChecks(
      input,
      bundle,
      ctx,
      { step, skip },
      { checks, checkpoint, verifiedBy, ...(cosignedBy ? { cosignedBy } : {}) }
    );

  const { h, previous } = step('entries', () => {
    const value = readHistory(bundle.drawId, bundle.entries);
    refuseLateCancel(bundle.drawId, bundle.entries, ctx.entryNotBefore);
    const before = checkPreviousAttempts(bundle, value, ctx.previousAttemptsChecked !== true);
    const also = before.length ? `; ${before.length} previous attempt(s), none re-rolled` : '';
    const n = bundle.entries.length;
    return {
      detail: `${n} entries, up to ${value.last}${also}`,
      value: { h: value, previous: before },
      fact: before.length
        ? fact('verify.fact.entries.previous', { n, p: before.length })
        : fact('verify.fact.entries', { n }),
    };
  });

  let seed: Uint8Array | null = null;
  let result: DrawResult | null = null;
  if (h.announced) {
    const { announcement, announcementHash } = h.announced.data;
    const { pool, spec } = announcement;
    step('pool', () => ({
      detail: checkPool(h, ctx.hasher),
      value: null,
      fact: fact('verify.fact.pool', { n: pool.size, root: pool.root }),
    }));
    step('announcement', () => ({
      detail: checkAnnouncement(h, ctx.hasher),
      value: null,
      fact: fact('verify.fact.announcement', { hash: announcementHash }),
    }));
    step('commitments', () => ({
      detail: checkCommitments(h),
      value: null,
      fact: fact('verify.fact.commitments', { n: spec.witnesses.length }),
    }));
    step('reveals', () => ({
      detail: checkReveals(h),
      value: null,
      fact: fact('verify.fact.reveals', { n: h.revealed.length, of: spec.witnesses.length }),
    }));
    step('beacon', () => beaconDone(h, checkBeacon(h, bundle.drand, ctx.beacons, ctx.drand)));
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
  // check 8a, only for a checkpoint with lines after its chain line (a time line): without one it is
  // not reported, so verdicts on checkpoints from before time lines are those of before. After check
  // 8, so a changed draw.beacon entry is reported by the check that covers it
  if (linesAfterChain(checkpoint.extensions).length > 0)
    step('time', () => {
      const t = checkBundleTimeLine(bundle, { checkpoint, verifiedBy }, ctx.beacons, ctx.drand);
      return {
        detail: t.detail,
        value: null,
        fact: fact('verify.fact.time', { round: t.round }),
      };
    });

  if (h.result) {
    const s = step('seed', () => {
      const value = checkSeed(h, ctx.hasher);
      return {
        detail: toHex(value),
        value,
        fact: fact('verify.fact.seed', { seed: toHex(value) }),
      };
    });
    seed = s;
    const drawn = step('selection', () => {
      const value = checkSelection(h, s, ctx.hasher);
      return {
        detail: `${value.steps.length} steps reproduced`,
        value,
        fact: fact('verify.fact.selection', { n: value.steps.length }),
      };
    });
    result = step('replacements', () => ({
      detail: `${h.declined.length} decline(s) reproduced`,
      value: checkReplacements(h, drawn),
      fact: fact('verify.fact.replacements', { n: h.declined.length }),
    }));
  } else {
    for (const id of ['seed', 'selection', 'replacements'] as const)
      skip(id, 'the draw has not run', 'verify.na.run');
  }
  if (h.announced && ctx.checkFairness)
    step('fairness', () => ({
      detail: checkFairness(h, ctx.hasher),
      value: null,
      fact: fact('verify.fact.fairness', { k: h.announced!.data.fairness.k }),
    }));
  else if (h.announced) skip('fairness', 'not requested', 'verify.skip.fairness', false);
  else skip('fairness', 'the draw was not announced', 'verify.na.announced');

  // The schema has no transforms, so each parsed entry has its input object's content.
  const inputEntries = (input as { entries: { entry: object }[] }).entries;
  const { entryLeaf } = ctx;
  step('inclusion', () => {
    const { detail, leaves } = checkInclusion(bundle, checkpoint, {
      hasher: ctx.hasher,
      tree: ctx.tree,
      knownLeaf: entryLeaf && ((k) => entryLeaf(inputEntries[k]!.entry)),
    });
    // v4: the previous attempts' entries too, under the same checkpoint
    const more = previous.length
      ? `; ${checkPreviousInclusion(bundle, previous, checkpoint, { hasher: ctx.hasher, tree: ctx.tree })} entries of previous attempts`
      : '';
    // v2: the entries proven, none of the draw's is left out (check 3 said which entries must link)
    const n = bundle.entries.length;
    if (!h.chained || !h.announced)
      return {
        detail: detail + more,
        value: null,
        fact: fact('verify.fact.inclusion', { n, size: checkpoint.size }),
      };
    const linked = checkHistoryChain(bundle, leaves, h.announced.index, ctx.hasher);
    return {
      detail: `${detail}; history complete (${linked} linked)${more}`,
      value: null,
      fact: fact('verify.fact.inclusion.history', { n, size: checkpoint.size, linked }),
    };
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

const withFact = (f: CheckFact | undefined) => (f ? { fact: f } : {});

/**
 * Check 8's fact: the verified round, the round still awaited, or — for a draw that names no drand
 * round — that the check does not apply (it still passed: no beacon and no chain info in the file).
 */
function beaconDone(h: DrawHistory, detail: string) {
  const drand = h.announced!.data.announcement.spec.entropy.drand;
  const b = h.beacon?.data;
  if (!drand)
    return { detail, value: null, fact: fact('verify.na.beacon'), notApplicable: true as const };
  if (!b)
    return {
      detail,
      value: null,
      fact: fact('verify.fact.beacon.waiting', { round: String(drand.round) }),
    };
  return {
    detail,
    value: null,
    fact: fact('verify.fact.beacon', { round: String(b.round), randomness: b.randomness }),
  };
}
