/**
 * Structured logs (pino). Nothing secret is logged on purpose: the request log line carries method,
 * path (no query), status, duration and user id, never headers or bodies. Redaction is the second
 * line of defence for secrets passed by mistake: passwords, hashes, cookies, session and CSRF tokens,
 * keys and personal data (docs/SECURITY.md).
 */
import { pino, type Logger } from 'pino';

const REDACT_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'passwordHash',
  '*.passwordHash',
  'ADMIN_PASSWORD',
  '*.ADMIN_PASSWORD',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
  'req.headers.authorization',
  'secret',
  '*.secret',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'cookie',
  '*.cookie',
  'privateKey',
  '*.privateKey',
  'skey',
  '*.skey',
  'iin',
  '*.iin',
  'phone',
  '*.phone',
  'email',
  '*.email',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const opts = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(opts, destination as never) : pino(opts);
}
