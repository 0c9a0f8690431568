import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex, utf8 } from '../../shared/bytes.js';
import { sha256Text, tagPrefix, taggedHash, taggedTextHash } from '../../shared/hash.js';

// FIPS 180-2 Appendix B.1: SHA-256("abc").
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/** The definition sha256Text stands for, built the allocating way with noble's SHA-256. */
const reference = (prefix: Uint8Array, text: string) =>
  toHex(nobleSha256(concatBytes(prefix, utf8(text))));

describe('sha256Text', () => {
  it('does give the FIPS 180-2 answer, with and without a prefix', () => {
    expect(toHex(sha256Text(new Uint8Array(0), 'abc'))).toBe(ABC);
    expect(toHex(sha256Text(utf8('a'), 'bc'))).toBe(ABC);
  });

  it('does hash prefix || UTF-8(text) for any text, one call after another', () => {
    // Any UTF-16 text (lone surrogates included, which UTF-8 encoding turns into U+FFFD as
    // utf8() does), and lengths across the reused buffer's growth and the large-text path.
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 2000 }),
      fc.nat({ max: 30_000 }).map((n) => 'ә'.repeat(n))
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), text, text, (prefix, a, b) => {
        const first = sha256Text(prefix, a);
        const second = sha256Text(prefix, b);
        expect(toHex(first)).toBe(reference(prefix, a));
        expect(toHex(second)).toBe(reference(prefix, b));
      }),
      { numRuns: 300 }
    );
  });

  it('does leave the caller’s prefix and earlier digests alone', () => {
    const prefix = utf8('prefix');
    const before = sha256Text(prefix, 'one');
    const copy = before.slice();
    sha256Text(prefix, 'two'.repeat(5000));
    expect(before).toEqual(copy);
    expect(prefix).toEqual(utf8('prefix'));
  });
});

describe('taggedTextHash', () => {
  it('is taggedHash of the text’s UTF-8 bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('prev-checkpoint', 'announcement', 'seed', 'pool-entry'),
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        (tag, text) => {
          expect(toHex(taggedTextHash(tag, text))).toBe(toHex(taggedHash(tag, utf8(text))));
          expect(toHex(taggedTextHash(tag, text))).toBe(reference(tagPrefix(tag), text));
        }
      ),
      { numRuns: 300 }
    );
  });
});
