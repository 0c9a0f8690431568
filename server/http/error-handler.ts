/**
 * Maps errors to HTTP answers `{ error: { code, message, issues? } }`. The most specific class is mapped
 * first (dockge's callbackError got this wrong). Unknown errors are logged and answered with INTERNAL,
 * never with their message (socket.io sanitizeErrorMessage).
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  AppError,
  AuthError,
  ConflictError,
  DrawError,
  InputError,
  NotFoundError,
  UnavailableError,
  VerificationError,
} from '../../shared/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

export function zodIssues(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** AuthError codes answered 403 (known who you are, or the request's origin, and refused); others 401. */
const FORBIDDEN_CODES = new Set(['FORBIDDEN', 'CSRF_TOKEN_INVALID', 'CROSS_ORIGIN_REFUSED']);

/** The status for a typed error; AuthError codes decide between 401 and 403. */
export function statusOf(e: AppError): number {
  if (e instanceof InputError) return 400;
  if (e instanceof AuthError) {
    if (e.code === 'LOGIN_THROTTLED') return 429;
    return FORBIDDEN_CODES.has(e.code) ? 403 : 401;
  }
  if (e instanceof NotFoundError) return 404;
  if (e instanceof ConflictError) return 409;
  if (e instanceof DrawError) return 409;
  if (e instanceof VerificationError) return 422;
  if (e instanceof UnavailableError) return 503;
  return 500;
}

export function errorBody(e: AppError): ErrorBody {
  const body: ErrorBody = { error: { code: e.code, message: e.message } };
  const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)
    ?.issues;
  if (issues) body.error.issues = issues;
  return body;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof z.ZodError) {
      res.status(400).json({
        error: { code: 'INVALID_INPUT', message: 'invalid input', issues: zodIssues(err) },
      });
      return;
    }
    if (err instanceof AppError) {
      const status = statusOf(err);
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
      const code =
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
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
  };
}
