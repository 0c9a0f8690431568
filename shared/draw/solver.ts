/**
 * Exact search for a completion by counts (docs/PROTOCOL.md §Feasibility predicate, "How we solve it").
 *
 * Candidates with the same quota signature and the same set of binding cap keys are interchangeable,
 * so the search chooses how many to take from each such class, not which ones. It is a depth-first
 * search over classes with sound prunings only (too few candidates left in later classes; a min quota
 * that needs more than the open seats or that later classes cannot reach, also counting cap-key
 * room (shared/draw/cap-bound.ts); for exclusive quotas, mins that need more seats than are open, or
 * maxes that leave open seats no later candidate can take; a state already shown to fail) and never a
 * heuristic cut-off: it returns a solution if and only if one exists. Residuals are clamped before memoizing (a bound of r or more
 * with r seats left binds nothing), which keeps equal states equal.
 */
import { CapBound } from './cap-bound.js';

export interface CountClass {
  /** the quotas its members count toward, ascending (a quota signature) */
  quotas: readonly number[];
  /** dense ids (indexes into `cap`) of the binding cap keys every member holds */
  caps: readonly number[];
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
  /** per binding cap key: how many more are allowed (≥ 0) */
  cap: readonly number[];
  /**
   * Optional groups of mutually exclusive quotas (the values of one single-valued category, each an
   * ascending list of quotas): they allow two more sound prunings. A group some class holds twice is
   * ignored.
   */
  groups?: readonly (readonly number[])[];
  /** per quota: its group's index in `groups`, or −1 (computed from `groups` when absent) */
  groupOf?: ArrayLike<number>;
}

/** Per quota: the group it belongs to, or −1 (a quota is in at most one group: one category). */
export function groupIndex(quotaCount: number, groups: readonly (readonly number[])[]): Int32Array {
  const of = new Int32Array(quotaCount).fill(-1);
  groups.forEach((list, g) => {
    for (const q of list) of[q] = g;
  });
  return of;
}

/**
 * The groups that are really exclusive over these classes (a group some class holds twice is
 * dropped): per group of `p.groups`, its index among the kept ones, or −1.
 */
function exclusiveSlots(p: CountProblem, groupOf: ArrayLike<number>): number[] {
  const groups = p.groups ?? [];
  if (groups.length === 0) return [];
  const twice: boolean[] = groups.map(() => false);
  const seenIn: number[] = groups.map(() => -1);
  p.classes.forEach((c, i) => {
    if (c.avail === 0) return;
    for (const q of c.quotas) {
      const g = groupOf[q]!;
      if (g < 0) continue;
      if (seenIn[g] === i) twice[g] = true;
      seenIn[g] = i;
    }
  });
  let kept = 0;
  return twice.map((t) => (t ? -1 : kept++));
}

/** The search state; methods rather than closures so nothing is re-created per call. */
class CountSearch {
  readonly Q: number;
  readonly C: number;
  readonly G: number;
  readonly sufAvail: Int32Array;
  readonly sufQ: Int32Array;
  readonly sufOut: Int32Array;
  readonly lastUse: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly cap: Int32Array;
  readonly take: Int32Array;
  readonly failed = new Set<string>();
  /** present only when some class has binding cap keys */
  readonly capBound: CapBound | null;

  constructor(
    readonly cls: readonly CountClass[],
    readonly groups: readonly (readonly number[])[],
    /** per quota: its index in `groups`, or −1 */
    groupOf: (q: number) => number,
    p: CountProblem
  ) {
    const Q = (this.Q = p.lo.length);
    const C = (this.C = cls.length);
    const G = (this.G = groups.length);
    this.sufAvail = new Int32Array(C + 1);
    this.sufQ = new Int32Array((C + 1) * Q);
    this.sufOut = new Int32Array((C + 1) * G);
    for (let i = C - 1; i >= 0; i--) {
      const c = cls[i]!;
      this.sufAvail[i] = this.sufAvail[i + 1]! + c.avail;
      this.sufQ.copyWithin(i * Q, (i + 1) * Q, (i + 2) * Q);
      for (const q of c.quotas) this.sufQ[i * Q + q]! += c.avail;
      // members count toward at most one quota of an exclusive group: subtract them once
      for (let g = 0; g < G; g++) this.sufOut[i * G + g] = this.sufOut[(i + 1) * G + g]! + c.avail;
      for (const q of c.quotas) {
        const g = groupOf(q);
        if (g >= 0) this.sufOut[i * G + g]! -= c.avail;
      }
    }
    this.lastUse = new Int32Array(p.cap.length).fill(-1);
    cls.forEach((c, i) => c.caps.forEach((o) => (this.lastUse[o] = i)));
    this.lo = Int32Array.from(p.lo);
    this.hi = Int32Array.from(p.hi);
    this.cap = Int32Array.from(p.cap);
    this.take = new Int32Array(C);
    this.capBound = cls.some((c) => c.caps.length > 0) ? new CapBound(cls, Q, this.cap) : null;
  }

