import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromBase64, fromHex, toHex, utf8 } from '../../shared/bytes.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { InputError } from '../../shared/errors.js';
import { createHasher } from '../../shared/hash.js';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  nodeHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/merkle.js';
import vectors from '../vectors/rfc6962.json' with { type: 'json' };

const unit = vectors.hashing.unit_vectors;
const ct = vectors.classic_ct_8_leaves;
const leaves = ct.leaves_hex.map((h) => leafHash(fromHex(h)));
const roots = Object.fromEntries(
  Object.entries(ct.roots_hex_by_size).map(([size, hex]) => [Number(size), fromHex(hex)])
) as Record<number, Uint8Array>;
const hashes = (hex: string[]) => hex.map(fromHex);

/** Every way to damage a valid proof by one element or one byte. */
function damaged(valid: Uint8Array[]): { what: string; proof: unknown[] }[] {
  const proof: unknown[] = valid;
  const out: { what: string; proof: unknown[] }[] = [];
  valid.forEach((p, i) => {
    for (let b = 0; b < p.length; b++) {
      const q = p.slice();
      q[b] ^= 0x01;
      out.push({ what: `element ${i} byte ${b} flipped`, proof: proof.with(i, q) });
    }
    out.push({ what: `element ${i} short`, proof: proof.with(i, p.slice(0, 31)) });
    out.push({ what: `element ${i} long`, proof: proof.with(i, new Uint8Array([...p, 0])) });
    out.push({ what: `element ${i} dropped`, proof: proof.toSpliced(i, 1) });
    out.push({ what: `element ${i} as hex`, proof: proof.with(i, toHex(p)) });
    out.push({ what: `element ${i} as array`, proof: proof.with(i, [...p]) });
  });
  out.push({ what: 'extra element', proof: [...proof, leaves[0]!] });
  out.push({ what: 'extra element first', proof: [leaves[0]!, ...proof] });
  if (valid.length > 1) out.push({ what: 'reversed', proof: [...valid].reverse() });
  return out;
}

const badNumbers: unknown[] = [
  -1,
  0.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  '1',
  null,
  undefined,
  1n,
];
const badHashes: unknown[] = [
  new Uint8Array(31),
  new Uint8Array(33),
  new Uint8Array(0),
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  Array.from({ length: 32 }, () => 0),
  new Uint16Array(16),
  null,
  undefined,
  {},
];

