import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  canonicalEqual,
  canonicalString,
  exactCanonicalString,
  isCanonicalText,
  hashObject,
} from '../../shared/canonical.js';
import { CanonicalError } from '../../shared/errors.js';
import { toHex } from '../../shared/bytes.js';

/**
 * Arbitrary JSON-like values over the given strings and keys: null, booleans, integers, the given
 * awkward numbers, and nested arrays and objects (small depth).
 */
function jsonValues(
  str: fc.Arbitrary<string>,
  key: fc.Arbitrary<string>,
  numbers: number[]
): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    json: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.constantFrom(...numbers),
      str,
      fc.array(tie('json'), { maxLength: 4 }),
      fc.dictionary(key, tie('json'), { maxKeys: 5 })
    ),
  })).json;
}

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

describe('canonicalString fast path (JSON.stringify of already-canonical values)', () => {
  /** The answer of f: its text, or the code of the error it threw. */
  const outcome = (f: () => string) => {
    try {
      return { text: f() };
    } catch (e) {
      return { code: (e as CanonicalError).code };
    }
  };
  // Strings of any UTF-16 code units (lone surrogates included), integer-like and unsorted keys,
  // floats, −0 and nesting: whatever path is taken, the answer must be the exact path's.
  const str = fc.string({ unit: 'binary', maxLength: 6 });
  const key = fc.oneof(str, fc.constantFrom('0', '1', '10', '9', 'a', 'b', '\ud800', '__proto__'));
  const value = jsonValues(str, key, [
    -0,
    1.5,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
  ]);

  it('gives exactly the exact path answer for arbitrary values', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(outcome(() => canonicalString(v))).toEqual(outcome(() => exactCanonicalString(v)));
      }),
      { numRuns: 5000 }
    );
  });

  it('gives exactly the exact path answer for values parsed back from canonical text', () => {
    fc.assert(
      fc.property(value, (v) => {
        const r = outcome(() => exactCanonicalString(v));
        if (r.text === undefined) return;
        const parsed: unknown = JSON.parse(r.text);
        expect(canonicalString(parsed)).toBe(exactCanonicalString(parsed));
        expect(canonicalString(parsed)).toBe(r.text);
      }),
      { numRuns: 5000 }
    );
  });

  it('does compare values exactly as their canonical texts compare (canonicalEqual)', () => {
    /** The same value with every object's keys in reverse order. */
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v as Record<string, unknown>)
                .reverse()
                .map(([k, x]) => [k, reversed(x)])
            )
          : v;
    const texts = (a: unknown, b: unknown) => {
      const x = outcome(() => exactCanonicalString(a));
      const y = outcome(() => exactCanonicalString(b));
      return x.text !== undefined && x.text === y.text;
    };
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(canonicalEqual(a, b)).toBe(texts(a, b));
        expect(canonicalEqual(a, reversed(a))).toBe(texts(a, a));
        expect(canonicalEqual(a, { ...(a as object), extra: undefined })).toBe(
          texts(a, { ...(a as object) })
        );
      }),
      { numRuns: 5000 }
    );
  });

  it('does not take JSON.stringify for values it would get wrong', () => {
    // unsorted keys, an integer-like key after others, −0, a lone surrogate, a member undefined
    expect(canonicalString({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalString({ 10: 'x', 9: 'y' })).toBe('{"10":"x","9":"y"}');
    expect(canonicalString([-0])).toBe('[0]');
    expect(() => canonicalString({ a: 'x\udc00' })).toThrowWithCode(
      CanonicalError,
      'CANONICAL_STRING'
    );
    expect(canonicalString({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalString([undefined])).toThrowWithCode(CanonicalError, 'CANONICAL_TYPE');
    expect(() => canonicalString({ a: new Date(0) })).toThrowWithCode(
      CanonicalError,
      'CANONICAL_TYPE'
    );
  });
});

describe('isCanonicalText', () => {
  /** The definition: the text parses and is exactly its value's canonical text. */
  const reference = (text: string) => {
    try {
      return exactCanonicalString(JSON.parse(text)) === text;
    } catch {
      return false;
    }
  };
  // Strings of any code units, controls and escapes in them, integer-like keys, floats and big ints.
  const str = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom(
      '\u0000',
      '\b',
      '\t',
      '\n',
      '\f',
      '\r',
      '\u001f',
      '"',
      '\\',
      '/',
      '\u2028',
      '\ud83d\ude00'
    )
  );
  const key = fc.oneof(str, fc.constantFrom('0', '1', '10', '9', 'a', 'b', 'a\n', '__proto__'));
  const value = jsonValues(str, key, [
    -0,
    1.5,
    1e21,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
  ]);
  /** Texts near canonical ones: stringified in insertion order, spaced, or edited a little. */
  const JSONISH = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    'u',
    '0',
    '1',
    '-',
    'e',
    '.',
    ' ',
    'a',
    'n',
  ];
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...JSONISH));
  const text = fc.oneof(
    value.map((v) => JSON.stringify(v) ?? 'undefined'),
    value.map((v) => JSON.stringify(v, null, 1) ?? ''),
    fc.tuple(value, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([v, edits]) => {
      let t = JSON.stringify(v) ?? '';
      for (const [at, del, ins] of edits) {
        const p = t.length === 0 ? 0 : at % (t.length + 1);
        t = t.slice(0, p) + ins + t.slice(p + del);
      }
      return t;
    }),
    fc.string({ unit: fc.constantFrom(...JSONISH, '"a"', '"b"', 'true', 'null'), maxLength: 12 }),
    fc.constantFrom(
      '-0',
      '01',
      '1.0',
      '1e2',
      '9007199254740991',
      '9007199254740992',
      '-9007199254740991',
      '"\\u0041"',
      '"\\u000a"',
      '"\\u001F"',
      '"\\u001f"',
      '"\\/"',
      '"\\ud800"',
      '"\ud800"',
      '"\udc00\ud800"',
      '{"a":1,"a":1}',
      '{"b":1,"a":2}',
      '{"10":1,"9":2}',
      '{"9":1,"10":2}',
      '{"a\\n":1,"a":2}',
      '{"a":1,"a\\n":2}',
      '\ufeff{}',
      '{} ',
      '',
      '[1,]',
      '{"a":}',
      '[[[[]]]]'
    )
  );

  it('does accept every canonical text', () => {
    fc.assert(
      fc.property(value, (v) => {
        let t: string;
        try {
          t = exactCanonicalString(v);
        } catch {
          return;
        }
        expect(isCanonicalText(t)).toBe(true);
      }),
      { numRuns: 5000 }
    );
  });

  it('does answer as the definition does on arbitrary texts', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect([t, isCanonicalText(t)]).toEqual([t, reference(t)]);
      }),
      { numRuns: 20000 }
    );
  });

  it('does not overflow on deep nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(isCanonicalText(deep)).toBe(true);
    expect(isCanonicalText(deep + ']')).toBe(false);
  });
});
