/**
 * A small seeded PRNG for demo data only (mulberry32): the same seed gives the same demo registry on
 * every machine. Never used for anything a draw depends on.
 */
export interface Prng {
  /** integer in [0, n) */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /** true with probability percent/100 */
  chance(percent: number): boolean;
}

export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const int = (n: number) => next() % n;
  return {
    int,
    pick: (xs) => xs[int(xs.length)]!,
    chance: (percent) => int(100) < percent,
  };
}
