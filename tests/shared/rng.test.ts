import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { concatBytes, uint64be } from '../../shared/bytes.js';
import { sha256, taggedHash } from '../../shared/hash.js';
import { CounterRng, LazyShuffle, shuffleOrder } from '../../shared/rng.js';

/** The RNG exactly as docs/PROTOCOL.md §RNG states it, written with BigInt and no shortcuts. */
function referenceOrder(seed: Uint8Array, n: number): number[] {
  let block = 0n;
  let buf: Uint8Array = new Uint8Array(0);
  const word = (): bigint => {
    if (buf.length === 0) buf = taggedHash('rng', concatBytes(seed, uint64be(block++)));
    const w =
      (BigInt(buf[0]!) << 24n) |
      (BigInt(buf[1]!) << 16n) |
      (BigInt(buf[2]!) << 8n) |
      BigInt(buf[3]!);
    buf = buf.slice(4);
    return w;
  };
  const uniform = (m: bigint): bigint => {
    const limit = 2n ** 32n - (2n ** 32n % m);
    for (;;) {
      const w = word();
      if (w < limit) return w % m;
    }
  };
  const a = [...Array(n).keys()];
  for (let i = 0; i < n - 1; i++) {
    const j = i + Number(uniform(BigInt(n - i)));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const seedOf = (s: number) => sha256(new Uint8Array([s & 255, s >> 8]));

describe('CounterRng', () => {
  it('does read block i = taggedHash(rng, seed || uint64be(i)) as big-endian words', () => {
    const seed = seedOf(1);
    const rng = new CounterRng(seed);
    const b0 = taggedHash('rng', concatBytes(seed, uint64be(0n)));
    const b1 = taggedHash('rng', concatBytes(seed, uint64be(1n)));
    const words = Array.from({ length: 9 }, () => rng.nextWord());
    const expect32 = (b: Uint8Array, k: number) =>
      ((b[4 * k]! << 24) | (b[4 * k + 1]! << 16) | (b[4 * k + 2]! << 8) | b[4 * k + 3]!) >>> 0;
    expect(words.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => expect32(b0, k)));
    expect(words[8]).toBe(expect32(b1, 0));
  });

  it('does return the raw word for m = 2^32 and refuses m outside 1..2^32', () => {
    const a = new CounterRng(seedOf(2));
    const b = new CounterRng(seedOf(2));
    expect(a.uniform(2 ** 32)).toBe(b.nextWord());
    expect(() => a.uniform(0)).toThrow(RangeError);
    expect(() => a.uniform(2 ** 32 + 1)).toThrow(RangeError);
    expect(() => new CounterRng(new Uint8Array(31))).toThrow(RangeError);
  });

  it('does reject words at or above 2^32 − (2^32 mod m)', () => {
    // m = 3·2^30: limit = 2^32 − 2^30, so a quarter of all words are rejected; find a seed whose
    // first word is rejected and check the result comes from the second word.
    const m = 3 * 2 ** 30;
    for (let s = 0; s < 200; s++) {
      const probe = new CounterRng(seedOf(s));
      const w0 = probe.nextWord();
      if (w0 < 2 ** 32 - 2 ** 30) continue;
      const w1 = probe.nextWord();
      if (w1 >= 2 ** 32 - 2 ** 30) continue;
      expect(new CounterRng(seedOf(s)).uniform(m)).toBe(w1 % m);
      return;
    }
    throw new Error('no seed with a rejected first word among 200');
  });
});

describe('shuffle', () => {
  it('does match the reference Fisher–Yates written from the protocol text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 300 }), (s, n) => {
        expect(shuffleOrder(seedOf(s), n)).toEqual(referenceOrder(seedOf(s), n));
      }),
      { seed: 3797, numRuns: 60 }
    );
  });

  it('does give a lazy prefix equal to the prefix of the whole shuffle', () => {
    const seed = seedOf(7);
    const full = shuffleOrder(seed, 1000);
    const lazy = new LazyShuffle(seed, 1000);
    expect(Array.from({ length: 25 }, () => lazy.next())).toEqual(full.slice(0, 25));
  });

  it('does produce a permutation and then undefined', () => {
    const s = new LazyShuffle(seedOf(8), 50);
    const out: number[] = [];
    for (let x = s.next(); x !== undefined; x = s.next()) out.push(x);
    expect([...out].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(s.next()).toBeUndefined();
    expect(shuffleOrder(seedOf(8), 0)).toEqual([]);
    expect(shuffleOrder(seedOf(8), 1)).toEqual([0]);
  });
});
