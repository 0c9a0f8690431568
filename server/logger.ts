/**
 * Structured logs (pino). Redaction removes anything secret that might reach a log line: passwords,
 * cookies, CSRF tokens, keys and personal data.
 */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
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
