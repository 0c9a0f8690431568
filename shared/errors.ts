/**
 * Typed errors with stable codes (sigstore error.ts style). Codes are SCREAMING_SNAKE and never change
 * meaning; UI text is looked up by code in client/i18n.
 */
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
export class InputError extends AppError<string> {}
/** A draw cannot proceed under its rules (infeasible quotas, wrong state, …). */
export class DrawError extends AppError<string> {}
/** A published artefact does not verify. */
export class VerificationError extends AppError<string> {}
/** Authentication or authorization failure. */
export class AuthError extends AppError<string> {}
/** A value cannot be canonically encoded. */
export class CanonicalError extends AppError<
  'CANONICAL_NUMBER' | 'CANONICAL_STRING' | 'CANONICAL_TYPE'
> {}
/** The requested thing does not exist. */
export class NotFoundError extends AppError<string> {}
/** The request conflicts with current state (wrong lifecycle order, duplicate, …). */
export class ConflictError extends AppError<string> {}
/** An outside service the request depends on is unavailable or not ready yet (HTTP 503). */
export class UnavailableError extends AppError<string> {}
