/**
 * An append-only RFC 6962 tree kept in memory as its complete (perfect, aligned) subtrees, level by
 * level, in flat byte buffers: level k holds the hash of every full block of 2^k leaves. That is the
 * compact-range idea taken to every level, so:
 *   - append is amortised O(1) hashes (it completes at most log n blocks),
 *   - MTH of any range — the root of any size, any proof's sibling — is O(log n) lookups and hashes,
 *   - truncate(size) is O(log n): a prefix of the blocks stays valid.
 * Proofs come from shared/merkle.ts's generators over `rangeHash`, so they cannot differ from the
 * array versions. Memory: about 64 bytes per leaf (100,000 leaves ≈ 6.4 MB). Pure: no I/O, no clock.
 * A tree hashes with the Hasher it was made with (noble's by default; the server's log and the audit
 * give theirs node:crypto's, auditor/node-crypto.ts).
 */
import { InputError } from './errors.js';
import { nobleHasher, type Hasher } from './hash.js';
import {
  HASH_SIZE,
  consistencyProofFrom,
  emptyRoot,
  inclusionProofFrom,
  nodeHash,
  splitPoint,
} from './merkle.js';

class Level {
  buf = new Uint8Array(HASH_SIZE * 64);
  count = 0;

  push(h: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf.set(h, this.count * HASH_SIZE);
    this.count++;
  }

  /** A copy, so callers can never alter the tree through a returned hash. */
  get(i: number): Uint8Array {
    return this.buf.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }

  /** A view without copying, for hashing inside this module only. */
  view(i: number): Uint8Array {
    return this.buf.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

export class MerkleTree {
  private readonly levels: Level[] = [new Level()];

  constructor(private readonly hasher: Hasher = nobleHasher) {}

  /** Builds a tree from leaf hashes in order. */
  static from(leafHashes: Iterable<Uint8Array>, hasher: Hasher = nobleHasher): MerkleTree {
    const t = new MerkleTree(hasher);
    for (const h of leafHashes) t.append(h);
    return t;
  }

  get size(): number {
    return this.levels[0]!.count;
  }

  /** Appends one leaf hash (already SHA-256(0x00 || data)); returns its 0-based index. */
  append(leafHash: Uint8Array): number {
    if (leafHash.length !== HASH_SIZE)
      throw new InputError('MERKLE_BAD_HASH', `leaf hash must be ${HASH_SIZE} bytes`);
    const index = this.size;
    let h = leafHash;
    for (let k = 0; ; k++) {
      const level = this.levels[k]!;
      level.push(h);
      if (level.count % 2 === 1) break;
      // The new hash completed a pair: its parent block is complete too.
      h = nodeHash(level.get(level.count - 2), h, this.hasher);
      if (this.levels.length === k + 1) this.levels.push(new Level());
    }
    return index;
  }

  /** Drops every leaf at or after `size` (used when a database transaction rolled back). */
  truncate(size: number): void {
    this.checkSize(size);
    for (let k = 0; k < this.levels.length; k++) this.levels[k]!.count = Math.floor(size / 2 ** k);
  }

  leaf(index: number): Uint8Array {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size)
      throw new InputError(
        'MERKLE_OUT_OF_RANGE',
        `leaf ${index} is not in a tree of size ${this.size}`
      );
    return this.levels[0]!.get(index);
  }

  /** MTH(D[start:end]) for 0 ≤ start < end ≤ size. */
  rangeHash(start: number, end: number): Uint8Array {
    this.checkSize(end);
    if (!Number.isSafeInteger(start) || start < 0 || start >= end)
      throw new InputError('MERKLE_OUT_OF_RANGE', `empty or reversed range ${start}..${end}`);
    return this.mth(start, end);
  }

  /** rangeHash without the checks; the proof generators only ask for ranges inside the tree. */
  private readonly mth = (start: number, end: number): Uint8Array => {
    const n = end - start;
    // A whole aligned block of 2^k leaves is stored.
    let k = 0;
    while (2 ** k < n) k++;
    if (2 ** k === n && start % n === 0) {
      const level = this.levels[k];
      if (level !== undefined && start / n < level.count) return level.get(start / n);
    }
    if (n === 1) return this.leaf(start);
    const split = splitPoint(n);
    return nodeHash(this.mth(start, start + split), this.mth(start + split, end), this.hasher);
  };

  /** The root of the first `size` leaves (default: all). */
  root(size = this.size): Uint8Array {
    this.checkSize(size);
    if (size === 0) return emptyRoot(this.hasher);
    return this.foldRightEdge(size);
  }

  /**
   * Root of the first `size` leaves from that prefix's right edge (its compact range): one stored
   * aligned block per set bit of the size, folded from the smallest (rightmost) up —
   * popcount(size) − 1 hashes and no other lookups. Every block of a prefix is complete, so stored.
   */
  private foldRightEdge(size: number): Uint8Array {
    let acc: Uint8Array | undefined;
    let blocks = size;
    for (let k = 0; blocks > 0; k++, blocks = Math.floor(blocks / 2)) {
      if (blocks % 2 === 0) continue;
      const h = this.levels[k]!.view(blocks - 1);
      acc = acc === undefined ? h.slice() : nodeHash(h, acc, this.hasher);
    }
    return acc!;
  }

  inclusionProof(index: number, size = this.size): Uint8Array[] {
    this.checkSize(size);
    return inclusionProofFrom(index, size, this.mth);
  }

  consistencyProof(oldSize: number, newSize = this.size): Uint8Array[] {
    this.checkSize(newSize);
    return consistencyProofFrom(oldSize, newSize, this.mth);
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size)
      throw new InputError('MERKLE_OUT_OF_RANGE', `size ${size} is beyond the tree (${this.size})`);
  }
}
