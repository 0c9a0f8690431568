/**
 * The bytes behind every domain-tagged hash (docs/PROTOCOL.md §Hashing):
 * tagged(tag, data) = UTF8("adal-draw/1/" + tag) || 0x00 || data, so taggedHash(tag, data) =
 * SHA-256(tagged(tag, data)). Used where the tagged bytes themselves are needed: Merkle leaves of the
 * pool and the RNG's reusable block buffer.
 */
import { concatBytes } from './bytes.js';
import { tagPrefix } from './hash.js';

export function taggedBytes(tag: string, data: Uint8Array): Uint8Array {
  return concatBytes(tagPrefix(tag), data);
}
