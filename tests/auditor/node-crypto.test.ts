import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { fromHex, toHex, utf8 } from '../../shared/bytes.js';
import { createHasher, nobleHasher, sha256, taggedHash } from '../../shared/hash.js';
import { nativeSha256, nodeHasher } from '../../auditor/node-crypto.js';

// FIPS 180-2 Appendix B.1 and B.2 (the "abc" and 448-bit messages).
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const TWO_BLOCKS = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';

describe('native SHA-256 at the edge', () => {
  it('does give FIPS 180-2 answers as a plain Uint8Array through nodeHasher', () => {
    const hasher = nodeHasher();
    const h = hasher.sha256(utf8('abc'));
    expect(toHex(h)).toBe(ABC);
    expect(Object.getPrototypeOf(h)).toBe(Uint8Array.prototype);
    expect(
      toHex(hasher.sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))
    ).toBe(TWO_BLOCKS);
    // a domain-separated hash is the same function of its bytes, whichever backend runs it
    const tagged = taggedHash('pool', fromHex('00ff'), hasher);
    expect(toHex(tagged)).toBe(
      toHex(nativeSha256(new Uint8Array([...utf8('adal-draw/1/pool'), 0, 0x00, 0xff])))
    );
  });

  it('does answer as noble does on any input, every byte value of the digest included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const h = nativeSha256(data);
        expect(h).toBeInstanceOf(Uint8Array);
        expect(toHex(h)).toBe(toHex(nobleSha256(data)));
      }),
      { numRuns: 2000 }
    );
  });

  it('does make the Hasher once per thread, and its concatenations answer as noble’s do', () => {
    const hasher = nodeHasher();
    expect(nodeHasher()).toBe(hasher);
    const bytes = fc.uint8Array({ maxLength: 200 });
    fc.assert(
      fc.property(bytes, bytes, fc.option(bytes, { nil: undefined }), fc.string(), (a, b, c, t) => {
        expect(toHex(hasher.sha256Concat(a, b, c))).toBe(toHex(nobleHasher.sha256Concat(a, b, c)));
        expect(toHex(hasher.sha256Text(a, t))).toBe(toHex(nobleHasher.sha256Text(a, t)));
      }),
      { numRuns: 1000 }
    );
  });

  it('does refuse an implementation that differs from SHA-256, shared/ keeping noble’s', () => {
    const wrongOnLongInputs = (d: Uint8Array) =>
      d.length > 64 ? nativeSha256(d.subarray(1)) : nativeSha256(d);
    expect(() => createHasher(wrongOnLongInputs)).toThrow(/differs from SHA-256 on 65 bytes/);
    expect(toHex(sha256(utf8('abc')))).toBe(ABC);
  });
});
