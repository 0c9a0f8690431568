/**
 * The monitor's memory of a tree (auditor/monitor/compact-range.ts): appending leaves to the right
 * edge gives the RFC 6962 root of every size, as the full tree does, and a range kept and restored
 * (what the state file holds) goes on the same way.
 */
import { describe, expect, it } from '@jest/globals';
import { toHex } from '../../../shared/bytes.js';
import { nobleHasher } from '../../../shared/hash.js';
import { leafHash, rootHash } from '../../../shared/merkle.js';
import { CompactRange } from '../../../auditor/monitor/compact-range.js';

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(new Uint8Array([i, i >> 8])));

describe('CompactRange', () => {
  it('does give the root of every size from 0 to 70, restored from its edge at each size', () => {
    let r = CompactRange.empty(nobleHasher);
    for (let n = 0; n <= leaves.length; n++) {
      expect([n, toHex(r.root())]).toEqual([n, toHex(rootHash(leaves.slice(0, n)))]);
      r = CompactRange.from(r.size, [...r.edge], nobleHasher);
      if (n < leaves.length) r.append(leaves[n]!);
    }
  });

  it('does refuse an edge that does not fit the size', () => {
    expect(() => CompactRange.from(5, leaves.slice(0, 1), nobleHasher)).toThrow(
      'a range of size 5 has 2 hashes'
    );
  });
});
