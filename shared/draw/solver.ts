/**
 * Exact search for a completion by counts (docs/PROTOCOL.md §Feasibility predicate, "How we solve it").
 *
 * Candidates with the same quota mask and the same set of binding organizations are interchangeable,
 * so the search chooses how many to take from each such class, not which ones. It is a depth-first
 * search over classes with sound prunings only (too few candidates left in later classes; a min quota
 * that later classes cannot reach; for exclusive quotas, mins that need more seats than are open, or
 * maxes that leave open seats no later candidate can take; a state already shown to fail) and never a
 * heuristic cut-off: it returns
 * a solution if and only if one exists. Residuals are clamped before memoizing (a bound of r or more
 * with r seats left binds nothing), which keeps equal states equal.
 */

export interface CountClass {
  /** bit q set iff members count toward quota q */
  mask: number;
  /** dense ids (indexes into `cap`) of the organizations every member holds */
  orgs: readonly number[];
  /** how many candidates are in the class */
  avail: number;
}

export interface CountProblem {
  classes: readonly CountClass[];
  /** seats to fill */
  seats: number;
  /** per quota: how many more are needed (≤ 0 when met) */
  lo: readonly number[];
  /** per quota: how many more are allowed (≥ 0) */
  hi: readonly number[];
  /** per organization: how many more are allowed (≥ 0) */
  cap: readonly number[];
  /**
   * Optional masks of mutually exclusive quotas (values of one single-valued category): they allow
   * two more sound prunings. A group some class holds twice is ignored.
   */
  groups?: readonly number[];
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** Takes per class (input order) filling exactly `seats` within every bound, or null if none exists. */
export function solveCounts(p: CountProblem): number[] | null {
  const Q = p.lo.length;
  if (p.hi.some((h) => h < 0) || p.cap.some((c) => c < 0)) return null;
  let need = 0;
  p.lo.forEach((l, q) => {
    if (l > 0) need |= 1 << q;
  });
  // Search order only affects speed: classes serving unmet mins first, then larger ones.
  const idx = p.classes.map((_, i) => i).filter((i) => p.classes[i]!.avail > 0);
  const score = (i: number) => popcount(p.classes[i]!.mask & need);
  idx.sort((a, b) => score(b) - score(a) || p.classes[b]!.avail - p.classes[a]!.avail || a - b);
  const cls = idx.map((i) => p.classes[i]!);
  const C = cls.length;

  const groups = (p.groups ?? []).filter((g) => cls.every((c) => popcount(c.mask & g) <= 1));
  const G = groups.length;
  const sufAvail = new Int32Array(C + 1);
  const sufQ = new Int32Array((C + 1) * Q);
  const sufOut = new Int32Array((C + 1) * G);
  for (let i = C - 1; i >= 0; i--) {
    const c = cls[i]!;
    sufAvail[i] = sufAvail[i + 1]! + c.avail;
    for (let q = 0; q < Q; q++)
      sufQ[i * Q + q] = sufQ[(i + 1) * Q + q]! + (c.mask & (1 << q) ? c.avail : 0);
    for (let g = 0; g < G; g++)
      sufOut[i * G + g] = sufOut[(i + 1) * G + g]! + (c.mask & groups[g]! ? 0 : c.avail);
  }
  const lastUse = new Int32Array(p.cap.length).fill(-1);
  cls.forEach((c, i) => c.orgs.forEach((o) => (lastUse[o] = i)));

  const lo = Int32Array.from(p.lo);
  const hi = Int32Array.from(p.hi);
  const cap = Int32Array.from(p.cap);
  const take = new Int32Array(C);
  const failed = new Set<string>();

  /** Sound necessary conditions for filling r seats from classes i… in the current state. */
  const bounded = (i: number, r: number): boolean => {
    if (sufAvail[i]! < r) return false;
    for (let q = 0; q < Q; q++) if (lo[q]! > sufQ[i * Q + q]!) return false;
    for (let g = 0; g < G; g++) {
      let needed = 0;
      let room = sufOut[i * G + g]!;
      for (let q = 0; q < Q; q++)
        if (groups[g]! & (1 << q)) {
          needed += Math.max(lo[q]!, 0);
          room += Math.min(hi[q]!, sufQ[i * Q + q]!);
        }
      if (needed > r || room < r) return false;
    }
    return true;
  };

  const key = (i: number, r: number): string => {
    let k = `${i}:${r}`;
    for (let q = 0; q < Q; q++) k += `,${Math.max(lo[q]!, 0)}/${Math.min(hi[q]!, r)}`;
    for (let o = 0; o < cap.length; o++) if (lastUse[o]! >= i) k += `;${o}=${Math.min(cap[o]!, r)}`;
    return k;
  };

  const apply = (c: CountClass, t: number) => {
    for (let q = 0; q < Q; q++)
      if (c.mask & (1 << q)) {
        lo[q] = lo[q]! - t;
        hi[q] = hi[q]! - t;
      }
    for (const o of c.orgs) cap[o] = cap[o]! - t;
  };

  const dfs = (start: number, r: number): boolean => {
    let i = start;
    for (;;) {
      if (r === 0) {
        for (let q = 0; q < Q; q++) if (lo[q]! > 0) return false;
        for (let j = i; j < C; j++) take[j] = 0;
        return true;
      }
      if (i >= C || !bounded(i, r)) return false;
      const c = cls[i]!;
      let tmax = Math.min(c.avail, r);
      for (let q = 0; q < Q; q++) if (c.mask & (1 << q)) tmax = Math.min(tmax, hi[q]!);
      for (const o of c.orgs) tmax = Math.min(tmax, cap[o]!);
      if (tmax > 0) break;
      take[i] = 0; // nothing can be taken here: move on without a new frame
      i++;
    }
    const k = key(i, r);
    if (failed.has(k)) return false;
    const c = cls[i]!;
    let tmax = Math.min(c.avail, r);
    for (let q = 0; q < Q; q++) if (c.mask & (1 << q)) tmax = Math.min(tmax, hi[q]!);
    for (const o of c.orgs) tmax = Math.min(tmax, cap[o]!);
    for (let t = tmax; t >= 0; t--) {
      apply(c, t);
      take[i] = t;
      const ok = dfs(i + 1, r - t);
      apply(c, -t);
      if (ok) return true;
    }
    failed.add(k);
    return false;
  };

  if (!dfs(0, p.seats)) return null;
  const out = p.classes.map(() => 0);
  idx.forEach((orig, j) => (out[orig] = take[j]!));
  return out;
}
