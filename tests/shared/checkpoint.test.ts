import { describe, expect, it } from '@jest/globals';
import { fromBase64, utf8 } from '../../shared/bytes.js';
import {
  chainExtension,
  formatCheckpoint,
  isChainedTo,
  openCheckpoint,
  parseCheckpoint,
  parseTimeLine,
  signCheckpoint,
  timeAnchorOf,
  timeExtension,
  verifyCheckpoint,
} from '../../shared/checkpoint.js';
import { InputError, VerificationError } from '../../shared/errors.js';
import { emptyRoot, leafHash, rootHash } from '../../shared/merkle.js';
import { ed25519Signer, parseSignerKey, parseVerifierKey } from '../../shared/note.js';
import merkleVectors from '../vectors/rfc6962.json' with { type: 'json' };
import noteVectors from '../vectors/signed-note.json' with { type: 'json' };

const goTree = merkleVectors.hashing.go_sumdb_record_hash;
const go = noteVectors.go_sumdb_note_sign;
const { seed } = parseSignerKey(go.skey);
// The Go vector's key, used under the name PeterNeumann as the origin of a test log.
const signer = ed25519Signer('PeterNeumann', seed);
const verifier = parseVerifierKey(go.vkey);

describe('checkpoint text (c2sp.org/tlog-checkpoint)', () => {
  it('does parse the Go sumdb tree note and format it back byte for byte', () => {
    const c = parseCheckpoint(goTree.tree_note);
    expect(c).toEqual({
      origin: 'go.sum database tree',
      size: 123456789012,
      rootHash: leafHash(utf8('hello world')),
      extensions: [],
    });
    // The origin has spaces, which are allowed in the text but not in a key name.
    expect(() => formatCheckpoint(c)).toThrowWithCode(InputError, 'CHECKPOINT_MALFORMED');
    expect(formatCheckpoint({ ...c, origin: 'go.sum/tree' })).toBe(
      goTree.tree_note.replace('go.sum database tree', 'go.sum/tree')
    );
  });

  it('does the empty tree and extension lines', () => {
    const text = formatCheckpoint({
      origin: 'adal.example/log',
      size: 0,
      rootHash: emptyRoot(),
      extensions: ['ext one', 'ext two'],
    });
    expect(text).toBe(
      'adal.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next two\n'
    );
    expect(parseCheckpoint(text).extensions).toEqual(['ext one', 'ext two']);
  });

  const good = goTree.tree_note;
  it.each([
    ['no final newline', good.slice(0, -1)],
    ['two lines', 'origin\n5\n'],
    ['an empty origin', good.replace('go.sum database tree', '')],
    ['a leading zero', good.replace('123456789012', '0123456789012')],
    ['a plus sign', good.replace('123456789012', '+123456789012')],
    ['a negative size', good.replace('123456789012', '-1')],
    ['a size beyond 2^53', good.replace('123456789012', '9007199254740993')],
    ['a hex size', good.replace('123456789012', '0x10')],
    ['a 31-byte root', good.replace(goTree.leaf_hash_b64, 'A'.repeat(40) + 'AA==')],
    ['a root in hex', good.replace(goTree.leaf_hash_b64, 'ab'.repeat(32))],
    ['an unpadded root', good.replace(goTree.leaf_hash_b64, goTree.leaf_hash_b64.slice(0, -1))],
    ['an empty extension line', good + '\n'],
    ['not a string', null as unknown as string],
  ])('when the text has %s, throws CHECKPOINT_MALFORMED', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrowWithCode(InputError, 'CHECKPOINT_MALFORMED');
  });
});

