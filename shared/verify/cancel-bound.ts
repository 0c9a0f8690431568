/**
 * A lower bound on when the log first committed an entry (docs/PROTOCOL.md §No re-roll, "Time of a
 * cancel"), from a checkpoint's time line (§Time line): the FIRST signed checkpoint whose tree holds
 * the entry (the smallest signed size greater than its index) was signed no earlier than its time
 * line's quicknet round time — a round's signature cannot exist before the round — and no signed tree
 * head held the entry before that checkpoint. So the entry was not public before that time, whatever
 * its `at` says. Only the first covering checkpoint bounds it: a later one says nothing about when the
 * entry came. Integers only (ms since the Unix epoch).
 */
import { parseCheckpoint, timeAnchorOf } from '../checkpoint.js';
import { roundTime } from '../drand-chains.js';

export interface CoveringTime {
  /** the size of the first signed checkpoint that holds the entry */
  size: number;
  /** its time line's round */
  round: number;
  /** roundTime(quicknet, round) · 1000 */
  notBeforeMs: number;
}

/**
 * The bound a signed checkpoint note gives the entries it is the first to hold: its time line's round
 * time, or null when it has no time line (a log before its first quicknet round, or before time lines).
 * The note must be one the caller verified (signature, chain, time line signature: the audit does).
 */
export function coveringTime(note: string): CoveringTime | null {
  const blank = note.lastIndexOf('\n\n');
  const c = parseCheckpoint(blank < 0 ? note : note.slice(0, blank + 1));
  const anchor = timeAnchorOf(c);
  if (!anchor) return null;
  return {
    size: c.size,
    round: anchor.round,
    notBeforeMs: roundTime('quicknet', anchor.round) * 1000,
  };
}
