import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareUtf8, fromBase64, isWellFormedString, toBase64 } from '../../shared/bytes.js';

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

describe('compareUtf8', () => {
  const sign = (n: number) => Math.sign(n);
  const byBytes = (a: string, b: string) => {
    const x = new TextEncoder().encode(a);
    const y = new TextEncoder().encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };
  it('does order strings exactly as their UTF-8 bytes, surrogates and lone surrogates included', () => {
    // code units from every range that matters: ASCII, Cyrillic, just below and inside the
    // surrogates, above them (U+E000–U+FFFF, which UTF-16 sorts after pairs and UTF-8 before)
    const unit = fc.constantFrom(
      0x41,
      0x61,
      0x416,
      0x4e9,
      0xd7ff,
      0xd83d,
      0xd800,
      0xdbff,
      0xdc00,
      0xde00,
      0xdfff,
      0xe000,
      0xfb33,
      0xfffd
    );
    const str = fc.array(unit, { maxLength: 5 }).map((u) => String.fromCharCode(...u));
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(sign(compareUtf8(a, b))).toBe(sign(byBytes(a, b)));
      }),
      { numRuns: 20000 }
    );
  });
});

describe('isWellFormedString', () => {
  it('does find lone surrogates and accept pairs', () => {
    expect(isWellFormedString('Ақ жол 😀')).toBe(true);
    for (const bad of ['\ud800', 'a\udc00', '\ude00\ud83d', 'x\ud83d'])
      expect(isWellFormedString(bad)).toBe(false);
  });
});
