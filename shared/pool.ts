/**
 * Freezing the pool (docs/PROTOCOL.md §Pool): eligible experts are projected to public PoolEntry
 * records, put in canonical order (registryNo compared by UTF-8 bytes), numbered 1..n, and committed
 * to by an RFC 6962 Merkle root whose leaf i is the domain-tagged canonical JSON of entry i:
 *
 *   leaf_i = UTF8("adal-draw/1/pool-entry") || 0x00 || JCS(entry_i)
 *   root   = MTH(leafHash(leaf_1), …, leafHash(leaf_n))           (RFC 6962 §2.1, shared/merkle.ts)
 *
 * Later registry edits never change a frozen pool: the entries themselves are published. The
 * functions that hash take the Hasher to hash with (shared/hash.ts; noble's by default).
 */
import { compareUtf8, concatBytes, toHex } from './bytes.js';
import { canonicalBytes, canonicalString } from './canonical.js';
import { nobleHasher, tagPrefix, type Hasher } from './hash.js';
import { taggedBytes } from './tagged.js';
import { rootHash } from './merkle.js';
import { InputError, VerificationError } from './errors.js';
import type { FrozenPool, PoolEntry } from './schemas/pool.js';
import type { PublicExpert } from './schemas/registry.js';

/** The registry fields a pool entry is made from (a PublicExpert or anything wider). */
export type PoolSource = Pick<
  PublicExpert,
  | 'registryNo'
  | 'fullNameKk'
  | 'fullNameRu'
  | 'region'
  | 'gender'
  | 'languages'
  | 'directions'
  | 'proposedBy'
> & { organizations: readonly { name: string; bin?: string | undefined }[] };

/**
 * Organization key: "bin:<BIN>" when the BIN is known; otherwise "name:" + the name after Unicode
 * NFKC, lower-casing, every run of characters other than letters and digits turned into one space,
 * and trimming — so «ОФ "Болашақ"» and 'оф  болашақ' are one organization. The key is published in
 * the pool, so verifiers never repeat this normalization.
 */
export function orgKey(org: { name: string; bin?: string | undefined }): string {
  if (org.bin !== undefined) return `bin:${org.bin}`;
  const norm = org.name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return `name:${norm === '' ? org.name.trim() : norm}`;
}

function sortedUnique(xs: readonly string[]): string[] {
  const out = [...new Set(xs)];
  out.sort(compareUtf8);
  return out;
}

/** The public projection of one eligible expert; list fields sorted by UTF-8 bytes and deduplicated. */
export function toPoolEntry(e: PoolSource): PoolEntry {
  // Keys in canonical order, as the PoolEntry schema lists them (and outputs them).
  return {
    directions: sortedUnique(e.directions),
    ...(e.gender !== undefined && { gender: e.gender }),
    languages: sortedUnique(e.languages),
    ...(e.fullNameKk !== undefined && { nameKk: e.fullNameKk }),
    ...(e.fullNameRu !== undefined && { nameRu: e.fullNameRu }),
    organizations: sortedUnique(e.organizations.map(orgKey)),
    proposedBy: e.proposedBy,
    region: e.region,
    registryNo: e.registryNo,
  };
}

/** Leaf data of a pool entry (before RFC 6962 leaf hashing). */
export function poolLeaf(entry: PoolEntry): Uint8Array {
  return taggedBytes('pool-entry', canonicalBytes(entry));
}

/** 0x00 (RFC 6962's leaf prefix) || the pool-entry tag: what precedes JCS(entry) in a leaf hash. */
const LEAF_HASH_PREFIX = concatBytes(new Uint8Array([0x00]), tagPrefix('pool-entry'));

/** leafHash(poolLeaf(entry)), without building the leaf's bytes (a verifier hashes every entry). */
export function poolLeafHash(entry: PoolEntry, hasher: Hasher = nobleHasher): Uint8Array {
  return hasher.sha256Text(LEAF_HASH_PREFIX, canonicalString(entry));
}

/** RFC 6962 root of the entries in the given order, lowercase hex. */
export function poolRoot(entries: readonly PoolEntry[], hasher: Hasher = nobleHasher): string {
  return toHex(
    rootHash(
      entries.map((e) => poolLeafHash(e, hasher)),
      hasher
    )
  );
}

/** The pool's entries: each eligible expert projected, sorted by registryNo bytes; no duplicates. */
export function poolEntriesOf(eligible: readonly PoolSource[]): PoolEntry[] {
  const entries = eligible.map(toPoolEntry);
  entries.sort((a, b) => compareUtf8(a.registryNo, b.registryNo));
  for (let i = 1; i < entries.length; i++)
    if (entries[i]!.registryNo === entries[i - 1]!.registryNo)
      throw new InputError(
        'POOL_DUPLICATE',
        `registry number ${entries[i]!.registryNo} appears twice`
      );
  return entries;
}

/** Freezes the eligible experts: their entries in canonical order (poolEntriesOf) and the root. */
export function freezePool(
  eligible: readonly PoolSource[],
  hasher: Hasher = nobleHasher
): FrozenPool {
  const entries = poolEntriesOf(eligible);
  return { entries, root: poolRoot(entries, hasher) };
}

function isSortedUnique(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (compareUtf8(xs[i - 1]!, xs[i]!) >= 0) return false;
  return true;
}

/**
 * Checks a published pool: canonical order, canonical entries, and the root. A pool loaded for
 * verification is attacker-controlled, so every rule is re-checked rather than assumed.
 */
export function verifyPool(pool: FrozenPool, hasher: Hasher = nobleHasher): void {
  const { entries } = pool;
  entries.forEach((e, i) => {
    if (i > 0 && compareUtf8(entries[i - 1]!.registryNo, e.registryNo) >= 0)
      throw new VerificationError(
        'POOL_NOT_CANONICAL',
        `pool entry ${i + 1} (${e.registryNo}) is out of order`
      );
    if (
      !isSortedUnique(e.languages) ||
      !isSortedUnique(e.directions) ||
      !isSortedUnique(e.organizations)
    )
      throw new VerificationError(
        'POOL_NOT_CANONICAL',
        `pool entry ${i + 1} (${e.registryNo}) has unsorted lists`
      );
  });
  if (poolRoot(entries, hasher) !== pool.root)
    throw new VerificationError(
      'POOL_ROOT_MISMATCH',
      'the pool entries do not hash to the published root'
    );
}
