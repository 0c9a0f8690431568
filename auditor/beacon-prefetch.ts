/**
 * The audit's drand rounds, verified in batches before the draws are (docs/PROTOCOL.md §Batch
 * verification of drand rounds): every real draw names its own round, so a log of 10,000 draws holds
 * 10,000 BLS signatures — over four minutes of pairings one by one. The rounds logged in a set of
 * draws' `draw.beacon` entries are read first, checked per chain with shared/drand-batch.ts, and
 * each one that verifies goes into the thread's BeaconMemo; check 8 of each draw then finds it there.
 * A round that does not verify (or does not parse) is left out, and check 8 verifies it one by one
 * and reports its code at its draw, exactly as without this step.
 */
import { verifyRoundsBatch } from '../shared/drand-batch.js';
import type { BeaconInput, BeaconVerifyOptions } from '../shared/drand.js';
import { DRAW_EVENT_DATA } from '../shared/schemas/draw-events.js';
import { beaconMemoKey, type BeaconMemo } from '../shared/verify/outcome-checks.js';

/**
 * Verifies the rounds of these `draw.beacon` entries' data (hostile: anything that does not parse is
 * skipped) that are not in `memo` yet, and adds those that verify. Returns how many it added.
 */
export function prefetchBeacons(
  datas: Iterable<unknown>,
  memo: BeaconMemo,
  opts: BeaconVerifyOptions = {}
): number {
  if (opts.oneByOne) return 0;
  const byChain = new Map<string, { key: string; input: BeaconInput }[]>();
  const seen = new Set<string>();
  for (const data of datas) {
    const r = DRAW_EVENT_DATA['draw.beacon'].safeParse(data);
    if (!r.success) continue;
    const d = r.data;
    const key = beaconMemoKey(d);
    if (memo.has(key) || seen.has(key)) continue;
    seen.add(key);
    let list = byChain.get(d.chain);
    if (!list) byChain.set(d.chain, (list = []));
    list.push({
      key,
      input: {
        chain: d.chain,
        round: d.round,
        signature: d.signature,
        previousSignature: d.previousSignature,
        randomness: d.randomness,
      },
    });
  }
  let added = 0;
  for (const list of byChain.values()) {
    const ok = verifyRoundsBatch(
      list.map((x) => x.input),
      opts
    );
    for (const [i, x] of list.entries())
      if (ok[i]) {
        memo.add(x.key);
        added++;
      }
  }
  return added;
}