describe('hashing (RFC 9162 §2.1.1)', () => {
  it('does the transparency-dev unit vectors', () => {
    expect(toHex(emptyRoot())).toBe(unit.empty_root);
    expect(toHex(rootHash([]))).toBe(unit.empty_root);
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(unit['leaf(empty)']);
    expect(toHex(leafHash(utf8('L123456')))).toBe(unit["leaf('L123456')"]);
    expect(toHex(nodeHash(utf8('N123'), utf8('N456')))).toBe(unit["node('N123','N456')"]);
  });

  it('does the Go sumdb record hash', () => {
    const v = vectors.hashing.go_sumdb_record_hash;
    expect(leafHash(utf8(v.data_utf8))).toEqual(fromBase64(v.leaf_hash_b64));
  });

  it('does the root of every size 1–8 of the CT test set', () => {
    for (let n = 1; n <= 8; n++)
      expect([n, toHex(rootHash(leaves.slice(0, n)))]).toEqual([n, toHex(roots[n]!)]);
  });
});

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it.each(ct.inclusion.map((c, i) => [i, c] as const))('does vector %i', (_i, c) => {
    const tree = leaves.slice(0, c.tree_size);
    const proof = inclusionProof(c.index, tree);
    expect(proof.map(toHex)).toEqual(c.proof_hex);
    const root = roots[c.tree_size]!;
    expect(verifyInclusion(c.index, c.tree_size, leaves[c.index]!, hashes(c.proof_hex), root)).toBe(
      true
    );
  });

  it.each(ct.inclusion.map((c, i) => [i, c] as const))(
    'when vector %i is damaged in any way, returns false',
    (_i, c) => {
      const proof = hashes(c.proof_hex);
      const root = roots[c.tree_size]!;
      const leaf = leaves[c.index]!;
      const wrong: [string, boolean][] = [];
      const check = (what: string, ok: boolean) => {
        if (ok) wrong.push([what, ok]);
      };
      for (const d of damaged(proof))
        check(d.what, verifyInclusion(c.index, c.tree_size, leaf, d.proof as Uint8Array[], root));
      // Another position in the same tree, or the same leaf in another tree (with that tree's real
      // root): the proof must fail unless it is exactly that position's own proof.
      for (let size = 1; size <= 8; size++)
        for (let index = 0; index < size; index++) {
          if (index === c.index && size === c.tree_size) continue;
          const own = inclusionProof(index, leaves.slice(0, size)).map(toHex).join();
          const ok = verifyInclusion(index, size, leaves[index]!, proof, roots[size]!);
          if (ok !== (own === c.proof_hex.join())) wrong.push([`index ${index} size ${size}`, ok]);
        }
      for (const n of badNumbers) {
        check(`index ${String(n)}`, verifyInclusion(n as number, c.tree_size, leaf, proof, root));
        check(`size ${String(n)}`, verifyInclusion(c.index, n as number, leaf, proof, root));
      }
      for (const h of badHashes) {
        check(
          `leaf ${String(h)}`,
          verifyInclusion(c.index, c.tree_size, h as Uint8Array, proof, root)
        );
        check(
          `root ${String(h)}`,
          verifyInclusion(c.index, c.tree_size, leaf, proof, h as Uint8Array)
        );
      }
      for (let b = 0; b < 32; b++) {
        const r = root.slice();
        r[b] ^= 0x80;
        check(`root byte ${b}`, verifyInclusion(c.index, c.tree_size, leaf, proof, r));
        const l = leaf.slice();
        l[b] ^= 0x80;
        check(`leaf byte ${b}`, verifyInclusion(c.index, c.tree_size, l, proof, root));
      }
      for (const p of [null, undefined, 'proof', {}, [null], new Uint8Array(32)])
        check(`proof ${String(p)}`, verifyInclusion(c.index, c.tree_size, leaf, p as never, root));
      expect(wrong).toEqual([]);
    }
  );

  it('when asked for a leaf outside the tree, throws MERKLE_OUT_OF_RANGE', () => {
    expect(() => inclusionProof(8, leaves)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => inclusionProof(-1, leaves)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => inclusionProof(0, [])).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it.each(ct.consistency.map((c, i) => [i, c] as const))('does vector %i', (_i, c) => {
    const proof = consistencyProof(c.size1, leaves.slice(0, c.size2));
    expect(proof.map(toHex)).toEqual(c.proof_hex);
    const ok = verifyConsistency(
      c.size1,
      c.size2,
      roots[c.size1]!,
      roots[c.size2]!,
      hashes(c.proof_hex)
    );
    expect(ok).toBe(true);
  });

  it.each(ct.consistency.map((c, i) => [i, c] as const))(
    'when vector %i is damaged in any way, returns false',
    (_i, c) => {
      const proof = hashes(c.proof_hex);
      const r1 = roots[c.size1]!;
      const r2 = roots[c.size2]!;
      const wrong: string[] = [];
      const check = (what: string, ok: boolean) => {
        if (ok) wrong.push(what);
      };
      for (const d of damaged(proof))
        check(d.what, verifyConsistency(c.size1, c.size2, r1, r2, d.proof as Uint8Array[]));
      // Other sizes with their real roots: the proof must fail unless it is exactly theirs.
      const rootOf = (n: number) => (n === 0 ? emptyRoot() : roots[n]!);
      for (let s1 = 0; s1 <= 8; s1++)
        for (let s2 = s1; s2 <= 8; s2++) {
          if (s1 === c.size1 && s2 === c.size2) continue;
          const own = consistencyProof(s1, leaves.slice(0, s2)).map(toHex).join();
          const ok = verifyConsistency(s1, s2, rootOf(s1), rootOf(s2), proof);
          if (ok !== (own === c.proof_hex.join())) wrong.push(`sizes ${s1}, ${s2}: ${ok}`);
        }
      for (const n of badNumbers) {
        check(`old size ${String(n)}`, verifyConsistency(n as number, c.size2, r1, r2, proof));
        check(`new size ${String(n)}`, verifyConsistency(c.size1, n as number, r1, r2, proof));
      }
      for (const h of badHashes) {
        check(`old root ${String(h)}`, verifyConsistency(c.size1, c.size2, h as never, r2, proof));
        check(`new root ${String(h)}`, verifyConsistency(c.size1, c.size2, r1, h as never, proof));
      }
      for (let b = 0; b < 32; b++) {
        const a = r1.slice();
        a[b] ^= 0x80;
        check(`old root byte ${b}`, verifyConsistency(c.size1, c.size2, a, r2, proof));
        const z = r2.slice();
        z[b] ^= 0x80;
        check(`new root byte ${b}`, verifyConsistency(c.size1, c.size2, r1, z, proof));
      }
      for (const p of [null, undefined, 'proof', {}, [null], new Uint8Array(32)])
        check(`proof ${String(p)}`, verifyConsistency(c.size1, c.size2, r1, r2, p as never));
      expect(wrong).toEqual([]);
    }
  );

  it('does the empty tree as a prefix of every tree, and nothing else', () => {
    expect(consistencyProof(0, leaves)).toEqual([]);
    expect(verifyConsistency(0, 8, emptyRoot(), roots[8]!, [])).toBe(true);
    expect(verifyConsistency(0, 8, roots[1]!, roots[8]!, [])).toBe(false);
    expect(verifyConsistency(0, 8, emptyRoot(), roots[8]!, [roots[1]!])).toBe(false);
    expect(verifyConsistency(0, 0, emptyRoot(), emptyRoot(), [])).toBe(true);
  });

  it('when the old size exceeds the new, throws MERKLE_OUT_OF_RANGE', () => {
    expect(() => consistencyProof(9, leaves)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
    expect(() => consistencyProof(-1, leaves)).toThrowWithCode(InputError, 'MERKLE_OUT_OF_RANGE');
  });
});

describe('generation against verification', () => {
  const many = Array.from({ length: 100 }, (_, i) => leafHash(utf8(`leaf ${i}`)));
  const rootOf = (n: number) => rootHash(many.slice(0, n));

  it('with a Hasher passed in, does the same hashes, proofs and verdicts as with the default', () => {
    const h = createHasher(nobleSha256);
    const data = utf8('leaf data');
    expect(toHex(leafHash(data, h))).toBe(toHex(leafHash(data)));
    expect(toHex(nodeHash(many[0]!, many[1]!, h))).toBe(toHex(nodeHash(many[0]!, many[1]!)));
    expect(toHex(emptyRoot(h))).toBe(toHex(emptyRoot()));
    for (const n of [1, 2, 3, 7, 8, 9, 31, 64, 100]) {
      const tree = many.slice(0, n);
      expect(toHex(rootHash(tree, h))).toBe(toHex(rootOf(n)));
      for (const i of [0, n >> 1, n - 1]) {
        const p = inclusionProof(i, tree, h);
        expect(p.map(toHex)).toEqual(inclusionProof(i, tree).map(toHex));
        expect(verifyInclusion(i, n, tree[i]!, p, rootOf(n), h)).toBe(true);
      }
      for (const m of [0, 1, n >> 1, n]) {
        const c = consistencyProof(m, tree, h);
        expect(c.map(toHex)).toEqual(consistencyProof(m, tree).map(toHex));
        expect(verifyConsistency(m, n, rootOf(m), rootOf(n), c, h)).toBe(true);
      }
    }
  });

  it('does every inclusion and consistency proof of every tree up to 40 leaves', () => {
    const failures: string[] = [];
    for (let n = 1; n <= 40; n++) {
      const tree = many.slice(0, n);
      const root = rootOf(n);
      for (let i = 0; i < n; i++) {
        const p = inclusionProof(i, tree);
        if (!verifyInclusion(i, n, tree[i]!, p, root)) failures.push(`inclusion ${i}/${n}`);
        if (i + 1 < n && verifyInclusion(i + 1, n, tree[i]!, p, root))
          failures.push(`inclusion ${i}/${n} accepted at ${i + 1}`);
      }
      for (let m = 0; m <= n; m++) {
        const p = consistencyProof(m, tree);
        if (!verifyConsistency(m, n, rootOf(m), root, p)) failures.push(`consistency ${m}→${n}`);
        if (m > 0 && m < n && verifyConsistency(m, n, rootOf(m - 1), root, p))
          failures.push(`consistency ${m}→${n} accepted with root ${m - 1}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('does random trees up to 100 leaves and rejects a proof moved to another position', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 100 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.integer({ min: 0, max: n - 1 }),
              fc.integer({ min: 0, max: n }),
              fc.integer({ min: 0, max: n - 1 })
            )
          ),
        ([n, i, m, other]) => {
          const tree = many.slice(0, n);
          const root = rootOf(n);
          const p = inclusionProof(i, tree);
          expect(verifyInclusion(i, n, tree[i]!, p, root)).toBe(true);
          if (other !== i) expect(verifyInclusion(other, n, tree[i]!, p, root)).toBe(false);
          const c = consistencyProof(m, tree);
          expect(verifyConsistency(m, n, rootOf(m), root, c)).toBe(true);
          if (m > 0 && m < n)
            expect(verifyConsistency(m, n, rootOf(m), rootOf(n - 1), c)).toBe(false);
        }
      ),
      { seed: 6962, numRuns: 300 }
    );
  });
});
