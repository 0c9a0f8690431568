/**
 * The feasibility predicate (docs/PROTOCOL.md §Feasibility predicate): given the accepted set A′ (the
 * members so far plus the candidate) and the set R of candidates later in the order, does some B ⊆ R
 * with |B| = size − |A′| make A′ ∪ B satisfy every min and max quota and the organization limit?
 *
 * The answer is exact. It is computed in layers, each sound on its own:
 *  1. Relaxation without organizations, by counts per quota signature (shared/draw/solver.ts): no
 *     solution there means no solution at all.
 *  2. Realization: pick that many candidates per signature while respecting the organization limit;
 *     if it works, the picks are a witness (with no organization limit it always works).
 *  3. Otherwise the exact search over classes (quota signature, binding organizations) decides.
 * A witness is returned, so the walk can reuse it (shared/draw/select.ts).
 */
import { solveCounts, type CountClass } from './solver.js';
import { orgsOf, type Rules } from './quotas.js';

/** The walk's state as the predicate sees it. */
export interface CompletionView {
  /** counts of A′ per quota */
  cntQ: Int32Array;
  /** counts of A′ per organization id */
  cntO: Int32Array;
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
    cntO: new Int32Array(rules.orgCapacity),
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
    orgs: [],
    avail: v.remBySig[id]!,
  }));
  const relaxed = solveCounts({
    classes: sigClasses,
    seats: v.seats,
    lo,
    hi,
    cap: [],
    groups: rules.groups,
  });
  if (relaxed === null) return null;
  return realize(rules, v, relaxed) ?? exactCompletion(rules, v, lo, hi);
}

/**
 * Realization of per-signature takes: the first available members of each (pool order) whose
 * organizations still have room. Returns the members — a witness — or null if the greedy pick fails
 * (which proves nothing; the exact search then decides).
 */
function realize(rules: Rules, v: CompletionView, takes: number[]): number[] | null {
  const extra = new Map<number, number>();
  const picked = new Set<number>();
  // With no limit (orgLimit = size) no organization can overflow: any members of each signature do.
  const L = rules.orgLimit >= rules.size ? Infinity : rules.orgLimit;
  for (let id = 0; id < takes.length; id++) {
    let want = takes[id]!;
    for (const i of rules.bySig[id]!) {
      if (want === 0) break;
      if (!v.available[i] || picked.has(i)) continue;
      const orgs = orgsOf(rules, i);
      let fits = true;
      for (const o of orgs) if (v.cntO[o]! + (extra.get(o) ?? 0) >= L) fits = false;
      if (!fits) continue;
      for (const o of orgs) extra.set(o, (extra.get(o) ?? 0) + 1);
      picked.add(i);
      want--;
    }
    if (want > 0) return null;
  }
  return [...picked];
}

/**
 * The exact search with organizations (exported so tests can check it alone against brute force).
 * An organization binds only if its remaining capacity is below both the open seats and its number of
 * candidates in R; others can never be exceeded and are dropped, which makes more candidates
 * interchangeable. lo/hi are the residual quota bounds (bound minus the count in A′).
 */
export function exactCompletion(
  rules: Rules,
  v: CompletionView,
  lo: number[],
  hi: number[]
): number[] | null {
  const L = rules.orgLimit;
  const r = v.seats;
  const members: number[] = [];
  const inR = new Map<number, number>();
  for (let id = 0; id < rules.bySig.length; id++) {
    if (v.remBySig[id] === 0) continue;
    for (const i of rules.bySig[id]!) {
      if (!v.available[i]) continue;
      members.push(i);
      for (const o of orgsOf(rules, i)) inR.set(o, (inR.get(o) ?? 0) + 1);
    }
  }
  const dense = new Map<number, number>();
  const cap: number[] = [];
  for (const [o, count] of [...inR.entries()].sort(([a], [b]) => a - b)) {
    const c = L - v.cntO[o]!;
    if (c < Math.min(r, count)) {
      dense.set(o, cap.length);
      cap.push(c);
    }
  }
  const classes = new Map<string, CountClass & { members: number[] }>();
  for (const i of members) {
    const orgs: number[] = [];
    for (const o of orgsOf(rules, i)) {
      const d = dense.get(o);
      if (d !== undefined) orgs.push(d);
    }
    const sig = rules.sigOf[i]!;
    const k = `${sig}|${orgs.join(',')}`;
    const c = classes.get(k);
    if (c) {
      c.avail++;
      c.members.push(i);
    } else classes.set(k, { quotas: rules.sigQuotas[sig]!, orgs, avail: 1, members: [i] });
  }
  const list = [...classes.values()];
  const takes = solveCounts({ classes: list, seats: r, lo, hi, cap, groups: rules.groups });
  // Members of a class are interchangeable: any `take` of them complete the commission.
  return takes === null ? null : list.flatMap((c, j) => c.members.slice(0, takes[j]));
}
