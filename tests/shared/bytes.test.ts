import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromBase64, toBase64 } from '../../shared/bytes.js';

describe('base64', () => {
  it('does round-trip any bytes and agree with Node’s encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
        const text = toBase64(b);
        expect(text).toBe(Buffer.from(b).toString('base64'));
        expect(fromBase64(text)).toEqual(b);
      }),
      { numRuns: 2000 }
    );
  });

  it('does decode the RFC 4648 §10 vectors', () => {
    const vectors = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'];
    const encoded = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    vectors.forEach((v, i) => {
      expect(new TextDecoder().decode(fromBase64(encoded[i]!))).toBe(v);
    });
  });

  it('does refuse malformed and non-canonical text', () => {
    for (const bad of [
      'Zg=',
      'Zg',
      'Z===',
      '====',
      'Zm9v\n',
      'Zm 9',
      'Zm9v====',
      'Z=g=',
      'Zh==',
      'Zm9=',
      'Zé==',
      'Zm-_',
    ])
      expect(() => fromBase64(bad)).toThrow(RangeError);
  });
});
