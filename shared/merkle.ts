/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proofs (RFC 9162 §2.1).
 *
 *   leaf hash  = SHA-256(0x00 || data)            (§2.1.1)
 *   node hash  = SHA-256(0x01 || left || right)   (§2.1.1)
 *   MTH({})    = SHA-256("")                      (§2.1.1, the empty tree)
 *   split      = k, the largest power of two < n  (§2.1.1)
 *
 * Proof generation (PATH, SUBPROOF: §2.1.3.1, §2.1.4.1) is written once over a `RangeHasher` (start,
 * end) → MTH(D[start:end]), so the server can answer from stored or cached hashes (shared/merkle-tree.ts)
 * and the array functions here are thin wrappers. Verification follows §2.1.3.2 and §2.1.4.2 to the
 * letter. Every function that hashes takes the Hasher to hash with (shared/hash.ts; noble's by
 * default). Proofs and roots arriving for verification are attacker-controlled: the verify functions
 * check every argument and return false — they never throw. Indices are 0-based; sizes are numbers up
 * to 2^53 − 1, so bit operations are done with arithmetic, not 32-bit operators.
 */
import { equalBytes } from './bytes.js';
import { nobleHasher, type Hasher } from './hash.js';
import { InputError } from './errors.js';

/** SHA-256 output size, the size of every hash in the tree. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** MTH of a range of leaves [start, end), start < end. */
export type RangeHasher = (start: number, end: number) => Uint8Array;

/** Uint8Array check that also holds across realms (jest's vm contexts), as noble does. */
export function isBytes(a: unknown): a is Uint8Array {
  return (
    a instanceof Uint8Array ||
    (ArrayBuffer.isView(a) && a.constructor !== undefined && a.constructor.name === 'Uint8Array')
  );
}

function isHash(a: unknown): a is Uint8Array {
  return isBytes(a) && a.length === HASH_SIZE;
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function leafHash(data: Uint8Array, hasher: Hasher = nobleHasher): Uint8Array {
  return hasher.sha256Concat(LEAF_PREFIX, data);
}

export function nodeHash(
  left: Uint8Array,
  right: Uint8Array,
  hasher: Hasher = nobleHasher
): Uint8Array {
  return hasher.sha256Concat(NODE_PREFIX, left, right);
}

/** MTH of the empty tree: SHA-256 of the empty string. */
export function emptyRoot(hasher: Hasher = nobleHasher): Uint8Array {
  return hasher.sha256(new Uint8Array(0));
}

/** k, the largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** A RangeHasher over an in-memory array of leaf hashes (recomputes; fine for one-off proofs). */
export function arrayRangeHasher(
  leafHashes: readonly Uint8Array[],
  hasher: Hasher = nobleHasher
): RangeHasher {
  const mth = (start: number, end: number): Uint8Array => {
    if (end - start === 1) return leafHashes[start]!;
    const k = splitPoint(end - start);
    return nodeHash(mth(start, start + k), mth(start + k, end), hasher);
  };
  return mth;
}

export function rootHash(
  leafHashes: readonly Uint8Array[],
  hasher: Hasher = nobleHasher
): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot(hasher);
  return arrayRangeHasher(leafHashes, hasher)(0, leafHashes.length);
}

/** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, deepest sibling first. */
export function inclusionProofFrom(index: number, size: number, mth: RangeHasher): Uint8Array[] {
  if (!isSize(size) || !isSize(index) || index >= size)
    throw new InputError('MERKLE_OUT_OF_RANGE', `leaf ${index} is not in a tree of size ${size}`);
  const proof: Uint8Array[] = [];
  let start = 0;
  let end = size;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      proof.push(mth(start + k, end));
      end = start + k;
    } else {
      proof.push(mth(start, start + k));
      start += k;
      m -= k;
    }
  }
  return proof.reverse();
}

/** PROOF(oldSize, D[0:newSize]) of RFC 9162 §2.1.4.1; empty when oldSize is 0 or equals newSize. */
export function consistencyProofFrom(
  oldSize: number,
  newSize: number,
  mth: RangeHasher
): Uint8Array[] {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize)
    throw new InputError(
      'MERKLE_OUT_OF_RANGE',
      `no consistency proof from ${oldSize} to ${newSize}`
    );
  if (oldSize === 0 || oldSize === newSize) return [];
  // SUBPROOF(m, D[start:end], b), unrolled: the recursion only ever descends one side.
  const proof: Uint8Array[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let whole = true;
  while (m !== end - start) {
    const n = end - start;
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(mth(start + k, end));
      end = start + k;
    } else {
      proof.push(mth(start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) proof.push(mth(start, end));
  return proof.reverse();
}

export function inclusionProof(
  index: number,
  leafHashes: readonly Uint8Array[],
  hasher: Hasher = nobleHasher
): Uint8Array[] {
  return inclusionProofFrom(index, leafHashes.length, arrayRangeHasher(leafHashes, hasher));
}

export function consistencyProof(
  oldSize: number,
  leafHashes: readonly Uint8Array[],
  hasher: Hasher = nobleHasher
): Uint8Array[] {
  return consistencyProofFrom(oldSize, leafHashes.length, arrayRangeHasher(leafHashes, hasher));
}

const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

function isProof(proof: unknown, maxLength: number): proof is Uint8Array[] {
  return Array.isArray(proof) && proof.length <= maxLength && proof.every(isHash);
}

/** RFC 9162 §2.1.3.2. Hostile input: any malformed argument yields false. */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  hasher: Hasher = nobleHasher
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !isProof(proof, 64)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r, hasher);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p, hasher);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/** RFC 9162 §2.1.4.2. Hostile input: any malformed argument yields false. */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: Hasher = nobleHasher
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (!isHash(oldRoot) || !isHash(newRoot) || !isProof(proof, 128)) return false;
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  // Every tree extends the empty one; its root must still be the empty-tree hash.
  if (oldSize === 0) return proof.length === 0 && equalBytes(oldRoot, emptyRoot(hasher));
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr, hasher);
      sr = nodeHash(c, sr, hasher);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c, hasher);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
