/**
 * Typed errors with stable codes (sigstore error.ts style). Codes are SCREAMING_SNAKE and never change
 * meaning; UI text is looked up by code in shared/i18n. Each class takes a closed union of codes, so
 * tsc refuses a code nobody declared; a module whose codes form a contract of their own (drand,
 * signed notes, checkpoints, RFC 3797) declares them beside its code and the class union names them.
 * AppError itself is the generic base: an error class of an edge (LogError, LogKeyError, …) extends
 * it with a union of its own. The HTTP status of each class (and of each AuthError code) is
 * server/http/error-handler.ts's.
 */
import type { CheckpointErrorCode } from './checkpoint.js';
import type { BeaconErrorCode } from './drand-chains.js';
import type { NoteErrorCode } from './note.js';
import type { Rfc3797ErrorCode } from './rfc3797.js';

export class AppError<C extends string = string> extends Error {
  readonly code: C;
  readonly details?: unknown;
  constructor(code: C, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options?.details !== undefined) this.details = options.details;
  }
}

/** Bad input from outside (HTTP body, CSV row, CLI argument); details carry zod issues. */
export class InputError extends AppError<InputErrorCode> {}
/** A draw cannot proceed under its rules (infeasible quotas, wrong state, …). */
export class DrawError extends AppError<DrawErrorCode> {}
/** A published artefact does not verify. */
export class VerificationError extends AppError<VerificationErrorCode> {}
/** Authentication or authorization failure. */
export class AuthError extends AppError<AuthErrorCode> {}
/** A value cannot be canonically encoded. */
export class CanonicalError extends AppError<
  'CANONICAL_NUMBER' | 'CANONICAL_STRING' | 'CANONICAL_TYPE'
> {}
/** The requested thing does not exist. */
export class NotFoundError extends AppError<NotFoundErrorCode> {}
/** The request conflicts with current state (wrong lifecycle order, duplicate, …). */
export class ConflictError extends AppError<ConflictErrorCode> {}
/** An outside service the request depends on is unavailable or not ready yet (HTTP 503). */
export class UnavailableError extends AppError<UnavailableErrorCode> {}

