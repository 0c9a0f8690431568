/**
 * verifyBundle (docs/PROTOCOL.md §Verification bundle): the one verifier of a draw's bundle, used
 * by `adal verify`, the browser verify page and `adal audit`. It runs ordered checks in the style
 * of sigstore's Verifier.verify — each either passes or throws a VerificationError with a stable
 * code, and each is reported through onCheck as it finishes:
 *
 *   1 schema        BUNDLE_MALFORMED
 *   2 checkpoint    CHECKPOINT_MALFORMED, CHECKPOINT_KEY_UNKNOWN, CHECKPOINT_SIGNATURE_INVALID,
 *                   CHECKPOINT_ORIGIN_MISMATCH, CHECKPOINT_SIZE_MISMATCH, CHECKPOINT_KEY_MISMATCH
 *   3 entries       BUNDLE_ENTRIES_INVALID
 *   4 pool          POOL_NOT_CANONICAL, POOL_ROOT_MISMATCH
 *   5 announcement  ANNOUNCEMENT_HASH_MISMATCH
 *   6 commitments   COMMITMENT_MISMATCH
 *   7 reveals       REVEAL_MISMATCH, REVEAL_LATE, REVEAL_REJECTION_INVALID, REVEALS_MISSING_MISMATCH
 *   8 beacon        BEACON_CHAIN_MISMATCH, BEACON_ROUND_NOT_FUTURE, BEACON_MISSING,
 *                   BEACON_ROUND_MISMATCH, BEACON_SIGNATURE_INVALID, BEACON_RANDOMNESS_MISMATCH,
 *                   BEACON_MALFORMED, BEACON_PREVIOUS_SIGNATURE_REQUIRED/_UNEXPECTED
 *   9 seed          SEED_MISMATCH
 *  10 selection     RESULT_MISMATCH (names the first differing step)
 *  11 replacements  REPLACEMENT_MISMATCH
 *  12 fairness      FAIRNESS_MISMATCH (only with checkFairness: it re-simulates K draws)
 *  13 inclusion     INCLUSION_PROOF_INVALID (names the entry's log index)
 *
 * The checkpoint is checked right after the schema (nothing else means anything without it); the
 * semantic checks come before inclusion, so a changed field is reported by the check that covers its
 * meaning rather than as "not in the log". Checks that do not apply yet (no result before the draw
 * ran) are reported as skipped. Pure: no I/O and no clock; trust material comes in as arguments.
 */
import { toHex } from './bytes.js';
import { InputError, VerificationError } from './errors.js';
import type { Checkpoint } from './checkpoint.js';
import { nobleHasher, type Hasher } from './hash.js';
import type { NoteVerifier } from './note.js';
import { Bundle } from './schemas/bundle.js';
import type { DrawResult } from './schemas/draw-result.js';
import { readHistory, type DrawHistory } from './verify/history.js';
import {
  checkAnnouncement,
  checkCommitments,
  checkPool,
  checkReveals,
} from './verify/announcement-checks.js';
import {
  checkBeacon,
  checkFairness,
  checkReplacements,
  checkSeed,
  checkSelection,
  type BeaconMemo,
} from './verify/outcome-checks.js';
import {
  checkCheckpoint,
  checkInclusion,
  trustedVerifiers,
  type KnownTree,
  type TrustedKey,
} from './verify/log-checks.js';

export const VERIFY_CHECKS = [
  'schema',
  'checkpoint',
  'entries',
  'pool',
  'announcement',
  'commitments',
  'reveals',
  'beacon',
  'seed',
  'selection',
  'replacements',
  'fairness',
  'inclusion',
] as const;
export type VerifyCheckId = (typeof VERIFY_CHECKS)[number];

export interface VerifyCheck {
  id: VerifyCheckId;
  /** i18n key of the check's title: verify.check.<id> (client/i18n) */
  label: string;
  ok: boolean;
  /** the check does not apply (yet), e.g. no selection before the draw ran */
  skipped?: boolean;
  /** one line: what was checked, or why it failed */
  detail: string;
  /** the failure's stable code */
  code?: string;
}

/** Work a caller may share between bundles verified with the SAME options (the audit). */
export interface VerifyMemo {
  beacons: BeaconMemo;
  checkpoints: Map<string, { checkpoint: Checkpoint; verifiedBy: string[] }>;
  /**
   * Leaf hashes of entry objects whose canonical bytes the caller itself hashed (the audit, which
   * checked each stored entry's hash, that its bytes are canonical text, and parsed it): an input
   * entry that is one of these objects is not encoded again by the inclusion check. By identity:
   * the objects must not change later.
   */
  entryLeaves: WeakMap<object, Uint8Array>;
}

export function createVerifyMemo(): VerifyMemo {
  return { beacons: new Set(), checkpoints: new Map(), entryLeaves: new WeakMap() };
}

