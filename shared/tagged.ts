/**
 * The bytes behind every domain-tagged hash (docs/PROTOCOL.md §Hashing):
 * tagged(tag, data) = UTF8("adal-draw/1/" + tag) || 0x00 || data, so taggedHash(tag, data) =
 * SHA-256(tagged(tag, data)). Used where the tagged bytes themselves are needed: Merkle leaves of the
 * pool and the RNG's reusable block buffer.
 */
import { concatBytes, utf8 } from './bytes.js';
import { DOMAIN_PREFIX } from './hash.js';

export function taggedBytes(tag: string, data: Uint8Array): Uint8Array {
  if (!/^[a-z0-9-]+$/.test(tag)) throw new RangeError(`invalid domain tag: ${tag}`);
  return concatBytes(utf8(DOMAIN_PREFIX + tag), new Uint8Array([0]), data);
}
