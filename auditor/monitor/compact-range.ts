/**
 * An RFC 6962 tree's right edge: the roots of its perfect subtrees, largest first (the "compact
 * range" of transparency-dev). It is all a monitor must keep to append leaves and compute the root
 * of every later size: 32 bytes per set bit of the size, about 20 hashes for a million entries.
 */
import type { Hasher } from '../../shared/hash.js';
import { emptyRoot, nodeHash } from '../../shared/merkle.js';

export class CompactRange {
  private constructor(
    private n: number,
    private readonly hashes: Uint8Array[],
    private readonly hasher: Hasher
  ) {}

  static empty(hasher: Hasher): CompactRange {
    return new CompactRange(0, [], hasher);
  }

  /** A range kept earlier; throws when the hash count does not match the size's set bits. */
  static from(size: number, hashes: Uint8Array[], hasher: Hasher): CompactRange {
    let bits = 0;
    for (let m = size; m > 0; m = Math.floor(m / 2)) bits += m % 2;
    if (bits !== hashes.length) throw new Error(`a range of size ${size} has ${bits} hashes`);
    return new CompactRange(size, hashes.slice(), hasher);
  }

  get size(): number {
    return this.n;
  }

  get edge(): readonly Uint8Array[] {
    return this.hashes;
  }

  append(leaf: Uint8Array): void {
    let h = leaf;
    // each trailing 1 bit of the old size is a subtree of the new leaf's size: merge them
    for (let m = this.n; m % 2 === 1; m = Math.floor(m / 2))
      h = nodeHash(this.hashes.pop()!, h, this.hasher);
    this.hashes.push(h);
    this.n++;
  }

  /** MTH of the whole range (RFC 6962 §2.1): the subtrees folded from the right. */
  root(): Uint8Array {
    if (this.hashes.length === 0) return emptyRoot(this.hasher);
    let r = this.hashes[this.hashes.length - 1]!;
    for (let i = this.hashes.length - 2; i >= 0; i--) r = nodeHash(this.hashes[i]!, r, this.hasher);
    return r;
  }
}
