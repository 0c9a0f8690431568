import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  RFC3797_MAX_POOL,
  rfc3797Digest,
  rfc3797Key,
  rfc3797Select,
  rfc3797SourceText,
  type Rfc3797Source,
} from '../../shared/rfc3797.js';
import { InputError } from '../../shared/errors.js';
import { toHex, utf8 } from '../../shared/bytes.js';
import { md5 } from '../../shared/hash.js';
import vectors from '../vectors/rfc3797-section6.json' with { type: 'json' };

const v = vectors.cases[0]!;

describe('RFC 3797 §6 worked example', () => {
  it('does build the key string from the sources as published (unsorted)', () => {
    expect(rfc3797Key(v.sources_as_published)).toBe(v.key_string);
  });

  it('does reproduce all 16 digests, divisors and selected positions', () => {
    const out = rfc3797Select(v.sources_as_published, v.pool_size, v.expected.length);
    expect(out.key).toBe(v.key_string);
    expect(out.selections).toEqual(
      v.expected.map((e) => ({
        index: e.index,
        digest: e.md5,
        divisor: e.div,
        position: e.selected,
      }))
    );
  });

  it('does select the same names as the RFC and the remainders it quotes', () => {
    const out = rfc3797Select(v.sources, v.pool_size, 10);
    expect(out.selections.map((s) => v.names[s.position - 1])).toEqual(v.first_10_selected_names);
    const remainders = out.selections
      .slice(0, 4)
      .map((s) => Number(BigInt('0x' + s.digest) % BigInt(s.divisor)));
    expect(remainders).toEqual(v.remainders_first_4);
  });

  it('does hash BE16(i) || key || BE16(i)', () => {
    const key = utf8(v.key_string);
    const bracket = (hi: number, lo: number) => md5(new Uint8Array([hi, lo, ...key, hi, lo]));
    expect(toHex(bracket(0, 0)).toUpperCase()).toBe(v.expected[0]!.md5);
    expect(toHex(bracket(0, 1)).toUpperCase()).toBe(v.expected[1]!.md5);
    expect(rfc3797Digest(v.key_string, 0)).toEqual(bracket(0, 0));
    // The index is big-endian: i = 258 is bytes 01 02.
    expect(rfc3797Digest(v.key_string, 258)).toEqual(bracket(1, 2));
  });
});

describe('source canonicalization (RFC 3797 §4)', () => {
  it('does sort numbers ascending within a source, each followed by "."', () => {
    expect(rfc3797SourceText([12, 8, 10, 2, 5])).toBe('2.5.8.10.12./');
    expect(rfc3797SourceText([3, 3, 1])).toBe('1.3.3./');
  });
  it('does drop leading zeros and keep a single zero', () => {
    expect(rfc3797SourceText(['007', '0', '000', 10n])).toBe('0.0.7.10./');
  });
  it('does write fractions with the period between the parts and no trailing zeros', () => {
    expect(rfc3797SourceText(['1.250', '0.05', '3.0', '0.5'])).toBe('0.050.51.253./');
    expect(rfc3797SourceText(['1.25', '01.2500'])).toBe('1.251.25/');
  });
  it('does upper-case text sources and drop everything but letters and digits', () => {
    expect(rfc3797SourceText('W 4-1')).toBe('W41/');
    expect(rfc3797Key([[32, 40, 43, 49, 53, 21], 'Twins won 4-1'])).toBe(
      '21.32.40.43.49.53./TWINSWON41/'
    );
  });
  it('does give the same key for any order of values within a source', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 10 ** 6 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (values, seed) => {
          const shuffled = [...values].sort(
            (a, b) => ((a * 31 + seed) % 97) - ((b * 31 + seed) % 97)
          );
          expect(rfc3797SourceText(shuffled)).toBe(rfc3797SourceText(values));
        }
      ),
      { seed: 3797, numRuns: 200 }
    );
  });
  it('does refuse what the RFC cannot express, naming the source', () => {
    const bad: [Rfc3797Source[], string][] = [
      [[], 'RFC3797_SOURCES_EMPTY'],
      [[[]], 'RFC3797_SOURCE_INVALID'],
      [[[-1]], 'RFC3797_SOURCE_INVALID'],
      [[[-1n]], 'RFC3797_SOURCE_INVALID'],
      [[[1.5]], 'RFC3797_SOURCE_INVALID'],
      [[['1e3']], 'RFC3797_SOURCE_INVALID'],
      [[['.5']], 'RFC3797_SOURCE_INVALID'],
      [[['-']], 'RFC3797_SOURCE_INVALID'],
      [['Ақтөбе'], 'RFC3797_SOURCE_INVALID'],
      [['- -'], 'RFC3797_SOURCE_INVALID'],
    ];
    for (const [sources, code] of bad)
      expect(() => rfc3797Key(sources)).toThrowWithCode(InputError, code);
    expect(() => rfc3797Key([[1], [2, 'x']])).toThrow(/source 2 value 2/);
  });
});

/** The RFC reference code's selection loop (pick.py): walk the list, skipping taken entries. */
function naiveSelect(key: string, pool: number, count: number): number[] {
  const taken = new Array<boolean>(pool).fill(false);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let k = Number(BigInt('0x' + toHex(rfc3797Digest(key, i))) % BigInt(pool - i));
    for (let j = 0; j < pool; j++) {
      if (taken[j]) continue;
      if (k-- === 0) {
        taken[j] = true;
        out.push(j + 1);
        break;
      }
    }
  }
  return out;
}

describe('rfc3797Select', () => {
  it('does agree with the reference code loop for any pool and count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.nat(),
        (values, pool, c) => {
          const count = 1 + (c % pool);
          const out = rfc3797Select([values], pool, count);
          expect(out.selections.map((s) => s.position)).toEqual(naiveSelect(out.key, pool, count));
        }
      ),
      { seed: 3797, numRuns: 100 }
    );
  });

  it('does give a permutation when the whole pool is selected', () => {
    const out = rfc3797Select(v.sources, 1000, 1000);
    const positions = out.selections.map((s) => s.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 1)
    );
    expect(out.selections.at(-1)!.divisor).toBe(1);
  });

  it('does refuse bad pool sizes and counts', () => {
    for (const [pool, count, code] of [
      [0, 1, 'RFC3797_POOL_INVALID'],
      [RFC3797_MAX_POOL + 1, 1, 'RFC3797_POOL_INVALID'],
      [2.5, 1, 'RFC3797_POOL_INVALID'],
      [25, 0, 'RFC3797_COUNT_INVALID'],
      [25, 26, 'RFC3797_COUNT_INVALID'],
    ] as const)
      expect(() => rfc3797Select(v.sources, pool, count)).toThrowWithCode(InputError, code);
  });
});
