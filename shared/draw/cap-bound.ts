/**
 * Cap-aware upper bounds for the count search (docs/PROTOCOL.md §Feasibility predicate, "How we solve
 * it"). Each class is charged to its first binding cap key (an organization, a region, …); the members
 * still to come can fill at most Σ_k min(room_k, remaining charged to k) seats plus those with no
 * binding key, and the same per quota. Every taken member uses room in all of its keys, so these are
 * sound upper bounds; they are kept up to date in O(quotas) per step of the search.
 */
import type { CountClass } from './solver.js';

export class CapBound {
  private readonly owner: Int32Array;
  private readonly rem: Int32Array;
  private readonly remQ: Int32Array;
  private readonly term: Int32Array;
  private readonly termQ: Int32Array;
  private readonly keyTermQ: Int32Array;
  private readonly freeQ: Int32Array;
  private keyTerm = 0;
  private free = 0;

  constructor(
    private readonly cls: readonly CountClass[],
    private readonly Q: number,
    private readonly cap: Int32Array
  ) {
    const O = cap.length;
    this.owner = Int32Array.from(cls, (c) => (c.caps.length > 0 ? c.caps[0]! : -1));
    this.rem = new Int32Array(O);
    this.remQ = new Int32Array(O * Q);
    this.term = new Int32Array(O);
    this.termQ = new Int32Array(O * Q);
    this.keyTermQ = new Int32Array(Q);
    this.freeQ = new Int32Array(Q);
    cls.forEach((_, i) => this.move(i, 1, false));
    for (let o = 0; o < O; o++) this.refresh(o);
  }

  /** Class i enters (+1) or leaves (−1) the classes still to come. */
  move(i: number, sign: number, refresh = true): void {
    const c = this.cls[i]!;
    const o = this.owner[i]!;
    const d = sign * c.avail;
    if (o < 0) {
      this.free += d;
      for (const q of c.quotas) this.freeQ[q]! += d;
      return;
    }
    this.rem[o] = this.rem[o]! + d;
    for (const q of c.quotas) this.remQ[o * this.Q + q]! += d;
    if (refresh) this.refresh(o);
  }

  /** Recomputes key o's terms after its room or its remaining members changed. */
  refresh(o: number): void {
    const room = Math.max(this.cap[o]!, 0);
    const t = Math.min(room, this.rem[o]!);
    this.keyTerm += t - this.term[o]!;
    this.term[o] = t;
    for (let q = 0; q < this.Q; q++) {
      const k = o * this.Q + q;
      const tq = Math.min(room, this.remQ[k]!);
      this.keyTermQ[q] = this.keyTermQ[q]! + tq - this.termQ[k]!;
      this.termQ[k] = tq;
    }
  }

  /** At most this many seats can still be filled. */
  seats(): number {
    return this.keyTerm + this.free;
  }

  /** At most this many more members counting toward quota q can still be seated. */
  supply(q: number): number {
    return this.keyTermQ[q]! + this.freeQ[q]!;
  }
}
