/**
 * The sole importer of @noble/hashes. Domain-separated hashing for every protocol object
 * (docs/PROTOCOL.md §Hashing): taggedHash(tag, data) = SHA-256(UTF8("adal-draw/1/" + tag) || 0x00 || data).
 *
 * SHA-256 is noble's audited pure-JS code, everywhere and by default (the browser included). What
 * hashes a lot — the Merkle tree, leaf hashes, the pool root, the checkpoint chain — takes a Hasher
 * as an argument, so a caller with a faster SHA-256 passes it in (node:crypto, auditor/node-crypto.ts:
 * the server's log and the audit, which hashes ~100 MB). Nothing here can be swapped from outside:
 * a Hasher is a value, and createHasher refuses a function that differs from noble's on known
 * answers, so a faster implementation can never change a hash.
 */
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { concatBytes, equalBytes, utf8 } from './bytes.js';

/**
 * noble's SHA-256 as a hash object, for code that hands a hash to other noble code (RFC 9380
 * expand_message_xmd in shared/drand-batch.ts).
 */
export const nobleSha256Hash = nobleSha256;

/** Protocol version baked into every domain-separation tag. */
export const PROTOCOL_VERSION = 1;
export const DOMAIN_PREFIX = `adal-draw/${PROTOCOL_VERSION}/`;

/** A SHA-256 implementation: reads its input before returning, keeps no reference to it. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** SHA-256 of the concatenations protocol hashing is made of, without the caller concatenating. */
export interface Hasher {
  /** SHA-256(data) */
  sha256(data: Uint8Array): Uint8Array;
  /** SHA-256(a || b || c), c optional */
  sha256Concat(a: Uint8Array, b: Uint8Array, c?: Uint8Array): Uint8Array;
  /** SHA-256(prefix || UTF-8(text)) */
  sha256Text(prefix: Uint8Array, text: string): Uint8Array;
}

/** The default Hasher: noble's SHA-256 over freshly concatenated inputs. Stateless. */
export const nobleHasher: Hasher = Object.freeze({
  sha256: (data: Uint8Array) => nobleSha256(data),
  sha256Concat: (a: Uint8Array, b: Uint8Array, c?: Uint8Array) =>
    nobleSha256(c === undefined ? concatBytes(a, b) : concatBytes(a, b, c)),
  sha256Text: (prefix: Uint8Array, text: string) => nobleSha256(concatBytes(prefix, utf8(text))),
});

/** Inputs around SHA-256's block and padding boundaries, plus a bulk one. */
const KNOWN_LENGTHS = [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_000];

/** Inputs above this size are hashed from a fresh copy, so one huge input pins no huge buffer. */
const SCRATCH_MAX = 1 << 16;

const textEncoder = new TextEncoder();

/**
 * A Hasher over another SHA-256 implementation (e.g. node:crypto's), for callers that hash a lot:
 * it owns one input buffer that every concatenation is written into, so hashing a 65-byte Merkle
 * node or a short text allocates nothing but the digest (small typed arrays cost more than hashing
 * them; an audit makes over a million). Throws unless `sha256` equals noble's on every known answer.
 * `sha256` must read its input before returning and never call back into this Hasher (the input is
 * the shared buffer); node:crypto's does neither.
 */
export function createHasher(sha256: Sha256): Hasher {
  for (const n of KNOWN_LENGTHS) {
    const input = new Uint8Array(n);
    for (let i = 0; i < n; i++) input[i] = (i * 31 + 7) & 0xff;
    const got = sha256(input);
    if (!(got instanceof Uint8Array) || !equalBytes(got, nobleSha256(input)))
      throw new Error(`createHasher: the implementation differs from SHA-256 on ${n} bytes`);
  }
  let scratch = new Uint8Array(1024);
  const room = (n: number): Uint8Array => {
    if (n > scratch.length) scratch = new Uint8Array(Math.max(n, 2 * scratch.length));
    return scratch;
  };
  return {
    sha256,
    sha256Concat(a, b, c) {
      const n = a.length + b.length + (c === undefined ? 0 : c.length);
      if (n > SCRATCH_MAX)
        return sha256(c === undefined ? concatBytes(a, b) : concatBytes(a, b, c));
      const s = room(n);
      s.set(a, 0);
      s.set(b, a.length);
      if (c !== undefined) s.set(c, a.length + b.length);
      return sha256(s.subarray(0, n));
    },
    sha256Text(prefix, text) {
      // the text straight into the buffer: UTF-8 takes at most 3 bytes per UTF-16 unit
      const most = prefix.length + 3 * text.length;
      if (most > SCRATCH_MAX) return sha256(concatBytes(prefix, utf8(text)));
      const s = room(most);
      s.set(prefix, 0);
      const { written } = textEncoder.encodeInto(text, s.subarray(prefix.length));
      return sha256(s.subarray(0, prefix.length + written));
    },
  };
}

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
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

export function taggedHash(
  tag: string,
  data: Uint8Array,
  hasher: Hasher = nobleHasher
): Uint8Array {
  return hasher.sha256Concat(tagPrefix(tag), data);
}

/** taggedHash(tag, UTF-8(text)). */
export function taggedTextHash(
  tag: string,
  text: string,
  hasher: Hasher = nobleHasher
): Uint8Array {
  return hasher.sha256Text(tagPrefix(tag), text);
}
