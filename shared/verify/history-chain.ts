/**
 * Check 13's second half for a version 2 draw (docs/PROTOCOL.md §Complete histories): every entry
 * that carries `history` commits to exactly the draw's entries the bundle holds before it. It runs
 * after every entry's inclusion is proven, so a changed entry is still reported as not in the log,
 * and what remains to fail here is an entry left out (or a bundle that reorders or repeats one,
 * which check 3 already refuses). HISTORY_INCOMPLETE names the first entry whose chain breaks.
 */
import { toHex } from '../bytes.js';
import { nextHistoryHead, HISTORY_HEAD_ZERO } from '../draw-history.js';
import { VerificationError } from '../errors.js';
import type { Hasher } from '../hash.js';
import type { HistoryLink } from '../schemas/draw-events.js';
import type { Bundle } from '../schemas/bundle.js';

/**
 * Checks the chain; returns how many entries carried it. `leaves` are the entries' leaf hashes;
 * every entry from log index `from` (the announcement's) on must carry `history`.
 */
export function checkHistoryChain(
  bundle: Bundle,
  leaves: readonly Uint8Array[],
  from: number,
  hasher: Hasher
): number {
  let head: Uint8Array = HISTORY_HEAD_ZERO;
  let linked = 0;
  for (const [k, { index, entry }] of bundle.entries.entries()) {
    const link = (entry.data as { history?: HistoryLink }).history;
    if (link === undefined && index >= from)
      throw new VerificationError(
        'HISTORY_INCOMPLETE',
        `entry ${index} of a version 2 draw does not commit to the entries before it (no history)`,
        { details: { index } }
      );
    if (link !== undefined) {
      if (link.entries !== k)
        throw new VerificationError(
          'HISTORY_INCOMPLETE',
          `entry ${index} follows ${link.entries} entries of the draw; the bundle holds ${k} before it`,
          { details: { index } }
        );
      if (link.head !== toHex(head))
        throw new VerificationError(
          'HISTORY_INCOMPLETE',
          `entry ${index} follows other entries of the draw than the ${k} the bundle holds before it`,
          { details: { index } }
        );
      linked += 1;
    }
    head = nextHistoryHead(head, { index, leafHash: leaves[k]! }, hasher);
  }
  return linked;
}
