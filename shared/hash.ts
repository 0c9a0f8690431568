/**
 * The sole importer of @noble/hashes. Domain-separated hashing for every protocol object
 * (docs/PROTOCOL.md §Hashing): taggedHash(tag, data) = SHA-256(UTF8("adal-draw/1/" + tag) || 0x00 || data).
 *
 * SHA-256 runs on noble's audited pure-JS code everywhere (the browser included). An edge that has a
 * native SHA-256 (node:crypto on the server and the CLI, see auditor/node-crypto.ts) may install it
 * with useSha256: the same function, 5–10× faster on bulk data (the audit hashes ~100 MB). It is
 * checked against noble on known answers first, so an implementation that differs is refused and
 * can never change a hash.
 */
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { concatBytes, equalBytes, utf8 } from './bytes.js';

/** Protocol version baked into every domain-separation tag. */
export const PROTOCOL_VERSION = 1;
export const DOMAIN_PREFIX = `adal-draw/${PROTOCOL_VERSION}/`;

export type Sha256 = (data: Uint8Array) => Uint8Array;

let sha256Impl: Sha256 = nobleSha256;

/** Inputs around SHA-256's block and padding boundaries, plus a bulk one. */
const KNOWN_LENGTHS = [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_000];

/**
 * Installs another implementation of SHA-256 for everything in shared/ (not HMAC, which keeps
 * noble's). Throws (and keeps the current one) unless it equals noble's on every known answer.
 */
export function useSha256(fn: Sha256): void {
  for (const n of KNOWN_LENGTHS) {
    const input = new Uint8Array(n);
    for (let i = 0; i < n; i++) input[i] = (i * 31 + 7) & 0xff;
    const got = fn(input);
    if (!(got instanceof Uint8Array) || !equalBytes(got, nobleSha256(input)))
      throw new Error(`useSha256: the implementation differs from SHA-256 on ${n} bytes`);
  }
  sha256Impl = fn;
}

export function sha256(data: Uint8Array): Uint8Array {
  return sha256Impl(data);
}

export function sha512(data: Uint8Array): Uint8Array {
  return nobleSha512(data);
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  return nobleHmac(nobleSha256, key, data);
}

/** MD5 exists only for RFC 3797 compatibility; never use it for anything else. */
export function md5(data: Uint8Array): Uint8Array {
  return nobleMd5(data);
}

/** UTF8(DOMAIN_PREFIX + tag) || 0x00 per tag: the tags are a small fixed set, hashed very often. */
const tagPrefixes = new Map<string, Uint8Array>();

export function tagPrefix(tag: string): Uint8Array {
  let p = tagPrefixes.get(tag);
  if (p === undefined) {
    if (!/^[a-z0-9-]+$/.test(tag)) throw new RangeError(`invalid domain tag: ${tag}`);
    p = concatBytes(utf8(DOMAIN_PREFIX + tag), new Uint8Array([0]));
    tagPrefixes.set(tag, p);
  }
  return p;
}

export function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  return sha256(concatBytes(tagPrefix(tag), data));
}

const textEncoder = new TextEncoder();
/** Input buffer reused by sha256Text: sha256 reads its input before returning and keeps no reference. */
let textScratch = new Uint8Array(1024);

/**
 * SHA-256(prefix || UTF-8(text)), the text encoded straight into a reused buffer: hashing a short
 * text this way allocates nothing but the digest, where utf8() and concatBytes would each allocate
 * (small typed arrays cost more than hashing them; the audit hashes hundreds of thousands).
 */
export function sha256Text(prefix: Uint8Array, text: string): Uint8Array {
  const most = prefix.length + 3 * text.length; // UTF-8 takes at most 3 bytes per UTF-16 unit
  if (most > 1 << 16) return sha256(concatBytes(prefix, utf8(text))); // keep the buffer small
  if (most > textScratch.length)
    textScratch = new Uint8Array(Math.max(most, 2 * textScratch.length));
  textScratch.set(prefix, 0);
  const { written } = textEncoder.encodeInto(text, textScratch.subarray(prefix.length));
  return sha256(textScratch.subarray(0, prefix.length + written));
}

/** taggedHash(tag, UTF-8(text)). */
export function taggedTextHash(tag: string, text: string): Uint8Array {
  return sha256Text(tagPrefix(tag), text);
}
