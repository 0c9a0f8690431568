import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromBase64, toBase64, utf8 } from '../../shared/bytes.js';
import { InputError, VerificationError } from '../../shared/errors.js';
import {
  ed25519Signer,
  formatSignerKey,
  formatVerifierKey,
  isEd25519SignatureBase64,
  keyId,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyNote,
  type NoteVerification,
} from '../../shared/note.js';
import vectors from '../vectors/signed-note.json' with { type: 'json' };

const go = vectors.go_sumdb_note_sign;
const c2sp = vectors.c2sp_signed_note_example;
const peter = parseVerifierKey(go.vkey);
const enoch = parseVerifierKey(go.second_vkey);
const codeOf = (r: NoteVerification) => (r.ok ? 'OK' : r.code);

describe('signed-note keys', () => {
  it('does the Go sumdb key pair: skey → the published vkey and back', () => {
    const { name, seed, vkey } = parseSignerKey(go.skey);
    expect(name).toBe('PeterNeumann');
    expect(vkey).toBe(go.vkey);
    expect(formatSignerKey(name, seed)).toBe(go.skey);
    expect(formatVerifierKey(peter.name, peter.publicKey)).toBe(go.vkey);
    expect(keyId(peter.name, peter.publicKey)).toEqual(new Uint8Array([0xc7, 0x4f, 0x20, 0xa3]));
  });

  it('does the C2SP example key with its key ID', () => {
    const v = parseVerifierKey(c2sp.vkey);
    expect(v.name).toBe('example.com/foo');
    expect(formatVerifierKey(v.name, v.publicKey)).toBe(c2sp.vkey);
  });

  it.each([
    ['no parts', 'PeterNeumann'],
    ['missing key', 'PeterNeumann+c74f20a3'],
    ['extra part', go.vkey + '+x'],
    ['wrong key ID', go.vkey.replace('c74f20a3', 'c74f20a4')],
    ['short key ID', go.vkey.replace('c74f20a3', 'c74f20a')],
    ['key ID not hex', go.vkey.replace('c74f20a3', 'c74f20ag')],
    ['bad base64', go.vkey.slice(0, -1) + '!'],
    ['wrong algorithm', 'PeterNeumann+c74f20a3+' + toBase64(new Uint8Array(33).fill(2))],
    ['short key', 'PeterNeumann+c74f20a3+' + toBase64(new Uint8Array([1, 2, 3]))],
    ['name with a space', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['empty name', '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ])('when a verifier key has %s, throws NOTE_BAD_VKEY', (_what, vkey) => {
    expect(() => parseVerifierKey(vkey)).toThrowWithCode(InputError, 'NOTE_BAD_VKEY');
  });

  it('when a signer key is damaged, throws NOTE_BAD_SKEY without echoing it', () => {
    for (const skey of [
      go.skey.replace('c74f20a3', 'c74f20a4'),
      go.skey.replace('PRIVATE+KEY', 'PUBLIC+KEY'),
      go.skey.slice(0, -2),
      go.vkey,
    ]) {
      expect(() => parseSignerKey(skey)).toThrowWithCode(InputError, 'NOTE_BAD_SKEY');
      try {
        parseSignerKey(skey);
      } catch (e) {
        expect((e as Error).message).not.toContain(skey.split('+').at(-1));
      }
    }
  });
});

describe('signing', () => {
  it('does the Go sumdb TestSign vector byte for byte', () => {
    const { name, seed } = parseSignerKey(go.skey);
    expect(signNote(go.text, [ed25519Signer(name, seed)])).toBe(go.want);
  });

  it('when the text does not end in a newline or has control characters, refuses to sign', () => {
    const { name, seed } = parseSignerKey(go.skey);
    const s = ed25519Signer(name, seed);
    expect(() => signNote('no newline', [s])).toThrowWithCode(InputError, 'NOTE_MALFORMED');
    expect(() => signNote('tab\there\n', [s])).toThrowWithCode(InputError, 'NOTE_MALFORMED');
  });
});

describe('verifying', () => {
  it('does verify the Go vector and the C2SP example', () => {
    expect(verifyNote(go.want, [peter])).toEqual({
      ok: true,
      text: go.text,
      verifiedBy: ['PeterNeumann+c74f20a3'],
      unknown: [],
    });
    const r = verifyNote(c2sp.note, [parseVerifierKey(c2sp.vkey)]);
    expect(r.ok && r.text).toBe('This is an example message.\n');
    expect(openNote(go.want, [enoch, peter])).toBe(go.text);
  });

  it('does ignore signatures by unknown keys and report them', () => {
    const twoSigs = go.want + go.second_sig_line;
    const r = verifyNote(twoSigs, [peter]);
    expect(r.ok && r.verifiedBy).toEqual(['PeterNeumann+c74f20a3']);
    expect(r.ok && r.unknown.map((u) => u.name)).toEqual(['EnochRoot']);
    const both = verifyNote(twoSigs, [peter, enoch]);
    expect(both.ok && both.verifiedBy).toEqual(['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78']);
  });

  it('when only unknown keys signed, returns NOTE_UNVERIFIED', () => {
    expect(codeOf(verifyNote(go.want, [enoch]))).toBe('NOTE_UNVERIFIED');
    expect(codeOf(verifyNote(go.want, []))).toBe('NOTE_UNVERIFIED');
    // Same name, other key ID: a different key, so ignored rather than tried.
    const other = { ...peter, keyId: new Uint8Array([1, 2, 3, 4]) };
    expect(codeOf(verifyNote(go.want, [other]))).toBe('NOTE_UNVERIFIED');
    expect(() => openNote(go.want, [enoch])).toThrowWithCode(VerificationError, 'NOTE_UNVERIFIED');
  });

  it('when any byte of the signature is flipped, does not verify', () => {
    const line = go.want.slice(go.want.lastIndexOf('— '));
    const raw = fromBase64(line.slice('— PeterNeumann '.length, -1));
    const accepted: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      const bad = raw.slice();
      bad[i] ^= 0x01;
      const msg = go.want.replace(toBase64(raw), toBase64(bad));
      const r = verifyNote(msg, [peter]);
      // Flips in the key ID make the signature "unknown"; flips in the signature make it bad.
      const want = i < 4 ? 'NOTE_UNVERIFIED' : 'NOTE_BAD_SIGNATURE';
      if (codeOf(r) !== want) accepted.push(`byte ${i}: ${codeOf(r)}`);
    }
    expect(accepted).toEqual([]);
  });

  it('when the text is changed, returns NOTE_BAD_SIGNATURE', () => {
    for (const msg of [
      go.want.replace('cryptography', 'Cryptography'),
      go.want.replace("don't", 'do'),
      'x' + go.want,
    ])
      expect(codeOf(verifyNote(msg, [peter]))).toBe('NOTE_BAD_SIGNATURE');
  });

  it.each([
    ['no blank line', go.want.replace('\n\n—', '\n—')],
    ['no final newline', go.want.slice(0, -1)],
    ['empty signature block', go.text + '\n'],
    ['a control character', go.want.replace('If you', 'If\tyou')],
    ['a carriage return', go.want.replace('\n\n', '\r\n\n')],
    ['a hyphen for the em dash', go.want.replace('— ', '- ')],
    ['two spaces', go.want.replace('— PeterNeumann ', '— PeterNeumann  ')],
    ['a name with a plus', go.want.replace('PeterNeumann', 'Peter+Neumann')],
    ['bad base64', go.want.replace('x08go', 'x08g!')],
    ['a 4-byte signature', go.text + '\n— PeterNeumann ' + toBase64(new Uint8Array(4)) + '\n'],
    ['a trailing blank line', go.want + '\n'],
    ['a lone surrogate', go.want.replace('If', '\ud800f')],
    ['101 signatures', go.text + '\n' + go.second_sig_line.repeat(101)],
    ['not a string', 42 as unknown as string],
  ])('when a note has %s, returns NOTE_MALFORMED', (_what, msg) => {
    expect(codeOf(verifyNote(msg, [peter, enoch]))).toBe('NOTE_MALFORMED');
    expect(() => parseNote(msg)).toThrowWithCode(InputError, 'NOTE_MALFORMED');
  });

  it('does take the text up to the last blank line', () => {
    const { name, seed } = parseSignerKey(go.skey);
    const text = 'para one\n\npara two\n';
    const note = signNote(text, [ed25519Signer(name, seed)]);
    expect(parseNote(note).text).toBe(text);
    expect(openNote(note, [peter])).toBe(text);
  });

  it('does accept at least 16 signatures', () => {
    const msg = go.want + go.second_sig_line.repeat(15);
    expect(verifyNote(msg, [peter]).ok).toBe(true);
    expect(utf8(msg).length).toBeGreaterThan(16 * 64);
  });
});

describe("isEd25519SignatureBase64 (the audit's checkpoint fast path)", () => {
  /** What the detailed check accepts: strict base64 of exactly 68 bytes. */
  const strict68 = (t: string) => {
    try {
      return fromBase64(t).length === 68;
    } catch {
      return false;
    }
  };
  // beyond ASCII too: \u0141 and \u0130 share their low byte with "A" and "0"
  const ALPHABET =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .\u0141\u0130';

  it('does accept exactly what strict base64 of 68 bytes is', () => {
    // encodings of 66–70 random bytes, each with up to two characters replaced or removed
    const text = fc
      .tuple(
        fc.uint8Array({ minLength: 66, maxLength: 70 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ALPHABET, '')), { maxLength: 2 })
      )
      .map(([bytes, edits]) => {
        let t = toBase64(bytes);
        for (const [at, c] of edits) {
          const p = at % t.length;
          t = t.slice(0, p) + c + t.slice(p + 1);
        }
        return t;
      });
    fc.assert(
      fc.property(text, (t) => {
        expect([t, isEd25519SignatureBase64(t)]).toEqual([t, strict68(t)]);
      }),
      { numRuns: 20000 }
    );
    // every character in the last two places of a real encoding (padding bits included)
    const good = toBase64(new Uint8Array(68).map((_, i) => i * 37));
    for (const at of [90, 91])
      for (const c of ALPHABET) {
        const t = good.slice(0, at) + c + good.slice(at + 1);
        expect([t, isEd25519SignatureBase64(t)]).toEqual([t, strict68(t)]);
      }
  });
});
