/**
 * Can a candidate take a seat? (docs/PROTOCOL.md §Reserves, and the walk's witness shortcut in
 * §Feasibility predicate, "How we solve it"). Both questions swap one member out and one candidate in
 * and ask whether every quota stays within its bounds and every cap key within its limit; the counts
 * before the swap are given, so each test costs O(quotas + keys).
 */
import { keysOf, limitOf } from './cap-keys.js';
import type { Rules } from './compile-rules.js';

export const quotasOf = (rules: Rules, i: number): readonly number[] =>
  rules.sigQuotas[rules.sigOf[i]!]!;

/**
 * Would every quota stay within its bounds if a member counting toward `out` gave its seat to a
 * candidate counting toward `into`? `cnt` are the counts before the swap (changed and restored).
 */
function swapKeepsQuotas(
  rules: Rules,
  cnt: Int32Array,
  out: readonly number[],
  into: readonly number[]
): boolean {
  for (const b of out) cnt[b]!--;
  for (const b of into) cnt[b]!++;
  let ok = true;
  for (let b = 0; b < rules.quotas.length && ok; b++)
    if (cnt[b]! < rules.quotas[b]!.lo || cnt[b]! > rules.quotas[b]!.hi) ok = false;
  for (const b of out) cnt[b]!++;
  for (const b of into) cnt[b]!--;
  return ok;
}

/**
 * Would every key of e stay within its cap if member m gave e its seat? `counts[j]` is the count of
 * e's j-th key before the swap.
 */
function swapKeepsCaps(
  rules: Rules,
  keysE: Int32Array,
  counts: ArrayLike<number>,
  m: number
): boolean {
  if (keysE.length === 0) return true;
  const keysM = keysOf(rules, m);
  for (let j = 0; j < keysE.length; j++) {
    const k = keysE[j]!;
    if (counts[j]! + 1 - (keysM.includes(k) ? 1 : 0) > limitOf(rules, k)) return false;
  }
  return true;
}

/** Can `e` take the seat of some member so that the commission still satisfies every rule? */
export function fitsSomeSeat(
  rules: Rules,
  members: readonly number[],
  cntQ: Int32Array,
  cntK: Int32Array,
  e: number
): boolean {
  const qe = quotasOf(rules, e);
  const keysE = keysOf(rules, e);
  const counts = Array.from(keysE, (k) => cntK[k]!);
  for (const m of members)
    if (
      swapKeepsQuotas(rules, cntQ, quotasOf(rules, m), qe) &&
      swapKeepsCaps(rules, keysE, counts, m)
    )
      return true;
  return false;
}

/** A w ∈ W such that A ∪ W − w + e satisfies every rule, or -1 (counts of A given, W scanned). */
export function swapInto(
  rules: Rules,
  cntQ: Int32Array,
  cntK: Int32Array,
  wit: readonly number[],
  e: number
): number {
  const cq = Int32Array.from(cntQ);
  for (const w of wit) for (const b of quotasOf(rules, w)) cq[b]!++;
  const keysE = keysOf(rules, e);
  const counts = Array.from(
    keysE,
    (k) => cntK[k]! + wit.filter((w) => keysOf(rules, w).includes(k)).length
  );
  const qe = quotasOf(rules, e);
  for (const w of wit)
    if (
      swapKeepsQuotas(rules, cq, quotasOf(rules, w), qe) &&
      swapKeepsCaps(rules, keysE, counts, w)
    )
      return w;
  return -1;
}
