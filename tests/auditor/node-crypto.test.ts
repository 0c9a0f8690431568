import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { fromHex, toHex, utf8 } from '../../shared/bytes.js';
import { sha256, taggedHash, useSha256 } from '../../shared/hash.js';
import { installNativeSha256, nativeSha256 } from '../../auditor/node-crypto.js';

// FIPS 180-2 Appendix B.1 and B.2 (the "abc" and 448-bit messages).
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const TWO_BLOCKS = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';

describe('native SHA-256 at the edge', () => {
  it('does give FIPS 180-2 answers as a plain Uint8Array once installed', () => {
    installNativeSha256();
    const h = sha256(utf8('abc'));
    expect(toHex(h)).toBe(ABC);
    expect(Object.getPrototypeOf(h)).toBe(Uint8Array.prototype);
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      TWO_BLOCKS
    );
    // a domain-separated hash is the same function of its bytes, whichever backend runs it
    const tagged = taggedHash('pool', fromHex('00ff'));
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

  it('does refuse an implementation that differs from SHA-256, keeping the current one', () => {
    const wrongOnLongInputs = (d: Uint8Array) =>
      d.length > 64 ? nativeSha256(d.subarray(1)) : nativeSha256(d);
    expect(() => useSha256(wrongOnLongInputs)).toThrow(/differs from SHA-256 on 65 bytes/);
    expect(toHex(sha256(utf8('abc')))).toBe(ABC);
  });
});