describe('signed checkpoints', () => {
  const leaves = ['a', 'b', 'c'].map((s) => leafHash(utf8(s)));
  const cp = { origin: 'PeterNeumann', size: 3, rootHash: rootHash(leaves), extensions: [] };

  it('does sign and verify a checkpoint', () => {
    const note = signCheckpoint(cp, signer);
    expect(note.startsWith(formatCheckpoint(cp) + '\n— PeterNeumann ')).toBe(true);
    expect(verifyCheckpoint(note, [verifier], 'PeterNeumann')).toEqual({
      ok: true,
      checkpoint: cp,
      verifiedBy: ['PeterNeumann+c74f20a3'],
    });
    expect(openCheckpoint(note, [verifier]).rootHash).toEqual(cp.rootHash);
  });

  it('when the origin is another log, returns CHECKPOINT_ORIGIN', () => {
    const r = verifyCheckpoint(signCheckpoint(cp, signer), [verifier], 'other.example/log');
    expect(r.ok || r.code).toBe('CHECKPOINT_ORIGIN');
  });

  it('when the size or root is changed after signing, returns NOTE_BAD_SIGNATURE', () => {
    const note = signCheckpoint(cp, signer);
    const root64 = note.split('\n')[2]!;
    const other = signCheckpoint(
      { ...cp, size: 2, rootHash: rootHash(leaves.slice(0, 2)) },
      signer
    );
    for (const bad of [
      note.replace('\n3\n', '\n4\n'),
      note.replace(root64, other.split('\n')[2]!),
      note.replace('PeterNeumann\n', 'PeterNeumann\n3\n'),
    ]) {
      const r = verifyCheckpoint(bad, [verifier]);
      expect(r.ok || r.code).toBe('NOTE_BAD_SIGNATURE');
    }
    expect(fromBase64(root64)).toEqual(cp.rootHash);
  });

  it('when a signed note is not a checkpoint, returns CHECKPOINT_MALFORMED', () => {
    const r = verifyCheckpoint(go.want, [verifier]);
    expect(r.ok || r.code).toBe('CHECKPOINT_MALFORMED');
    expect(() => openCheckpoint(go.want, [verifier])).toThrowWithCode(
      VerificationError,
      'CHECKPOINT_MALFORMED'
    );
  });
});

describe('checkpoint chain', () => {
  const first = signCheckpoint(
    { origin: 'PeterNeumann', size: 0, rootHash: emptyRoot(), extensions: [] },
    signer
  );
  it('does chain a checkpoint to the exact bytes of the one before it', () => {
    const line = chainExtension(first);
    expect(line).toMatch(/^prev [A-Za-z0-9+/]{43}=$/);
    const next = {
      origin: 'PeterNeumann',
      size: 1,
      rootHash: leafHash(utf8('a')),
      extensions: [line],
    };
    const note = signCheckpoint(next, signer);
    const opened = openCheckpoint(note, [verifier]);
    expect(isChainedTo(opened, first)).toBe(true);
    expect(isChainedTo(opened, first.replace('\n0\n', '\n00\n'))).toBe(false);
    expect(isChainedTo(opened, first + '\n')).toBe(false);
    expect(isChainedTo({ ...opened, extensions: [line, 'more'] }, first)).toBe(false);
    expect(isChainedTo({ ...opened, extensions: [] }, first)).toBe(false);
  });
});

describe('time line (docs/PROTOCOL.md §Time line)', () => {
  // quicknet round 123, recorded (tests/fixtures/drand/quicknet.json)
  const sig =
    'b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92';
  const line = `drand quicknet 123 ${sig}`;

  it('does write and read the grammar, and nothing else', () => {
    expect(timeExtension({ chain: 'quicknet', round: 123, signature: sig })).toBe(line);
    expect(parseTimeLine(line)).toEqual({ chain: 'quicknet', round: 123, signature: sig });
    expect(parseTimeLine(`drand quicknet 9007199254740991 ${sig}`)?.round).toBe(2 ** 53 - 1);
    for (const bad of [
      `drand quicknet 0123 ${sig}`,
      `drand quicknet 0 ${sig}`,
      `drand quicknet 9007199254740992 ${sig}`,
      `drand quicknet 123 ${sig.toUpperCase()}`,
      `drand quicknet 123 ${sig.slice(2)}`,
      `drand quicknet 123 ${sig}00`,
      `drand quicknet  123 ${sig}`,
      `drand quicknet 123 ${sig} `,
      `drand default 123 ${sig}`,
      `drand quicknet -1 ${sig}`,
    ])
      expect([bad, parseTimeLine(bad)]).toEqual([bad, null]);
    expect(() => timeExtension({ chain: 'quicknet', round: 0, signature: sig })).toThrow(
      InputError
    );
  });

  it('does find the line after the chain line, and allows no other', () => {
    const first = signCheckpoint(
      { origin: 'PeterNeumann', size: 0, rootHash: emptyRoot(), extensions: [] },
      signer
    );
    const chain = chainExtension(first);
    const c = { origin: 'PeterNeumann', size: 0, rootHash: emptyRoot(), extensions: [chain, line] };
    expect(timeAnchorOf(c)?.round).toBe(123);
    expect(timeAnchorOf({ extensions: [chain] })).toBeNull();
    expect(isChainedTo(c, first)).toBe(true);
    expect(isChainedTo({ ...c, extensions: [chain, line, line] }, first)).toBe(false);
    expect(isChainedTo({ ...c, extensions: [line, chain] }, first)).toBe(false);
    // a checkpoint with a time line is still a checkpoint to any C2SP verifier
    const note = signCheckpoint(c, signer);
    expect(verifyCheckpoint(note, [verifier], 'PeterNeumann')).toMatchObject({ ok: true });
  });
});
