import { describe, expect, it } from '@jest/globals';
import { canonicalString, hashObject } from '../../shared/canonical.js';
import { CanonicalError } from '../../shared/errors.js';
import { toHex } from '../../shared/bytes.js';

describe('canonicalString (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    // RFC 8785 §3.2.3 sorting example keys, reduced to strings.
    const v = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = ['\\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const text = canonicalString(v);
    const positions = order.map((k) => text.indexOf(`"${k}":`));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!))).toBe(true);
  });
  it('encodes nested values without spaces', () => {
    expect(canonicalString({ b: [1, 'x', null, true], a: { d: false, c: -5 } })).toBe(
      '{"a":{"c":-5,"d":false},"b":[1,"x",null,true]}'
    );
  });
  it('refuses floats and lone surrogates', () => {
    expect(() => canonicalString({ a: 1.5 })).toThrowWithCode(CanonicalError, 'CANONICAL_NUMBER');
    expect(() => canonicalString('\ud800')).toThrowWithCode(CanonicalError, 'CANONICAL_STRING');
  });
  it('separates domains by tag', () => {
    expect(toHex(hashObject('pool', { a: 1 }))).not.toBe(toHex(hashObject('spec', { a: 1 })));
  });
});