  /** Sound necessary conditions for filling r seats from classes i… in the current state. */
  bounded(i: number, r: number): boolean {
    const { Q, G, lo, hi, sufQ } = this;
    if (this.sufAvail[i]! < r) return false;
    // A member counts at most once toward a quota: no min can need more than the open seats.
    for (let q = 0; q < Q; q++) if (lo[q]! > r || lo[q]! > sufQ[i * Q + q]!) return false;
    for (let g = 0; g < G; g++) {
      let needed = 0;
      let room = this.sufOut[i * G + g]!;
      for (const q of this.groups[g]!) {
        needed += Math.max(lo[q]!, 0);
        room += Math.min(hi[q]!, sufQ[i * Q + q]!);
      }
      if (needed > r || room < r) return false;
    }
    const ob = this.capBound;
    if (ob) {
      if (ob.seats() < r) return false;
      for (let q = 0; q < Q; q++) if (lo[q]! > 0 && ob.supply(q) < lo[q]!) return false;
    }
    return true;
  }

  /** Memo key: residuals clamped (a bound of r or more with r seats left binds nothing). */
  key(i: number, r: number): string {
    let k = `${i}:${r}`;
    for (let q = 0; q < this.Q; q++)
      k += `,${Math.max(this.lo[q]!, 0)}/${Math.min(this.hi[q]!, r)}`;
    for (let o = 0; o < this.cap.length; o++)
      if (this.lastUse[o]! >= i) k += `;${o}=${Math.min(this.cap[o]!, r)}`;
    return k;
  }

  apply(c: CountClass, t: number): void {
    for (const q of c.quotas) {
      this.lo[q] = this.lo[q]! - t;
      this.hi[q] = this.hi[q]! - t;
    }
    for (const o of c.caps) {
      this.cap[o] = this.cap[o]! - t;
      this.capBound?.refresh(o);
    }
  }

  /** Class i leaves (−1) or re-enters (+1) the classes still to come. */
  move(i: number, sign: number): void {
    this.capBound?.move(i, sign);
  }

  maxTake(c: CountClass, r: number): number {
    let tmax = Math.min(c.avail, r);
    for (const q of c.quotas) tmax = Math.min(tmax, this.hi[q]!);
    for (const o of c.caps) tmax = Math.min(tmax, this.cap[o]!);
    return tmax;
  }

  dfs(start: number, r: number): boolean {
    const passed: number[] = [];
    let ok = false;
    let i = start;
    search: for (;;) {
      if (r === 0) {
        ok = true;
        for (let q = 0; q < this.Q; q++) if (this.lo[q]! > 0) ok = false;
        if (ok) this.take.fill(0, i);
        break;
      }
      if (i >= this.C || !this.bounded(i, r)) break;
      const c = this.cls[i]!;
      const tmax = this.maxTake(c, r);
      if (tmax === 0) {
        // Nothing can be taken here: move on without a new frame.
        this.take[i] = 0;
        this.move(i, -1);
        passed.push(i++);
        continue;
      }
      const k = this.key(i, r);
      if (this.failed.has(k)) break;
      for (let t = tmax; t >= 0; t--) {
        this.apply(c, t);
        this.move(i, -1);
        this.take[i] = t;
        const found = this.dfs(i + 1, r - t);
        this.move(i, 1);
        this.apply(c, -t);
        if (found) {
          ok = true;
          break search;
        }
      }
      this.failed.add(k);
      break;
    }
    while (passed.length > 0) this.move(passed.pop()!, 1);
    return ok;
  }
}

/** Takes per class (input order) filling exactly `seats` within every bound, or null if none exists. */
export function solveCounts(p: CountProblem): number[] | null {
  if (p.hi.some((h) => h < 0) || p.cap.some((c) => c < 0)) return null;
  // Search order only affects speed: classes serving unmet mins first, then larger ones.
  const idx: number[] = [];
  p.classes.forEach((c, i) => {
    if (c.avail > 0) idx.push(i);
  });
  const serves = p.classes.map((c) => {
    let n = 0;
    for (const q of c.quotas) if (p.lo[q]! > 0) n++;
    return n;
  });
  idx.sort((a, b) => serves[b]! - serves[a]! || p.classes[b]!.avail - p.classes[a]!.avail || a - b);
  const groups = p.groups ?? [];
  const groupOf = groups.length > 0 ? (p.groupOf ?? groupIndex(p.lo.length, groups)) : [];
  const slot = exclusiveSlots(p, groupOf);
  const search = new CountSearch(
    idx.map((i) => p.classes[i]!),
    groups.filter((_, g) => slot[g]! >= 0),
    (q) => (groupOf[q] === undefined || groupOf[q]! < 0 ? -1 : slot[groupOf[q]!]!),
    p
  );
  if (!search.dfs(0, p.seats)) return null;
  const out = p.classes.map(() => 0);
  idx.forEach((orig, j) => (out[orig] = search.take[j]!));
  return out;
}