export type InputErrorCode =
  // protocol inputs (shared/): signed notes and checkpoints, Merkle ranges, seed inputs, the draw
  | 'NOTE_BAD_KEY'
  | 'NOTE_BAD_KEY_NAME'
  | 'NOTE_BAD_SKEY'
  | 'NOTE_BAD_VKEY'
  | 'NOTE_MALFORMED'
  | 'CHECKPOINT_MALFORMED'
  | 'MERKLE_BAD_HASH'
  | 'MERKLE_OUT_OF_RANGE'
  | 'SECRET_MALFORMED'
  | 'REVEAL_DUPLICATE'
  | 'REVEAL_UNKNOWN_WITNESS'
  | 'SOURCE_DUPLICATE'
  | 'SOURCE_UNKNOWN'
  | 'BEACON_UNEXPECTED'
  | 'ENTROPY_MISMATCH'
  | 'NOT_IN_POOL'
  | 'POOL_DUPLICATE'
  | 'FAIRNESS_K'
  | 'COOLDOWN_INVALID'
  | 'DATE_INVALID'
  | 'DUPLICATE_REGISTRY_NO'
  // witness cosignatures and the add-checkpoint wire format (shared/cosignature.ts, add-checkpoint.ts)
  | 'COSIGNATURE_BAD_TIMESTAMP'
  | 'ADD_CHECKPOINT_MALFORMED'
  | Rfc3797ErrorCode
  // the caller's trusted keys for verifyBundle (shared/verify.ts)
  | 'VERIFY_KEY_INVALID'
  | 'VERIFY_NO_KEY'
  // the caller's witness policy (shared/verify/witness-policy.ts)
  | 'VERIFY_WITNESS_KEY_INVALID'
  | 'VERIFY_WITNESS_THRESHOLD_INVALID'
  // adal monitor (auditor/monitor/)
  | 'MONITOR_STATE_INVALID'
  | 'MONITOR_USAGE'
  // console requests (server/): bodies and queries, registry, lots, conflicts, accounts, draws
  | 'INVALID_INPUT'
  | 'DIRECTION_UNKNOWN'
  | 'COMPETITION_UNKNOWN'
  | 'EXPERT_UNKNOWN'
  | 'CONFLICT_KIND_UNKNOWN'
  | 'PERIOD_INVALID'
  | 'WRONG_PASSWORD'
  | 'WITNESS_ACCOUNT_INVALID'
  | 'DRAFT_INCOMPLETE'
  | 'CEREMONY_LOTS_INVALID'
  | 'REVEAL_DEADLINE_AFTER_ROUND'
  | 'PUBLIC_SOURCE_INVALID'
  | 'PUBLIC_SOURCE_UNDATED'
  | 'BEACON_MISMATCH'
  | 'BEACON_CHAIN_REQUIRED'
  | 'BEACON_PASTE_INVALID'
  // command-line usage and files (server/cli/, auditor/commands/)
  | 'FILE_UNREADABLE'
  | 'CSV_INVALID'
  | 'CSV_NOT_UTF8'
  | 'JSON_INVALID'
  | 'INPUT_INVALID'
  | 'BEACON_MALFORMED'
  | 'RFC3797_USAGE'
  | 'AUDIT_USAGE'
  | 'AUDIT_NO_KEY'
  | 'AUDIT_KEY_INVALID'
  | 'AUDIT_DB_UNREADABLE'
  | 'AUDIT_FETCH_FAILED'
  | 'AUDIT_SINCE_INVALID'
  | 'VERIFY_URL_SCHEME'
  | 'VERIFY_LANG_INVALID'
  | 'VERIFY_FETCH_FAILED'
  | 'VERIFY_READ_FAILED'
  | 'VERIFY_TOO_LARGE'
  | 'BUNDLE_NOT_JSON'
  | 'WITNESS_USAGE'
  | 'BACKUP_USAGE'
  | 'BACKUP_NO_KEY'
  | 'BACKUP_KEY_INVALID'
  | 'BACKUP_DB_UNREADABLE'
  | 'BACKUP_WRITE_FAILED';

export type DrawErrorCode =
  // the draw itself (shared/draw/, shared/seed.ts) and the live sequence (shared/api/)
  | 'INFEASIBLE'
  | 'SOURCE_MISSING'
  | 'BEACON_MISSING'
  | 'NOT_A_MEMBER'
  | 'LIVE_ENTRY_INVALID'
  | 'LIVE_INTERVAL_INVALID'
  // the lifecycle (server/draws/)
  | 'DRAW_INFEASIBLE'
  | 'DRAW_ROUND_NOT_FUTURE'
  | 'WITNESS_NOT_COMMITTED'
  | 'REVEAL_DEADLINE_PASSED'
  | 'REVEALS_STILL_OPEN'
  | 'BEACON_NOT_ANNOUNCED';

