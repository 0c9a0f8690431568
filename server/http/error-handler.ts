/**
 * Maps errors to HTTP answers `{ error: { code, message, issues? } }`. The most specific class is mapped
 * first (dockge's callbackError got this wrong). Unknown errors are logged and answered with INTERNAL,
 * never with their message (socket.io sanitizeErrorMessage).
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CodedIssue } from '../../shared/api/issue-codes.js';
import {
  AuthError,
  ConflictError,
  DrawError,
  InputError,
  NotFoundError,
  UnavailableError,
  VerificationError,
  type AuthErrorCode,
} from '../../shared/errors.js';

/** Codes the HTTP plumbing answers by itself, beside the typed errors' own. */
export type HttpErrorCode =
  // a zod error thrown by a handler
  | 'INVALID_INPUT'
  // body-parser's client errors
  | 'MALFORMED_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'BAD_REQUEST'
  // no API route (server/app.ts)
  | 'NOT_FOUND'
  // an operator route asked of a read-only edge (server/edge.ts): 421, the writer serves it
  | 'NOT_ON_EDGE'
  // a remote edge's writer did not answer a view it passes on (server/edge.ts): 502
  | 'UPSTREAM_UNAVAILABLE'
  // a heavy public route asked too often from one address (server/http/address-limit.ts): 429
  | 'RATE_LIMITED'
  // a registry import with problems, answered with its report (server/registry/experts.routes.ts)
  | 'CSV_INVALID'
  | 'INTERNAL';

/** The typed errors whose status this handler decides; any other error is INTERNAL. */
type MappedError =
  | InputError
  | AuthError
  | NotFoundError
  | ConflictError
  | DrawError
  | VerificationError
  | UnavailableError;

export interface ErrorBody {
  error: {
    code: MappedError['code'] | HttpErrorCode;
    message: string;
    issues?: { path: string; message: string }[];
    /** the issues of a request that failed its schema, as catalogue codes with values */
    issueCodes?: CodedIssue[];
  };
}

export function zodIssues(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The status of each AuthError code: 403 when we know who you are (or the request's origin) and
 * refuse, 429 when sign-ins are throttled, 401 otherwise. A new code must be given one here.
 */
const AUTH_STATUS: Record<AuthErrorCode, 401 | 403 | 429> = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 401,
  LOGIN_THROTTLED: 429,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  CROSS_ORIGIN_REFUSED: 403,
};

const isMapped = (e: unknown): e is MappedError =>
  e instanceof InputError ||
  e instanceof AuthError ||
  e instanceof NotFoundError ||
  e instanceof ConflictError ||
  e instanceof DrawError ||
  e instanceof VerificationError ||
  e instanceof UnavailableError;

/** The status for a typed error; AuthError codes decide between 401, 403 and 429. */
function statusOf(e: MappedError): number {
  if (e instanceof InputError) return 400;
  if (e instanceof AuthError) return AUTH_STATUS[e.code];
  if (e instanceof NotFoundError) return 404;
  if (e instanceof ConflictError) return 409;
  if (e instanceof DrawError) return 409;
  if (e instanceof VerificationError) return 422;
  return 503;
}

function errorBody(e: MappedError): ErrorBody {
  const body: ErrorBody = { error: { code: e.code, message: e.message } };
  const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)
    ?.issues;
  if (issues) body.error.issues = issues;
  const coded = (e.details as { issueCodes?: CodedIssue[] } | undefined)?.issueCodes;
  if (coded) body.error.issueCodes = coded;
  return body;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof z.ZodError) {
      res.status(400).json({
        error: { code: 'INVALID_INPUT', message: 'invalid input', issues: zodIssues(err) },
      } satisfies ErrorBody);
      return;
    }
    if (isMapped(err)) {
      const status = statusOf(err);
      // A 5xx never carries the error's code: an UnavailableError is answered INTERNAL here, so
      // the one route that can meet it (server/draws/draws.routes.ts) answers its 503 itself.
      if (status < 500) {
        const retry = (err.details as { retryAfterSeconds?: number } | undefined)
          ?.retryAfterSeconds;
        if (status === 429 && retry !== undefined) res.set('Retry-After', String(retry));
        res.status(status).json(errorBody(err));
        return;
      }
    }
    // body-parser errors carry a status and a type; they are client errors, not ours.
    const e = err as { status?: number; type?: string };
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      const code: HttpErrorCode =
        e.type === 'entity.too.large'
          ? 'PAYLOAD_TOO_LARGE'
          : e.type === 'entity.parse.failed'
            ? 'MALFORMED_JSON'
            : 'BAD_REQUEST';
      res.status(e.status).json({
        error: {
          code,
          message:
            code === 'MALFORMED_JSON'
              ? 'request body is not valid JSON'
              : code.toLowerCase().replace(/_/g, ' '),
        },
      });
      return;
    }
    log.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    res
      .status(500)
      .json({ error: { code: 'INTERNAL', message: 'internal error' } } satisfies ErrorBody);
  };
}
