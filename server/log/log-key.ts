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
import { closeSync, fsyncSync, linkSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import { toHex } from '../../shared/bytes.js';
import { LogKeyError, logKeyPath, parseKeyText, readKeyText } from '../../auditor/log-key-file.js';
import {
  formatSignerKey,
  keyId,
  parseVerifierKey,
  type NoteSigner,
  type NoteVerifier,
} from '../../shared/note.js';

export interface LogKey {
  /** key name = the log's origin */
  name: string;
  /** the verifier key to publish and pin: name+keyid+base64(0x01||pubkey) */
  vkey: string;
  verifier: NoteVerifier;
  signer: NoteSigner;
}

// The DER prefix that wraps a raw 32-byte Ed25519 seed for node:crypto (RFC 8410 PKCS#8).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

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

function toLogKey(name: string, seed: Uint8Array, vkey: string): LogKey {
  return { name, vkey, verifier: parseVerifierKey(vkey), signer: nodeEd25519Signer(name, seed) };
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
