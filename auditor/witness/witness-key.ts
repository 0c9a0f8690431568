/**
 * A witness's Ed25519 key file: one line in the Go sumdb private-key format of c2sp.org/signed-note,
 * "PRIVATE+KEY+<name>+<keyid>+base64(0x01 || 32-byte seed)" — the format our log's key uses
 * (server/log/log-key.ts) and transparency-dev's witness reads; the key ID in the file is the
 * signed-note (0x01) one. The same key cosigns as the tlog-cosignature cosigner of that name, whose
 * verifier key (type 0x04) is what a witness publishes. Created durably with mode 0600 if absent;
 * refused when others can read it; its content is never echoed.
 */
import { readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { AppError } from '../../shared/errors.js';
import { ed25519Cosigner, formatCosignerKey } from '../../shared/cosignature.js';
import {
  formatSignerKey,
  isValidKeyName,
  parseSignerKey,
  type NoteSigner,
} from '../../shared/note.js';
import { createFileDurably } from './durable-file.js';

export class WitnessKeyError extends AppError<
  'WITNESS_KEY_MISSING' | 'WITNESS_KEY_INVALID' | 'WITNESS_KEY_PERMISSIONS' | 'WITNESS_KEY_NAME'
> {}

export interface WitnessKey {
  /** the cosigner name (the key's name) */
  name: string;
  /** the cosigner verifier key to publish: name+keyid+base64(0x04||pubkey) */
  vkey: string;
  cosigner: NoteSigner;
}

function readKey(file: string): WitnessKey {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new WitnessKeyError(
      'WITNESS_KEY_MISSING',
      `no witness key at ${file}; give --name NAME to create one`
    );
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new WitnessKeyError(
      'WITNESS_KEY_PERMISSIONS',
      `${file} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`
    );
  let parsed: ReturnType<typeof parseSignerKey>;
  try {
    parsed = parseSignerKey(readFileSync(file, 'utf8').trim());
  } catch {
    // never echo the file's content: it is the private key
    throw new WitnessKeyError('WITNESS_KEY_INVALID', `${file} is not a signed-note private key`);
  }
  const { name, seed } = parsed;
  const key = {
    name,
    vkey: formatCosignerKey(name, ed25519.getPublicKey(seed)),
    cosigner: ed25519Cosigner(name, seed),
  };
  seed.fill(0);
  return key;
}

/**
 * Loads the key; creates it first when the file does not exist and `name` is given. A given name
 * must be the key's.
 */
export function loadOrCreateWitnessKey(
  file: string,
  name?: string
): { key: WitnessKey; created: boolean } {
  if (name !== undefined && !isValidKeyName(name))
    throw new WitnessKeyError(
      'WITNESS_KEY_NAME',
      `--name "${name}": a key name has no spaces and no "+" (e.g. witness.example.org/w1)`
    );
  let created = false;
  let exists = true;
  try {
    statSync(file);
  } catch {
    exists = false;
  }
  if (!exists && name !== undefined) {
    const seed = new Uint8Array(randomBytes(32));
    try {
      created = createFileDurably(file, formatSignerKey(name, seed) + '\n');
    } finally {
      seed.fill(0);
    }
  }
  const key = readKey(file);
  if (name !== undefined && key.name !== name)
    throw new WitnessKeyError(
      'WITNESS_KEY_NAME',
      `${file} is the key of "${key.name}", not "${name}"`
    );
  return { key, created };
}
