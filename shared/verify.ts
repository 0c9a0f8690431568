/**
 * verifyBundle (docs/PROTOCOL.md §Verification bundle): the one verifier of a draw's bundle, used
 * by `adal verify` and the browser verify page (`adal audit` runs the same checks on every draw, see
 * the end of this comment). It runs ordered checks in the style
 * of sigstore's Verifier.verify — each either passes or throws a VerificationError with a stable
 * code, and each is reported through onCheck as it finishes:
 *
 *   1 schema        BUNDLE_MALFORMED
 *   2 checkpoint    CHECKPOINT_MALFORMED, CHECKPOINT_KEY_UNKNOWN, CHECKPOINT_SIGNATURE_INVALID,
 *                   CHECKPOINT_ORIGIN_MISMATCH, CHECKPOINT_SIZE_MISMATCH, CHECKPOINT_KEY_MISMATCH
 *  2a witnesses     WITNESS_POLICY_UNMET (only when the verifier gives a witness policy: it is then
 *                   reported between 2 and 3; without one it is not reported at all, so verdicts
 *                   without a policy are those of before)
 *   3 entries       BUNDLE_ENTRIES_INVALID
 *   4 pool          POOL_NOT_CANONICAL, POOL_ROOT_MISMATCH
 *   5 announcement  ANNOUNCEMENT_HASH_MISMATCH
 *   6 commitments   COMMITMENT_MISMATCH
 *   7 reveals       REVEAL_MISMATCH, REVEAL_LATE, REVEAL_REJECTION_INVALID, REVEALS_MISSING_MISMATCH
 *   8 beacon        BEACON_CHAIN_MISMATCH, BEACON_ROUND_NOT_FUTURE, BEACON_MISSING,
 *                   BEACON_ROUND_MISMATCH, BEACON_SIGNATURE_INVALID, BEACON_RANDOMNESS_MISMATCH,
 *                   BEACON_MALFORMED, BEACON_PREVIOUS_SIGNATURE_REQUIRED/_UNEXPECTED
 *  8a time          CHECKPOINT_TIME_INVALID (only when the checkpoint has a line after its chain
 *                   line, a time line: the line's grammar, its drand quicknet round at least the
 *                   draw's own quicknet round if the checkpoint covers that entry, its BLS signature;
 *                   shared/verify/time-line.ts, the audit's rules. Without one it is not reported)
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
 * The sequence is written once, in shared/verify/run-checks.ts; the audit runs it too, in a context of
 * its own (auditor/draw-verifier.ts), so both report the same codes.
 */
import { InputError } from './errors.js';
import { nobleHasher, type Hasher } from './hash.js';
import type { DrawResult } from './schemas/draw-result.js';
import type { DrawHistory } from './verify/history.js';
import type { CeremonyHistory } from './verify/ceremony-history.js';
import type { VerifiedLot } from './verify/ceremony-checks.js';
import { checkCheckpoint, trustedVerifiers, type TrustedKey } from './verify/log-checks.js';
import { runChecks } from './verify/run-checks.js';
import { parseWitnessPolicy, type WitnessPolicy } from './verify/witness-policy.js';
import type { VerifiedCosignature } from './cosignature.js';
import type { CheckFact } from './verify/check-fact.js';

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
/** Check 2a, reported only under a witness policy (so not in VERIFY_CHECKS, the always-run list). */
export const WITNESS_CHECK = 'witnesses';
/** Check 8a, reported only for a checkpoint that carries a time line (so not in VERIFY_CHECKS). */
export const TIME_CHECK = 'time';
export type VerifyCheckId =
  (typeof VERIFY_CHECKS)[number] | typeof WITNESS_CHECK | typeof TIME_CHECK;

export interface VerifyCheck {
  id: VerifyCheckId;
  /** i18n key of the check's title: verify.check.<id> (shared/i18n) */
  label: string;
  ok: boolean;
  /** the check does not apply (yet), e.g. no selection before the draw ran */
  skipped?: boolean;
  /** one line: what was checked, or why it failed */
  detail: string;
  /** the failure's stable code */
  code?: string;
  /** the check does not apply to this draw (not announced, not run yet, no drand round named) */
  notApplicable?: boolean;
  /** `detail` as a catalogue message with its values, to tell it in the reader's language */
  fact?: CheckFact;
}

export interface VerifyOptions {
  /** keys that may sign the checkpoint (the log's published key, witnesses' keys) */
  trustedKeys: readonly TrustedKey[];
  /** also trust the bundle's own log.vkey — proves only that the bundle is self-consistent */
  trustBundleKey?: boolean;
  /** re-simulate the fairness report (K runs of the draw: slow for large K) */
  checkFairness?: boolean;
  /**
   * SHA-256 for the pool root, the announcement and seed hashes and the entries' leaves and proofs:
   * noble's by default (the draw's own re-run keeps noble's, shared/rng.ts). Any other is
   * the same function (createHasher checks it), only faster: node:crypto's in auditor/node-crypto.ts.
   */
  hasher?: Hasher;
  /** the verifier's witness policy (check 2a): K of these witnesses must have cosigned */
  witnessPolicy?: WitnessPolicy;
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
  /**
   * the verified entries, typed and grouped (for displays and the audit's table cross-check); null
   * for a ceremony, whose entries are in `ceremony`
   */
  history: DrawHistory | null;
  /** _(v3)_ a ceremony's verified entries and each lot's announcement hash, lot seed and result */
  ceremony?: { history: CeremonyHistory; lots: VerifiedLot[] };
  checks: VerifyCheck[];
  /** under a witness policy: the policy's witnesses whose cosignature verified */
  cosignedBy?: VerifiedCosignature[];
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
  const keys = trustedVerifiers(options.trustedKeys);
  const trustBundleKey = options.trustBundleKey === true;
  const witnesses = options.witnessPolicy && parseWitnessPolicy(options.witnessPolicy);
  if (keys.length === 0 && !options.trustBundleKey)
    throw new InputError('VERIFY_NO_KEY', 'no trusted key to check the checkpoint with');
  return runChecks(
    input,
    {
      typed: false,
      hasher: options.hasher ?? nobleHasher,
      checkFairness: options.checkFairness ?? false,
      checkpoint: (bundle) => checkCheckpoint(bundle, keys, trustBundleKey),
      ...(witnesses ? { witnesses } : {}),
    },
    onCheck
  );
}
