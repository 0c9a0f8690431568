/**
 * The log's Ed25519 signing key. Generated at first start into DATA_DIR/log-signing.key (mode 0600,
 * written to a temp file, fsynced, then linked into place so a crash never leaves half a key and two
 * starts never make two keys), in the Go sumdb private-key format of c2sp.org/signed-note:
 * "PRIVATE+KEY+<name>+<keyid>+base64(0x01 || seed)". The key's name is the log's origin.
 *
 * The seed never leaves this module: callers get a NoteSigner (a closure), the verifier key and
 * its parts. Signing uses node:crypto, which gives the same bytes as noble (Ed25519 is deterministic,
 * RFC 8032 §5.1.6; tests/server/log/log-key.test.ts checks it on the Go vector) at about 15× the speed,
 * which the log needs to sign a checkpoint per append.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { toHex } from '../../shared/bytes.js';
import { AppError } from '../../shared/errors.js';
import {
  formatSignerKey,
  keyId,
  parseSignerKey,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
} from '../../shared/note.js';

export const LOG_KEY_FILE = 'log-signing.key';

/** A problem with the key file that stops the log (exit, never a request error). */
export class LogKeyError extends AppError<
  'LOG_KEY_MISSING' | 'LOG_KEY_INVALID' | 'LOG_KEY_PERMISSIONS' | 'LOG_KEY_NAME'
> {}

export interface LogKey {
  /** key name = the log's origin */
  name: string;
  /** the verifier key to publish and pin: name+keyid+base64(0x01||pubkey) */
  vkey: string;
  verifier: NoteVerifier;
  signer: NoteSigner;
}

// DER prefixes that wrap a raw 32-byte Ed25519 key for node:crypto (RFC 8410 PKCS#8 and SPKI).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A NoteSigner over node:crypto's Ed25519; byte-identical to shared/note.ts ed25519Signer. */
export function nodeEd25519Signer(name: string, seed: Uint8Array): NoteSigner {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const pub = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(12);
  return {
    name,
    keyId: keyId(name, new Uint8Array(pub)),
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}

/** Fast Ed25519 verification for the server side (the audit checks every stored checkpoint). */
export function nodeEd25519Verifier(publicKey: Uint8Array) {
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return (message: Uint8Array, signature: Uint8Array): boolean =>
    signature.length === 64 && verify(null, message, key, signature);
}

export function logKeyPath(dataDir: string): string {
  return join(dataDir, LOG_KEY_FILE);
}

function readKeyText(dataDir: string): string {
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

function parseKeyText(text: string, file: string): ReturnType<typeof parseSignerKey> {
  try {
    return parseSignerKey(text);
  } catch {
    // Never echo the file's content: it is the private key.
    throw new LogKeyError('LOG_KEY_INVALID', `${file} is not a signed-note private key`);
  }
}

function toLogKey(name: string, seed: Uint8Array, vkey: string): LogKey {
  return { name, vkey, verifier: parseVerifierKey(vkey), signer: nodeEd25519Signer(name, seed) };
}

/** The verifier key of an existing key file, without building a signer (adal log key). */
export function readVerifierKey(dataDir: string): string {
  return parseKeyText(readKeyText(dataDir), logKeyPath(dataDir)).vkey;
}

/** Loads the key; its name must be the configured origin. */
export function loadLogKey(dataDir: string, origin: string): LogKey {
  const { name, seed, vkey } = parseKeyText(readKeyText(dataDir), logKeyPath(dataDir));
  if (name !== origin)
    throw new LogKeyError(
      'LOG_KEY_NAME',
      `${logKeyPath(dataDir)} signs for "${name}" but LOG_ORIGIN is "${origin}"`
    );
  return toLogKey(name, seed, vkey);
}

/** Writes a fresh key durably; false when another process got there first. */
function writeNewKey(dataDir: string, origin: string): boolean {
  const file = logKeyPath(dataDir);
  const tmp = `${file}.${process.pid}.${toHex(randomBytes(4))}.tmp`;
  const seed = new Uint8Array(randomBytes(32));
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, formatSignerKey(origin, seed) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
    seed.fill(0);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return true;
}

/** Loads the key, generating it first when the file does not exist yet. */
export function loadOrCreateLogKey(
  dataDir: string,
  origin: string
): { key: LogKey; created: boolean } {
  let created = false;
  try {
    statSync(logKeyPath(dataDir));
  } catch {
    created = writeNewKey(dataDir, origin);
  }
  return { key: loadLogKey(dataDir, origin), created };
}