export interface VerifyOptions {
  /** keys that may sign the checkpoint (the log's published key, witnesses' keys) */
  trustedKeys: readonly TrustedKey[];
  /** also trust the bundle's own log.vkey — proves only that the bundle is self-consistent */
  trustBundleKey?: boolean;
  /** re-simulate the fairness report (K runs of the draw: slow for large K) */
  checkFairness?: boolean;
  memo?: VerifyMemo;
  /**
   * SHA-256 for the pool root and the entries' leaves and proofs: noble's by default. Any other is
   * the same function (createHasher checks it), only faster: node:crypto's in auditor/node-crypto.ts.
   */
  hasher?: Hasher;
  /**
   * A tree the caller rebuilt from every leaf of the log and trusts (the audit): entries are then
   * looked up in it instead of walking their proofs, when its root matches the checkpoint.
   */
  knownTree?: KnownTree;
}

export interface VerifiedBundle {
  drawId: string;
  origin: string;
  treeSize: number;
  rootHash: string;
  /** name+keyid of each trusted key whose signature verified */
  verifiedBy: string[];
  /** the last logged event: how far the draw got */
  lastEvent: string;
  announcementHash: string | null;
  seed: string | null;
  /** after every replacement */
  result: DrawResult | null;
  /** the verified entries, typed and grouped (for displays and the audit's table cross-check) */
  history: DrawHistory;
  checks: VerifyCheck[];
}

/**
 * Verifies an attacker-controlled bundle. Throws VerificationError (first failing check, code as
 * above) or InputError VERIFY_NO_KEY / VERIFY_KEY_INVALID (the caller's options are unusable).
 */
export function verifyBundle(
  input: unknown,
  options: VerifyOptions,
  onCheck?: (check: VerifyCheck) => void
): VerifiedBundle {
  return verify(input, undefined, options, onCheck);
}

/**
 * verifyBundle for a bundle that is already a Bundle — one the caller assembled from values it
 * validated itself (the audit: each entry's envelope checked when it was read, the rest its own).
 * Every check but the schema runs; the schema check is reported as skipped. Never for a bundle read
 * from outside: the checks rely on the schema's shapes.
 */
export function verifyParsedBundle(
  bundle: Bundle,
  options: VerifyOptions,
  onCheck?: (check: VerifyCheck) => void
): VerifiedBundle {
  return verify(bundle, bundle, options, onCheck);
}

function verify(
  input: unknown,
  parsed: Bundle | undefined,
  options: VerifyOptions,
  onCheck?: (check: VerifyCheck) => void
): VerifiedBundle {
  const keys: NoteVerifier[] = trustedVerifiers(options.trustedKeys);
  const hasher = options.hasher ?? nobleHasher;
  if (keys.length === 0 && !options.trustBundleKey)
    throw new InputError('VERIFY_NO_KEY', 'no trusted key to check the checkpoint with');
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

  if (parsed) skip('schema', `bundle of draw ${parsed.drawId}, typed by the caller`);
  const bundle =
    parsed ??
    step('schema', () => {
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
    });

  const { checkpoint, verifiedBy } = step('checkpoint', () => {
    const memoKey = JSON.stringify(bundle.log);
    let v = options.memo?.checkpoints.get(memoKey);
    if (!v) {
      v = checkCheckpoint(bundle, keys, options.trustBundleKey === true);
      options.memo?.checkpoints.set(memoKey, v);
    }
    return {
      detail: `size ${v.checkpoint.size}, signed by ${v.verifiedBy.join(', ')}`,
      value: v,
    };
  });

  const h: DrawHistory = step('entries', () => {
    const value = readHistory(bundle.drawId, bundle.entries);
    return { detail: `${bundle.entries.length} entries, up to ${value.last}`, value };
  });

  let seed: Uint8Array | null = null;
  let result: DrawResult | null = null;
  if (h.announced) {
    step('pool', () => ({ detail: checkPool(h, hasher), value: null }));
    step('announcement', () => ({ detail: checkAnnouncement(h), value: null }));
    step('commitments', () => ({ detail: checkCommitments(h), value: null }));
    step('reveals', () => ({ detail: checkReveals(h), value: null }));
    step('beacon', () => ({
      detail: checkBeacon(h, bundle.drand, options.memo?.beacons),
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
  if (h.result) {
    const s = step('seed', () => {
      const value = checkSeed(h);
      return { detail: toHex(value), value };
    });
    seed = s;
    const drawn = step('selection', () => {
      const value = checkSelection(h, s);
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
  if (h.announced && options.checkFairness)
    step('fairness', () => ({ detail: checkFairness(h), value: null }));
  else skip('fairness', h.announced ? 'not requested' : 'the draw was not announced');

  // The schema has no transforms, so each parsed entry has its input object's content.
  const inputEntries = (input as { entries: { entry: object }[] }).entries;
  const knownLeaf =
    options.memo && ((k: number) => options.memo!.entryLeaves.get(inputEntries[k]!.entry));
  step('inclusion', () => ({
    detail: checkInclusion(bundle, checkpoint, { hasher, tree: options.knownTree, knownLeaf }),
    value: null,
  }));

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
  };
}
