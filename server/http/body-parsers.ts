/**
 * Request body parsing: JSON up to `jsonLimit`, and CSV or plain text up to `textLimit` (registry
 * imports); JSON must be valid UTF-8 (a 400 otherwise). A request without a body (no Content-Length or Transfer-Encoding: every GET) skips both,
 * which is what body-parser would decide itself, one layer and two parser calls later.
 */
import express, { type RequestHandler } from 'express';
import { isUtf8 } from 'node:buffer';
import { InputError } from '../../shared/errors.js';

/**
 * A UTF-8 JSON body must be valid UTF-8: the decoder would silently turn bad bytes into U+FFFD, so a
 * mangled name would be stored as something nobody sent. 400 naming `body` instead.
 */
function verifyUtf8(_req: unknown, _res: unknown, buf: Buffer, encoding: string): void {
  if (encoding.toLowerCase().replace('-', '') === 'utf8' && !isUtf8(buf))
    throw new InputError('INVALID_INPUT', 'invalid body: body is not valid UTF-8', {
      details: { issues: [{ path: 'body', message: 'is not valid UTF-8' }] },
    });
}

export function bodyParsers(jsonLimit: string, textLimit: string): RequestHandler {
  const json = express.json({ limit: jsonLimit, verify: verifyUtf8 });
  // A CSV's bad bytes are reported by the CSV reader with their row (CSV_NOT_UTF8), so not here.
  const text = express.text({ type: ['text/csv', 'text/plain'], limit: textLimit });
  return (req, res, next) => {
    // type-is's hasBody, the test body-parser applies
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      !isNaN(Number(req.headers['content-length']));
    if (!hasBody) return next();
    json(req, res, (err?: unknown) => (err ? next(err) : text(req, res, next)));
  };
}
