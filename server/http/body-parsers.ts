/**
 * Request body parsing: JSON up to `jsonLimit`, and CSV or plain text up to `textLimit` (registry
 * imports). A request without a body (no Content-Length or Transfer-Encoding: every GET) skips both,
 * which is what body-parser would decide itself, one layer and two parser calls later.
 */
import express, { type RequestHandler } from 'express';

export function bodyParsers(jsonLimit: string, textLimit: string): RequestHandler {
  const json = express.json({ limit: jsonLimit });
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
