/**
 * The sole importer of @noble/hashes. Domain-separated hashing for every protocol object
 * (docs/PROTOCOL.md §Hashing): taggedHash(tag, data) = SHA-256(UTF8("adal-draw/1/" + tag) || 0x00 || data).
 */
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { concatBytes, utf8 } from './bytes.js';

/** Protocol version baked into every domain-separation tag. */
export const PROTOCOL_VERSION = 1;
export const DOMAIN_PREFIX = `adal-draw/${PROTOCOL_VERSION}/`;

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

export function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  if (!/^[a-z0-9-]+$/.test(tag)) throw new RangeError(`invalid domain tag: ${tag}`);
  return sha256(concatBytes(utf8(DOMAIN_PREFIX + tag), new Uint8Array([0]), data));
}
