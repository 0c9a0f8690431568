/**
 * node:crypto's SHA-256 (OpenSSL, with the CPU's SHA extensions where present) installed as the
 * SHA-256 of shared/ (shared/hash.ts useSha256 checks it against noble first). The server, the CLI
 * and the benches call this once at start; the browser keeps noble. The answer is a plain
 * Uint8Array view, so no Buffer semantics (e.g. a slice() that does not copy) reach shared/.
 */
import { hash } from 'node:crypto';
import { useSha256 } from '../shared/hash.js';

export function nativeSha256(data: Uint8Array): Uint8Array {
  const b = hash('sha256', data, 'buffer') as unknown as Buffer;
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

export function installNativeSha256(): void {
  useSha256(nativeSha256);
}
