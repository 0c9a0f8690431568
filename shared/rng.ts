/**
 * The draw's deterministic RNG (docs/PROTOCOL.md §RNG): SHA-256 in counter mode with domain separation,
 *
 *   block_i = taggedHash('rng', seed || uint64be(i)),  i = 0, 1, 2, …
 *
 * read as a stream of big-endian 32-bit words (8 per block, in byte order). uniform(m) returns an
 * unbiased integer in [0, m) by rejection sampling: draw w; accept iff w < 2^32 − (2^32 mod m); return
 * w mod m. The shuffle is the forward Fisher–Yates (Durstenfeld) shuffle of the whole pool:
 *
 *   a = [0, 1, …, n−1];  for i = 0 … n−2: j = i + uniform(n − i); swap a[i], a[j]
 *
 * so position i+1 of the order holds pool entry a[i]+1 and is fixed at step i: a prefix of the order
 * can be computed without the rest (LazyShuffle) and is identical to the prefix of the full shuffle.
 * All arithmetic is on integers below 2^53, exact in JavaScript numbers; no floating point decides
 * anything.
 */
import { nobleHasher, type Hasher } from './hash.js';
import { taggedBytes } from './tagged.js';

const TWO32 = 0x100000000;

// Exported for the tests, which draw from seeded streams (tests/helpers/draw-fixtures.ts).
export class CounterRng {
  private readonly input: Uint8Array;
  private block: Uint8Array = new Uint8Array(32);
  private pos = 32;
  private counter = 0;

  constructor(
    seed: Uint8Array,
    private readonly hasher: Hasher = nobleHasher
  ) {
    if (seed.length !== 32) throw new RangeError('the seed is 32 bytes');
    this.input = taggedBytes('rng', new Uint8Array(40));
    this.input.set(seed, this.input.length - 40);
  }

  /** The next big-endian 32-bit word of the stream. */
  nextWord(): number {
    if (this.pos === 32) {
      // uint64be(counter): counters stay far below 2^53, so division is exact.
      let c = this.counter++;
      for (let k = this.input.length - 1; k >= this.input.length - 8; k--) {
        this.input[k] = c % 256;
        c = Math.floor(c / 256);
      }
      this.block = this.hasher.sha256(this.input);
      this.pos = 0;
    }
    const b = this.block;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** Unbiased integer in [0, m), 1 ≤ m ≤ 2^32, by rejection sampling. */
  uniform(m: number): number {
    if (!Number.isSafeInteger(m) || m < 1 || m > TWO32)
      throw new RangeError('uniform: 1 ≤ m ≤ 2^32');
    const limit = TWO32 - (TWO32 % m);
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return w % m;
    }
  }
}

/** The Fisher–Yates order computed one position at a time (0-based pool indexes). */
export class LazyShuffle {
  private readonly a: Int32Array;
  private i = 0;
  private readonly rng: CounterRng;

  constructor(
    seed: Uint8Array,
    readonly n: number,
    hasher: Hasher = nobleHasher
  ) {
    this.rng = new CounterRng(seed, hasher);
    this.a = new Int32Array(n);
    for (let k = 0; k < n; k++) this.a[k] = k;
  }

  /** Pool index at the next position, or undefined when the order is exhausted. */
  next(): number | undefined {
    const i = this.i;
    if (i >= this.n) return undefined;
    if (i < this.n - 1) {
      const j = i + this.rng.uniform(this.n - i);
      const t = this.a[i]!;
      this.a[i] = this.a[j]!;
      this.a[j] = t;
    }
    this.i++;
    return this.a[i];
  }
}

/** The whole order: result[p] is the 0-based pool index at position p+1. */
export function shuffleOrder(seed: Uint8Array, n: number, hasher: Hasher = nobleHasher): number[] {
  const s = new LazyShuffle(seed, n, hasher);
  const out: number[] = [];
  for (let x = s.next(); x !== undefined; x = s.next()) out.push(x);
  return out;
}
