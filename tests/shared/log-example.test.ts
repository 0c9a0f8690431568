/**
 * The log worked example of docs/PROTOCOL.md §Checkpoints (tests/vectors/log-example.json)
 * reproduced byte for byte: canonical entries, leaf hashes, roots, chained and signed checkpoints,
 * proofs. The example was cross-checked with an independent Python implementation (hashlib +
 * cryptography) when written.
 */
import { describe, expect, it } from '@jest/globals';
import { fromHex, toHex } from '../../shared/bytes.js';
import { canonicalBytes, canonicalString } from '../../shared/canonical.js';
import {
  chainExtension,
  isChainedTo,
  openCheckpoint,
  signCheckpoint,
} from '../../shared/checkpoint.js';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from '../../shared/merkle.js';
import {
  ed25519Signer,
  formatSignerKey,
  formatVerifierKey,
  parseVerifierKey,
} from '../../shared/note.js';
import { LogEntry } from '../../shared/schemas/log.js';
import example from '../vectors/log-example.json' with { type: 'json' };

const seed = fromHex(example.seed_hex);
const leaves = example.entries.map((e) => leafHash(canonicalBytes(LogEntry.parse(e.entry))));

describe('log worked example (docs/PROTOCOL.md §Checkpoints)', () => {
  it('does the key, its ID and its text forms', () => {
    expect(formatVerifierKey(example.origin, fromHex(example.public_key_hex))).toBe(example.vkey);
    expect(formatSignerKey(example.origin, seed)).toBe(example.skey);
    expect(toHex(parseVerifierKey(example.vkey).keyId)).toBe(example.key_id_hex);
  });

  it('does the canonical encoding and leaf hash of each entry', () => {
    example.entries.forEach((e, i) => {
      expect(canonicalString(e.entry)).toBe(e.canonical);
      expect(toHex(leaves[i]!)).toBe(e.leaf_hash_hex);
    });
  });

  it('does each chained checkpoint byte for byte', () => {
    const signer = ed25519Signer(example.origin, seed);
    const verifier = parseVerifierKey(example.vkey);
    let previous: string | undefined;
    for (const cp of example.checkpoints) {
      const root = rootHash(leaves.slice(0, cp.size));
      expect(toHex(root)).toBe(cp.root_hex);
      const extensions = previous === undefined ? [] : [chainExtension(previous)];
      const note = signCheckpoint(
        { origin: example.origin, size: cp.size, rootHash: root, extensions },
        signer
      );
      expect(note).toBe(cp.note);
      const opened = openCheckpoint(cp.note, [verifier], example.origin);
      if (previous !== undefined) expect(isChainedTo(opened, previous)).toBe(true);
      previous = cp.note;
    }
  });

  it('does the inclusion and consistency proofs', () => {
    const { inclusion: inc, consistency: con } = example;
    expect(inclusionProof(inc.index, leaves.slice(0, inc.size)).map(toHex)).toEqual(inc.proof_hex);
    const root = (n: number) => fromHex(example.checkpoints.find((c) => c.size === n)!.root_hex);
    expect(
      verifyInclusion(inc.index, inc.size, leaves[inc.index]!, inc.proof_hex.map(fromHex), root(3))
    ).toBe(true);
    expect(consistencyProof(con.from, leaves.slice(0, con.to)).map(toHex)).toEqual(con.proof_hex);
    expect(verifyConsistency(con.from, con.to, root(1), root(3), con.proof_hex.map(fromHex))).toBe(
      true
    );
  });
});
