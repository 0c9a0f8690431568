/**
 * Complete draw histories (docs/PROTOCOL.md §Complete histories, protocol version 2). A bundle holds
 * the entries of one draw picked out of a log that has no absence proofs per subject, so without a
 * chain an operator could hand out a bundle that silently leaves out a rejected reveal or a draft
 * edit. From version 2 on, every draw entry from `draw.announced` on carries
 * `history: {entries, head}`: how many entries of the same draw the log holds before it, and the
 * running hash over their log indexes and leaf hashes
 *
 *   head_0 = 32 zero bytes
 *   head_i = taggedHash("draw-history", head_(i−1) || uint64be(index_i) || leafHash_i)
 *
 * so leaving out any entry that a later entry follows changes what that later entry commits to.
 * A running hash (not "the previous entry's index and leaf") lets the announcement commit to every
 * entry before it — the draft edits and witness commitments written before anyone knew the draw's
 * version — without those entries carrying anything.
 */
import { concatBytes, toHex, uint64be } from './bytes.js';
import { taggedHash, type Hasher } from './hash.js';

export const HISTORY_HEAD_ZERO: Uint8Array = new Uint8Array(32);

/** One of the draw's entries as the chain sees it: its log index and RFC 6962 leaf hash. */
export interface HistoryLeaf {
  index: number;
  leafHash: Uint8Array;
}

/** head_i from head_(i−1) and entry i. */
export function nextHistoryHead(head: Uint8Array, leaf: HistoryLeaf, hasher: Hasher): Uint8Array {
  return taggedHash(
    'draw-history',
    concatBytes(head, uint64be(BigInt(leaf.index)), leaf.leafHash),
    hasher
  );
}

/** What an entry that follows `leaves` (the draw's earlier entries, in log order) commits to. */
export function historyAfter(
  leaves: readonly HistoryLeaf[],
  hasher: Hasher
): { entries: number; head: string } {
  let head: Uint8Array = HISTORY_HEAD_ZERO;
  for (const l of leaves) head = nextHistoryHead(head, l, hasher);
  return { entries: leaves.length, head: toHex(head) };
}
