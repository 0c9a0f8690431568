/**
 * helmet's security headers (CSP, HSTS, COOP/CORP, nosniff, …), worked out once. With options that
 * hold no functions (no per-request CSP nonces) helmet writes the same headers on every response, so
 * its middleware runs once at start-up against a recorder and every response replays the recorded
 * writes: the same headers, values and order, without a chain of a dozen middlewares per request.
 */
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

const hasFunction = (v: unknown): boolean =>
  typeof v === 'function' ||
  (typeof v === 'object' && v !== null && Object.values(v).some(hasFunction));

/** A middleware writing what `helmet(options)` writes; options must not vary per request. */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  if (hasFunction(options))
    throw new Error('securityHeaders: helmet options with functions vary per request');
  const writes: [name: string, value: string | null][] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void writes.push([name, String(value)]),
    removeHeader: (name: string) => void writes.push([name, null]),
  };
  let finished = false;
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('securityHeaders: helmet did not finish at once');
  return (_req, res, next) => {
    for (const [name, value] of writes) {
      if (value === null) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