export type VerificationErrorCode =
  | BeaconErrorCode
  | NoteErrorCode
  | CheckpointErrorCode
  // the bundle's log (shared/verify/log-checks.ts, docs/PROTOCOL.md §Checks 1–3)
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_ENTRIES_INVALID'
  // a draw of a protocol version this verifier does not know (shared/verify/history.ts, §Versions)
  | 'SPEC_VERSION_UNKNOWN'
  | 'CHECKPOINT_KEY_UNKNOWN'
  | 'CHECKPOINT_KEY_MISMATCH'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_ORIGIN_MISMATCH'
  | 'CHECKPOINT_SIZE_MISMATCH'
  // the verifier's witness policy (shared/verify/witness-policy.ts, check 2a)
  | 'WITNESS_POLICY_UNMET'
  // the checkpoint's time line (shared/verify/time-line.ts, check 8a)
  | 'CHECKPOINT_TIME_INVALID'
  | 'INCLUSION_PROOF_INVALID'
  // (v2) an entry of the draw is left out of the bundle (shared/verify/history-chain.ts)
  | 'HISTORY_INCOMPLETE'
  // what was fixed before the randomness (shared/pool.ts, shared/seed.ts, checks 4–7)
  | 'POOL_NOT_CANONICAL'
  | 'POOL_ROOT_MISMATCH'
  | 'POOL_SIZE_MISMATCH'
  | 'ANNOUNCEMENT_HASH_MISMATCH'
  | 'COMMITMENT_MISMATCH'
  | 'REVEAL_MISMATCH'
  | 'REVEAL_LATE'
  | 'REVEAL_REJECTION_INVALID'
  | 'REVEALS_MISSING_MISMATCH'
  // the randomness and what follows from it (shared/draw/replay.ts, checks 8–12)
  | 'BEACON_MISSING'
  | 'BEACON_MISMATCH'
  | 'BEACON_CHAIN_MISMATCH'
  | 'BEACON_ROUND_NOT_FUTURE'
  | 'SEED_MISMATCH'
  // (v3) a ceremony's lots disagree on what they share (shared/ceremony.ts)
  | 'CEREMONY_INVALID'
  | 'RESULT_MISMATCH'
  | 'REPLACEMENT_MISMATCH'
  | 'FAIRNESS_MISMATCH'
  // a later attempt after a cancellation made once the seed could be known (shared/verify/re-roll.ts)
  | 'DRAW_RE_ROLLED'
  // (v4) a later attempt's bundle without the previous attempts its draw.created lists
  | 'PREVIOUS_ATTEMPTS_MISSING'
  // a drand relay's answer (server/draws/drand-relay.ts)
  | 'RELAY_CHAIN_MISMATCH';

export type AuthErrorCode =
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_DISABLED'
  | 'LOGIN_THROTTLED'
  | 'FORBIDDEN'
  | 'CSRF_TOKEN_INVALID'
  | 'CROSS_ORIGIN_REFUSED';

export type NotFoundErrorCode =
  | 'ACCOUNT_NOT_FOUND'
  | 'EXPERT_NOT_FOUND'
  | 'DIRECTION_NOT_FOUND'
  | 'COMPETITION_NOT_FOUND'
  | 'LOT_NOT_FOUND'
  | 'CONFLICT_KIND_NOT_FOUND'
  | 'DECLARATION_NOT_FOUND'
  | 'DRAW_NOT_FOUND'
  | 'LOT_NOT_IN_CEREMONY'
  | 'LOG_OUT_OF_RANGE'
  | 'LOG_NOT_WITNESSED';

export type ConflictErrorCode =
  // accounts, registry, lots and conflicts
  | 'USERNAME_TAKEN'
  | 'LAST_ADMIN'
  | 'REGISTRY_NO_TAKEN'
  | 'STATUS_TRANSITION_INVALID'
  | 'DIRECTION_TAKEN'
  | 'COMPETITION_CODE_TAKEN'
  | 'CONFLICT_KIND_TAKEN'
  // the draw lifecycle (docs/LIFECYCLE.md)
  | 'DRAW_STATE_CONFLICT'
  | 'LOT_HAS_ACTIVE_DRAW'
  | 'LOT_CLOSED'
  | 'CEREMONY_CLOSES_PER_LOT'
  | 'DRAW_CANCEL_TOO_LATE'
  | 'DRAW_SEED_PREDICTABLE'
  | 'PUBLIC_SOURCE_NOT_FUTURE'
  | 'PUBLIC_SOURCE_TOO_EARLY'
  | 'WITNESS_ALREADY_INVITED'
  | 'WITNESS_LIMIT'
  | 'ALREADY_REVEALED'
  | 'REVEAL_ATTEMPTS_EXCEEDED'
  | 'BEACON_ALREADY_RECEIVED';

/** The drand relay (server/draws/drand-relay.ts) is the one outside service a request waits on. */
export type UnavailableErrorCode =
  'BEACON_NOT_YET_AVAILABLE' | 'RELAY_UNAVAILABLE' | 'RELAY_BAD_RESPONSE';
