import { describe, expect, it } from '@jest/globals';
import { fromHex, toHex, utf8 } from '../../shared/bytes.js';
import { InputError } from '../../shared/errors.js';
import { createHasher } from '../../shared/hash.js';
import { MerkleTree } from '../../shared/merkle-tree.js';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/merkle.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import vectors from '../vectors/rfc6962.json' with { type: 'json' };

const ct = vectors.classic_ct_8_leaves;
const many = Array.from({ length: 70 }, (_, i) => leafHash(utf8(`entry ${i}`)));

describe('MerkleTree', () => {
  it('does the CT roots of every size as it grows', () => {
    const t = new MerkleTree();
    expect(toHex(t.root())).toBe(toHex(emptyRoot()));
    ct.leaves_hex.forEach((hex, i) => {
      expect(t.append(leafHash(fromHex(hex)))).toBe(i);
      expect(toHex(t.root())).toBe(ct.roots_hex_by_size[String(i + 1) as '1']);
    });
    for (let n = 1; n <= 8; n++)
      expect(toHex(t.root(n))).toBe(ct.roots_hex_by_size[String(n) as '1']);
  });

  it('does the same roots and proofs as the array functions for every size and position', () => {
    const t = MerkleTree.from(many);
    const mismatches: string[] = [];
    for (let n = 0; n <= many.length; n++) {
      const prefix = many.slice(0, n);
      if (toHex(t.root(n)) !== toHex(rootHash(prefix))) mismatches.push(`root ${n}`);
      for (let i = 0; i < n; i += 3) {
        const p = t.inclusionProof(i, n);
        if (p.map(toHex).join() !== inclusionProof(i, prefix).map(toHex).join())
          mismatches.push(`inclusion ${i}/${n}`);
        if (!verifyInclusion(i, n, many[i]!, p, t.root(n))) mismatches.push(`verify ${i}/${n}`);
      }
      for (let m = 0; m <= n; m += 5) {
        const p = t.consistencyProof(m, n);
        if (p.map(toHex).join() !== consistencyProof(m, prefix).map(toHex).join())
          mismatches.push(`consistency ${m}→${n}`);
        if (!verifyConsistency(m, n, t.root(m), t.root(n), p)) mismatches.push(`verify ${m}→${n}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('with a Hasher of its own, does the roots and proofs of the default one', () => {
    const t = MerkleTree.from(many, createHasher(nobleSha256));
    const d = MerkleTree.from(many);
    const mismatches: string[] = [];
    for (let n = 0; n <= many.length; n++) {
      if (toHex(t.root(n)) !== toHex(d.root(n))) mismatches.push(`root ${n}`);
      for (let i = 0; i < n; i += 5)
        if (t.inclusionProof(i, n).map(toHex).join() !== d.inclusionProof(i, n).map(toHex).join())
          mismatches.push(`inclusion ${i}/${n}`);
      for (let m = 0; m <= n; m += 7)
        if (
          t.consistencyProof(m, n).map(toHex).join() !== d.consistencyProof(m, n).map(toHex).join()
        )
          mismatches.push(`consistency ${m}→${n}`);
    }
    t.truncate(0);
    expect(toHex(t.root())).toBe(toHex(emptyRoot()));
    expect(mismatches).toEqual([]);
  });

  it('does the MTH of any range', () => {
    const t = MerkleTree.from(many.slice(0, 21));
    for (let start = 0; start < 21; start++)
      for (let end = start + 1; end <= 21; end++)
        expect([start, end, toHex(t.rangeHash(start, end))]).toEqual([
          start,
          end,
          toHex(rootHash(many.slice(start, end))),
        ]);
  });

  it('when truncated after a rollback, continues as if the dropped leaves never came', () => {
    const t = MerkleTree.from(many.slice(0, 37));
    t.truncate(29);
    expect(t.size).toBe(29);
    expect(toHex(t.root())).toBe(toHex(rootHash(many.slice(0, 29))));
    const other = Array.from({ length: 12 }, (_, i) => leafHash(utf8(`other ${i}`)));
    for (const h of other) t.append(h);
    const expected = [...many.slice(0, 29), ...other];
    expect(toHex(t.root())).toBe(toHex(rootHash(expected)));
    expect(t.inclusionProof(30).map(toHex)).toEqual(inclusionProof(30, expected).map(toHex));
    t.truncate(0);
    expect(toHex(t.root())).toBe(toHex(emptyRoot()));
  });

  it('does hand out copies, so a caller cannot alter the tree', () => {
    const t = MerkleTree.from(many.slice(0, 4));
    const before = toHex(t.root());
    t.leaf(0).fill(0);
    t.root().fill(0);
    t.rangeHash(0, 2).fill(0);
    expect(toHex(t.root())).toBe(before);
  });

  it('when asked outside the tree, throws MERKLE_OUT_OF_RANGE', () => {
    const t = MerkleTree.from(many.slice(0, 5));
    expect(() => t.root(6)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.leaf(5)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.inclusionProof(5)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.inclusionProof(2, 2)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.consistencyProof(3, 6)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.consistencyProof(4, 3)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.rangeHash(3, 3)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.truncate(-1)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => t.append(new Uint8Array(31))).toThrowWithCode(InputError, 'MERKLE_BAD_HASH');
  });
});
