/**
 * Previous attempts in a later attempt's bundle (docs/PROTOCOL.md §Previous attempts, _(v4)_): the
 * bundle of a draw whose `draw.created` lists earlier draws of its lot carries each of them — every
 * entry of it, proven under the same checkpoint — so the bundle alone shows whether a predecessor was
 * cancelled once its seed could be known (a re-roll), without fetching anything else. From protocol
 * version 4 a bundle must carry them; one of an earlier version may, and what it carries is checked
 * the same way. A previous attempt's entries pass the same entry rules as the draw's own (check 3),
 * must end in its final entry, and (check 13) are in the tree, with a complete history when it has one.
 */
import { VerificationError } from '../errors.js';
import type { Hasher } from '../hash.js';
import type { Checkpoint } from '../checkpoint.js';
import type { Bundle } from '../schemas/bundle.js';
import { PREVIOUS_ATTEMPTS_SINCE } from '../protocol-versions.js';
import { readHistory, type DrawHistory } from './history.js';
import { refuseLateCancel } from './re-roll.js';
import { checkInclusion, type KnownTree } from './log-checks.js';
import { checkHistoryChain } from './history-chain.js';

const FINAL = new Set(['draw.cancelled', 'draw.closed']);

function missing(index: number, message: string): VerificationError {
  return new VerificationError('PREVIOUS_ATTEMPTS_MISSING', message, { details: { index } });
}

/** The previous attempts as bundles of their own (same log and checkpoint). */
function asBundles(bundle: Bundle): Bundle[] {
  return (bundle.previousAttempts ?? []).map((a) => ({
    ...bundle,
    drawId: a.drawId,
    entries: a.entries,
    previousAttempts: undefined,
  }));
}

/**
 * Check 3's part: the attempts the draw lists are there (required from version 4, unless the caller
 * checks every draw of the log itself: the audit), in order, each a valid history of the same lot
 * that ended, and none cancelled once its seed could be known (DRAW_RE_ROLLED). Returns their
 * histories for check 13.
 */
export function checkPreviousAttempts(
  bundle: Bundle,
  h: DrawHistory,
  required: boolean
): DrawHistory[] {
  const listed = h.created.data.previousDrawIds;
  const carried = (bundle.previousAttempts ?? []).map((a) => a.drawId);
  const version = h.announced?.data.announcement.spec.version ?? 0;
  const mustCarry = required && version >= PREVIOUS_ATTEMPTS_SINCE && listed.length > 0;
  if ((mustCarry || carried.length > 0) && carried.join(' ') !== listed.join(' '))
    throw missing(
      h.created.index,
      `draw ${bundle.drawId} lists previous attempts [${listed.join(', ')}]; the bundle carries [${carried.join(', ')}]`
    );
  return asBundles(bundle).map((b) => {
    const p = readHistory(b.drawId, b.entries);
    if (p.created.data.lotId !== h.created.data.lotId)
      throw missing(
        p.created.index,
        `previous attempt ${b.drawId} is of lot ${p.created.data.lotId}, not ${h.created.data.lotId}`
      );
    if (!FINAL.has(p.last) || p.lastIndex > h.created.index)
      throw missing(
        p.lastIndex,
        `previous attempt ${b.drawId} ends with ${p.last} at entry ${p.lastIndex}, not with its final entry before draw ${bundle.drawId} was created`
      );
    refuseLateCancel(b.drawId, b.entries);
    return p;
  });
}

/** Check 13's part: every entry of the previous attempts is in the tree, their histories complete. */
export function checkPreviousInclusion(
  bundle: Bundle,
  histories: readonly DrawHistory[],
  checkpoint: Checkpoint,
  opts: { hasher: Hasher; tree?: KnownTree }
): number {
  let proven = 0;
  asBundles(bundle).forEach((b, k) => {
    const { leaves } = checkInclusion(b, checkpoint, opts);
    const p = histories[k]!;
    if (p.chained && p.announced) checkHistoryChain(b, leaves, p.announced.index, opts.hasher);
    proven += b.entries.length;
  });
  return proven;
}
