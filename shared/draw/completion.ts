/**
 * The feasibility predicate (docs/PROTOCOL.md §Feasibility predicate): given the accepted set A′ (the
 * members so far plus the candidate) and the set R of candidates later in the order, does some B ⊆ R
 * with |B| = size − |A′| make A′ ∪ B satisfy every min and max quota and every cap?
 *
 * The answer is exact. It is computed in layers, each sound on its own:
 *  1. Relaxation without caps, by counts per quota signature (shared/draw/solver.ts): no solution
 *     there means no solution at all.
 *  2. Realization: pick that many candidates per signature while respecting every cap; if it works,
 *     the picks are a witness (with no binding cap it always works).
 *  3. Otherwise the exact search over classes (quota signature, binding cap keys) decides.
 * A witness is returned, so the walk can reuse it (shared/draw/select.ts).
 */
import { solveCounts, type CountClass } from './solver.js';
import { keysOf, limitOf } from './cap-keys.js';
import type { Rules } from './compile-rules.js';

/** The walk's state as the predicate sees it. */
export interface CompletionView {
  /** counts of A′ per quota */
  cntQ: Int32Array;
  /** counts of A′ per cap key id */
  cntK: Int32Array;
  /** seats left after A′ */
  seats: number;
  /** per signature (Rules.sigQuotas): how many of R have it */
  remBySig: Int32Array;
  /** 1 iff the pool index is in R */
  available: Uint8Array;
}

/** A view with A′ empty and R the whole pool (the check made before announcement). */
export function wholePoolView(rules: Rules): CompletionView {
  return {
    cntQ: new Int32Array(rules.quotas.length),
    cntK: new Int32Array(rules.keys.capacity),
    seats: rules.size,
    remBySig: Int32Array.from(rules.bySig, (l) => l.length),
    available: new Uint8Array(rules.entries.length).fill(1),
  };
}

export function completionExists(rules: Rules, v: CompletionView): boolean {
  return findCompletion(rules, v) !== null;
}

/** A completion B (pool indexes) when one exists, else null. */
export function findCompletion(rules: Rules, v: CompletionView): number[] | null {
  const lo = rules.quotas.map((q, b) => q.lo - v.cntQ[b]!);
  const hi = rules.quotas.map((q, b) => q.hi - v.cntQ[b]!);
  if (hi.some((h) => h < 0)) return null;
  if (v.seats === 0) return lo.every((l) => l <= 0) ? [] : null;

  const sigClasses: CountClass[] = rules.sigQuotas.map((quotas, id) => ({
    quotas,
    caps: [],
    avail: v.remBySig[id]!,
  }));
  const relaxed = solveCounts({
    classes: sigClasses,
    seats: v.seats,
    lo,
    hi,
    cap: [],
    groups: rules.groups,
    groupOf: rules.groupOf,
  });
  if (relaxed === null) return null;
  return realize(rules, v, relaxed) ?? exactCompletion(rules, v, lo, hi);
}

/**
 * Realization of per-signature takes: the first available members of each (pool order) whose cap
 * keys all still have room. Returns the members — a witness — or null if the greedy pick fails
 * (which proves nothing; the exact search then decides).
 */
function realize(rules: Rules, v: CompletionView, takes: number[]): number[] | null {
  // A limit of `size` or more binds nothing: a commission never has more members.
  const binding = rules.caps.some((c) => c.limit < rules.size);
  const extra = new Map<number, number>();
  const picked = new Set<number>();
  for (let id = 0; id < takes.length; id++) {
    let want = takes[id]!;
    for (const i of rules.bySig[id]!) {
      if (want === 0) break;
      if (!v.available[i] || picked.has(i)) continue;
      if (binding) {
        const keys = keysOf(rules, i);
        let fits = true;
        for (const k of keys)
          if (v.cntK[k]! + (extra.get(k) ?? 0) >= limitOf(rules, k)) fits = false;
        if (!fits) continue;
        for (const k of keys) extra.set(k, (extra.get(k) ?? 0) + 1);
      }
      picked.add(i);
      want--;
    }
    if (want > 0) return null;
  }
  return [...picked];
}

/**
 * The exact search with caps (exported so tests can check it alone against brute force). A cap key
 * binds only if its remaining room is below both the open seats and its number of candidates in R;
 * others can never be exceeded and are dropped, which makes more candidates interchangeable. lo/hi
 * are the residual quota bounds (bound minus the count in A′).
 */
export function exactCompletion(
  rules: Rules,
  v: CompletionView,
  lo: number[],
  hi: number[]
): number[] | null {
  const r = v.seats;
  const members: number[] = [];
  const inR = new Map<number, number>();
  for (let id = 0; id < rules.bySig.length; id++) {
    if (v.remBySig[id] === 0) continue;
    for (const i of rules.bySig[id]!) {
      if (!v.available[i]) continue;
      members.push(i);
      for (const k of keysOf(rules, i)) inR.set(k, (inR.get(k) ?? 0) + 1);
    }
  }
  const dense = new Map<number, number>();
  const cap: number[] = [];
  for (const [k, count] of [...inR.entries()].sort(([a], [b]) => a - b)) {
    const room = limitOf(rules, k) - v.cntK[k]!;
    if (room < Math.min(r, count)) {
      dense.set(k, cap.length);
      cap.push(room);
    }
  }
  const classes = new Map<string, CountClass & { members: number[] }>();
  for (const i of members) {
    const caps: number[] = [];
    for (const k of keysOf(rules, i)) {
      const d = dense.get(k);
      if (d !== undefined) caps.push(d);
    }
    const sig = rules.sigOf[i]!;
    const key = `${sig}|${caps.join(',')}`;
    const c = classes.get(key);
    if (c) {
      c.avail++;
      c.members.push(i);
    } else classes.set(key, { quotas: rules.sigQuotas[sig]!, caps, avail: 1, members: [i] });
  }
  const list = [...classes.values()];
  const takes = solveCounts({
    classes: list,
    seats: r,
    lo,
    hi,
    cap,
    groups: rules.groups,
    groupOf: rules.groupOf,
  });
  // Members of a class are interchangeable: any `take` of them complete the commission.
  return takes === null ? null : list.flatMap((c, j) => c.members.slice(0, takes[j]));
}
