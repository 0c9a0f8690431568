/**
 * Quota signatures (docs/PROTOCOL.md §Feasibility predicate, "How we solve it"): the pool split by the
 * set of quotas each entry counts toward. Entries with the same signature are interchangeable as far
 * as quotas go, so the solver counts per signature instead of per entry. A signature is the ascending
 * list of its quota indexes — not a bit mask — so the number of quotas has no ceiling here; this is
 * the one place that decides which quotas an entry counts toward.
 *
 * Built by partition refinement: every entry starts with the empty signature, and each quota moves
 * its matching entries from their signature to that signature plus the quota. Integers only.
 */

export interface QuotaSignatures {
  /** per pool index: the id of its signature (ids in order of first appearance in the pool) */
  sigOf: Int32Array;
  /** per signature: the quotas its entries count toward, ascending */
  sigQuotas: number[][];
  /** per signature: its pool indexes, ascending */
  bySig: number[][];
}

/**
 * Signatures of `n` pool entries under `quotaCount` quotas, where `matching(q, out)` writes the pool
 * indexes counting toward quota q (each at most once) into `out` (room for n) and returns how many.
 */
export function signPool(
  n: number,
  quotaCount: number,
  matching: (q: number, out: Int32Array) => number
): QuotaSignatures {
  const cls = new Int32Array(n);
  const lists: number[][] = [[]];
  const hits = new Int32Array(n);
  for (let q = 0; q < quotaCount; q++) {
    // Entries only leave classes that existed before this quota: one child per old class.
    const child = new Int32Array(lists.length).fill(-1);
    const count = matching(q, hits);
    for (let h = 0; h < count; h++) {
      const i = hits[h]!;
      const c = cls[i]!;
      let d = child[c]!;
      if (d < 0) {
        d = child[c] = lists.length;
        lists.push([...lists[c]!, q]);
      }
      cls[i] = d;
    }
  }
  const id = new Int32Array(lists.length).fill(-1);
  const sigOf = new Int32Array(n);
  const sigQuotas: number[][] = [];
  const bySig: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    if (id[c]! < 0) {
      id[c] = sigQuotas.length;
      sigQuotas.push(lists[c]!);
      bySig.push([]);
    }
    sigOf[i] = id[c]!;
    bySig[id[c]!]!.push(i);
  }
  return { sigOf, sigQuotas, bySig };
}

/** Whether the ascending quota list `quotas` holds quota q. */
export function hasQuota(quotas: readonly number[], q: number): boolean {
  for (const x of quotas) {
    if (x === q) return true;
    if (x > q) return false;
  }
  return false;
}
