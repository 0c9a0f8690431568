import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { concatBytes, toHex, utf8 } from '../../shared/bytes.js';
import {
  createHasher,
  nobleHasher,
  tagPrefix,
  taggedHash,
  taggedTextHash,
  type Hasher,
} from '../../shared/hash.js';

// FIPS 180-2 Appendix B.1: SHA-256("abc").
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/** The definition sha256Text stands for, built the allocating way with noble's SHA-256. */
const reference = (prefix: Uint8Array, text: string) =>
  toHex(nobleSha256(concatBytes(prefix, utf8(text))));

/** The default Hasher, and one that writes every input into its own reused buffer. */
const hashers: [string, Hasher][] = [
  ['nobleHasher', nobleHasher],
  ['createHasher (reused buffer)', createHasher(nobleSha256)],
];

describe.each(hashers)('%s: sha256Text', (_name, hasher) => {
  const sha256Text = (prefix: Uint8Array, text: string) => hasher.sha256Text(prefix, text);

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

describe.each(hashers)('%s: sha256Concat', (_name, hasher) => {
  it('does hash a || b || c for any parts, one call after another', () => {
    // sizes across the reused buffer's growth (1 KiB) and the fresh-copy path (over 64 KiB)
    const part = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.nat({ max: 40_000 }).map((n) => new Uint8Array(n).fill(n & 0xff))
    );
    fc.assert(
      fc.property(part, part, fc.option(part, { nil: undefined }), part, (a, b, c, d) => {
        const first = hasher.sha256Concat(a, b, c);
        const second = hasher.sha256Concat(d, a);
        const whole = c === undefined ? concatBytes(a, b) : concatBytes(a, b, c);
        expect(toHex(first)).toBe(toHex(nobleSha256(whole)));
        expect(toHex(second)).toBe(toHex(nobleSha256(concatBytes(d, a))));
      }),
      { numRuns: 200 }
    );
  });

  it('does leave the caller’s parts and earlier digests alone', () => {
    const [a, b] = [utf8('left'), utf8('right')];
    const before = hasher.sha256Concat(a, b);
    const copy = before.slice();
    hasher.sha256Concat(b, new Uint8Array(5000).fill(7), a);
    expect(before).toEqual(copy);
    expect([a, b]).toEqual([utf8('left'), utf8('right')]);
  });

  it('does give taggedHash and taggedTextHash the default’s answers', () => {
    expect(toHex(taggedHash('seed', utf8('x'), hasher))).toBe(toHex(taggedHash('seed', utf8('x'))));
    expect(toHex(taggedTextHash('seed', 'x', hasher))).toBe(toHex(taggedHash('seed', utf8('x'))));
  });
});

describe('createHasher', () => {
  it('does refuse a function that is not SHA-256 on some known answer, or answers no bytes', () => {
    const reversed = (d: Uint8Array) => nobleSha256(d).reverse();
    expect(() => createHasher(reversed)).toThrow(/differs from SHA-256 on 0 bytes/);
    const bulkWrong = (d: Uint8Array) => nobleSha256(d.length > 1000 ? d.subarray(1) : d);
    expect(() => createHasher(bulkWrong)).toThrow(/differs from SHA-256 on 70000 bytes/);
    const hex = (d: Uint8Array) => toHex(nobleSha256(d)) as unknown as Uint8Array;
    expect(() => createHasher(hex)).toThrow(/differs from SHA-256 on 0 bytes/);
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
