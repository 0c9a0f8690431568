/**
 * The log's key file in a data folder: DATA_DIR/log-signing.key, in the Go sumdb private-key format of
 * c2sp.org/signed-note ("PRIVATE+KEY+<name>+<keyid>+base64(0x01 || seed)"). The server creates and
 * loads it (server/log/log-key.ts); `adal log key` and an audit without --key read its verifier key.
 * The file must be private (mode 0600) and its content is never echoed: it is the private key.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';
import { parseSignerKey } from '../shared/note.js';

export const LOG_KEY_FILE = 'log-signing.key';

/** A problem with the key file that stops the log (exit, never a request error). */
export class LogKeyError extends AppError<
  'LOG_KEY_MISSING' | 'LOG_KEY_INVALID' | 'LOG_KEY_PERMISSIONS' | 'LOG_KEY_NAME'
> {}

export function logKeyPath(dataDir: string): string {
  return join(dataDir, LOG_KEY_FILE);
}

export function readKeyText(dataDir: string): string {
  const file = logKeyPath(dataDir);
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new LogKeyError(
      'LOG_KEY_MISSING',
      `no log signing key at ${file} (the server creates one at first start)`
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new LogKeyError(
      'LOG_KEY_PERMISSIONS',
      `${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`
    );
  return readFileSync(file, 'utf8').trim();
}

export function parseKeyText(text: string, file: string): ReturnType<typeof parseSignerKey> {
  try {
    return parseSignerKey(text);
  } catch {
    // Never echo the file's content: it is the private key.
    throw new LogKeyError('LOG_KEY_INVALID', `${file} is not a signed-note private key`);
  }
}

/** The verifier key of an existing key file, without building a signer (adal log key). */
export function readVerifierKey(dataDir: string): string {
  return parseKeyText(readKeyText(dataDir), logKeyPath(dataDir)).vkey;
}
