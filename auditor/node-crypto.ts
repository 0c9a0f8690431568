/**
 * node:crypto's fast paths, for the Node code that hashes and verifies a lot: SHA-256 (OpenSSL, with
 * the CPU's SHA extensions where present) as a Hasher that the server's transparency log and the
 * audit pass to shared/ (the Merkle tree, leaf hashes, checkpoint roots and chain, the verifier), and
 * Ed25519 verification for the checkpoint signatures they check. shared/ keeps noble's SHA-256 by
 * default (the browser, any outside caller of verifyBundle); nothing is installed globally. The
 * digest is a plain Uint8Array, so no Buffer semantics (e.g. a slice() that does not copy) reach shared/.
 */
import { createPublicKey, hash, verify } from 'node:crypto';
import { createHasher, type Hasher } from '../shared/hash.js';

export function nativeSha256(data: Uint8Array): Uint8Array {
  // The digest as a 32-character binary string, copied into a 32-byte Uint8Array: V8 keeps such a
  // small array on its heap, where a 'buffer' digest costs a fresh off-heap ArrayBuffer — about
  // 1.1 µs a call against 0.4 µs (the audit makes over a million, mostly of 65-byte nodes).
  const digest = hash('sha256', data, 'binary'); // 'binary' is latin1: one char per byte
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = digest.charCodeAt(i);
  return out;
}

let hasher: Hasher | undefined;

/**
 * nativeSha256 as a Hasher: made on first use, once per thread (a worker thread makes its own), when
 * createHasher checks it against noble on known answers — an implementation that differs is refused
 * there, before it hashes anything.
 */
export function nodeHasher(): Hasher {
  return (hasher ??= createHasher(nativeSha256));
}

// The DER prefix that wraps a raw 32-byte Ed25519 public key for node:crypto (RFC 8410 SPKI).
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** Fast Ed25519 verification through node:crypto (the audit checks every stored checkpoint; the server its latest). */
export function nodeEd25519Verifier(publicKey: Uint8Array) {
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519, publicKey]),
    format: 'der',
    type: 'spki',
  });
  return (message: Uint8Array, signature: Uint8Array): boolean =>
    signature.length === 64 && verify(null, message, key, signature);
}
