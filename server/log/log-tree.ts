/**
 * The log's in-memory Merkle tree, kept equal to the database. The database is the truth: sync()
 * compares the tree with the last stored leaf before every append or read, trims it when a caller's
 * transaction (or savepoint) rolled back, extends it when another connection appended, and rebuilds
 * it from the stored leaf hashes when its tail was rolled back AND replaced by another writer.
 * Costs one indexed query in the common case. The tree hashes with the Hasher it is given (the
 * log's: node:crypto's).
 */
import { equalBytes } from '../../shared/bytes.js';
import type { Hasher } from '../../shared/hash.js';
import { MerkleTree } from '../../shared/merkle-tree.js';
import type { Db } from '../../db/connection.js';
import { iterateLeafHashes, lastLeaf, leafHashAt } from '../../db/repos/log.repo.js';

export class SyncedTree {
  readonly tree: MerkleTree;

  constructor(
    private readonly db: Db,
    hasher: Hasher
  ) {
    this.tree = MerkleTree.from(iterateLeafHashes(db), hasher);
  }

  /** Aligns the tree with the database; returns the tree size. */
  sync(): number {
    const { db, tree } = this;
    const last = lastLeaf(db);
    const size = last ? last.index + 1 : 0;
    if (tree.size > size) tree.truncate(size);
    if (tree.size < size) {
      // Another connection appended: extend, unless our own tail was rolled back and replaced.
      const at = tree.size;
      const prev = at > 0 ? leafHashAt(db, at - 1) : undefined;
      if (prev && !equalBytes(prev, tree.leaf(at - 1))) tree.truncate(0);
      for (const h of iterateLeafHashes(db, tree.size, size)) tree.append(h);
    }
    if (last && !equalBytes(last.leafHash, tree.leaf(size - 1))) {
      tree.truncate(0);
      for (const h of iterateLeafHashes(db, 0, size)) tree.append(h);
    }
    return size;
  }
}
