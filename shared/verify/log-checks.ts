/**
 * The bundle's log evidence (docs/PROTOCOL.md §Checks, in order, 2 and 13): the signed checkpoint
 * against trusted keys (c2sp.org/signed-note, c2sp.org/tlog-checkpoint, shared/checkpoint.ts) and
 * the RFC 9162 §2.1.3.2 inclusion proof of every entry, whose leaf data is canonicalBytes(entry)
 * (RFC 8785). An inclusion proof without a signed checkpoint proves nothing, so the checkpoint
 * comes first; the proofs come last, after the semantic checks, so a changed field is reported by
 * its specific check.
 */
import { equalBytes, fromHex, toHex } from '../bytes.js';
import { canonicalBytes } from '../canonical.js';
import { verifyCheckpoint, type Checkpoint } from '../checkpoint.js';
import { InputError, VerificationError, type VerificationErrorCode } from '../errors.js';
import type { Hasher } from '../hash.js';
import { leafHash, verifyInclusion } from '../merkle.js';
import { parseVerifierKey, verifyNote, type NoteVerifier } from '../note.js';
import type { Bundle } from '../schemas/bundle.js';

/** A trusted key: a parsed NoteVerifier or its text form name+keyid+base64. */
export type TrustedKey = NoteVerifier | string;

/** Parses the caller's keys; a bad key is the caller's input error, not the bundle's fault. */
export function trustedVerifiers(keys: readonly TrustedKey[]): NoteVerifier[] {
  return keys.map((k) => {
    if (typeof k !== 'string') return k;
    try {
      return parseVerifierKey(k);
    } catch (e) {
      throw new InputError('VERIFY_KEY_INVALID', `--key ${k}: ${(e as Error).message}`);
    }
  });
}

const NOTE_CODES: Record<string, VerificationErrorCode> = {
  NOTE_MALFORMED: 'CHECKPOINT_MALFORMED',
  CHECKPOINT_MALFORMED: 'CHECKPOINT_MALFORMED',
  NOTE_UNVERIFIED: 'CHECKPOINT_KEY_UNKNOWN',
  NOTE_BAD_SIGNATURE: 'CHECKPOINT_SIGNATURE_INVALID',
  CHECKPOINT_ORIGIN: 'CHECKPOINT_ORIGIN_MISMATCH',
};

/** A checkpoint that passed check 2, and `name+keyid` of each trusted key whose signature verified. */
export interface CheckedCheckpoint {
  checkpoint: Checkpoint;
  verifiedBy: string[];
}

/**
 * Check 2: the checkpoint verifies under a trusted key (a trusted key's bad signature rejects it) for
 * the bundle's origin; it commits to log.treeSize; and the bundle's own vkey is a key that signed it.
 */
export function checkCheckpoint(
  bundle: Bundle,
  keys: readonly NoteVerifier[],
  trustBundleKey = false
): CheckedCheckpoint {
  const { origin, vkey, treeSize, checkpoint: note } = bundle.log;
  let own: NoteVerifier | undefined;
  try {
    own = parseVerifierKey(vkey);
  } catch {
    own = undefined;
  }
  if (trustBundleKey && !own)
    throw new VerificationError(
      'CHECKPOINT_KEY_MISMATCH',
      "the bundle's key is not a verifier key"
    );
  const r = verifyCheckpoint(note, own && trustBundleKey ? [...keys, own] : [...keys], origin);
  if (!r.ok) throw new VerificationError(NOTE_CODES[r.code] ?? 'CHECKPOINT_MALFORMED', r.message);
  const c = r.checkpoint;
  if (c.size !== treeSize)
    throw new VerificationError(
      'CHECKPOINT_SIZE_MISMATCH',
      `the checkpoint is for size ${c.size}, the bundle says ${treeSize}`
    );
  if (!own || !verifyNote(note, [own]).ok)
    throw new VerificationError(
      'CHECKPOINT_KEY_MISMATCH',
      "the bundle's key did not sign its checkpoint"
    );
  return { checkpoint: c, verifiedBy: r.verifiedBy };
}

/**
 * A whole tree the caller rebuilt from every leaf of the log (the audit): when its root at the
 * checkpoint's size is the checkpoint's root, a leaf's inclusion is a lookup instead of a proof walk.
 */
export interface KnownTree {
  leaf(index: number): Uint8Array;
  root(size: number): Uint8Array;
  readonly size: number;
}

export interface InclusionOptions {
  hasher: Hasher;
  /** a tree the caller rebuilt itself (the audit) */
  tree?: KnownTree;
  /** the leaf hash of entry k when the caller already has it (the audit hashed the entry's bytes) */
  knownLeaf?: (k: number) => Uint8Array | undefined;
}

/**
 * Check 13: every entry's leaf is in the checkpoint's tree at its index. Returns the detail and the
 * entries' leaf hashes, in bundle order (the history chain of a version 2 draw is read from them).
 */
export function checkInclusion(
  bundle: Bundle,
  checkpoint: Checkpoint,
  { hasher, tree: known, knownLeaf }: InclusionOptions
): { detail: string; leaves: Uint8Array[] } {
  const leaves: Uint8Array[] = [];
  const { size, rootHash } = checkpoint;
  const tree = known && size <= known.size && equalBytes(known.root(size), rootHash) ? known : null;
  for (const [k, { index, entry, proof }] of bundle.entries.entries()) {
    let ok = false;
    try {
      const leaf = knownLeaf?.(k) ?? leafHash(canonicalBytes(entry), hasher);
      leaves.push(leaf);
      ok =
        index < size &&
        (tree
          ? equalBytes(tree.leaf(index), leaf)
          : verifyInclusion(
              index,
              size,
              leaf,
              proof.map((p) => fromHex(p)),
              rootHash,
              hasher
            ));
    } catch {
      // canonicalBytes refuses what JSON cannot carry canonically: such an entry was never a leaf
      ok = false;
    }
    if (!ok)
      throw new VerificationError(
        'INCLUSION_PROOF_INVALID',
        `entry ${index} is not in the tree of size ${size} with root ${toHex(rootHash)}`,
        { details: { index } }
      );
  }
  return {
    detail: `${bundle.entries.length} entries in the tree of size ${size}${tree ? ' (rebuilt tree)' : ''}`,
    leaves,
  };
}
