/**
 * Requests/s of several URLs measured in the same run, for ratios to a reference route (the
 * hello-world): every URL is loaded once as a warm-up (not counted), then `rounds` rounds load each
 * URL in turn, the order rotating by one each round so none always runs first or last. A ratio is the
 * median over rounds of url / reference within the same round, which cancels most of what other work
 * on a shared machine does to a round; rates are medians over rounds.
 */
export interface RateComparison<K extends string> {
  /** median requests/s of each URL */
  rate: Record<K, number>;
  /** median over rounds of rate(url) / rate(reference) in the same round */
  ratio: Record<K, number>;
  rounds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function compareRates<K extends string>(
  urls: Record<K, string>,
  reference: NoInfer<K>,
  load: (url: string) => Promise<number>,
  rounds = 5
): Promise<RateComparison<K>> {
  const keys = Object.keys(urls) as K[];
  for (const k of keys) await load(urls[k]);
  const runs = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < rounds; r++) {
    const order = [...keys.slice(r % keys.length), ...keys.slice(0, r % keys.length)];
    for (const k of order) runs[k].push(await load(urls[k]));
  }
  const pick = (f: (k: K) => number) =>
    Object.fromEntries(keys.map((k) => [k, f(k)])) as Record<K, number>;
  return {
    rate: pick((k) => median(runs[k])),
    ratio: pick((k) => median(runs[k].map((x, i) => x / runs[reference][i]!))),
    rounds,
  };
}
