/**
 * The rules of a checkpoint's time line (docs/PROTOCOL.md §Time line), written once for both of its
 * readers:
 *   - the audit (auditor/checkpoint-time.ts) applies them to every checkpoint of a log in size order,
 *     with the checkpoint before as `previous` and every `draw.beacon` entry of the log;
 *   - a bundle's check 8a `time` (checkBundleTimeLine below, run by shared/verify/run-checks.ts, so
 *     `adal verify`, the browser's /verify and the audit's re-verification of each draw) applies them
 *     to the bundle's one checkpoint, with no previous checkpoint and the draw's own `draw.beacon`
 *     entry.
 * The grammar is shared/checkpoint.ts's (parseTimeLine); the signature is a quicknet round's, checked
 * as drand rounds are (shared/drand-batch.ts verifyRoundsBatch: the audit passes all its lines at
 * once, a bundle its one line).
 */
import { parseTimeLine, type TimeAnchor } from '../checkpoint.js';
import { verifyRoundsBatch } from '../drand-batch.js';
import type { BeaconVerifyOptions } from '../drand.js';
import { roundTime } from '../drand-chains.js';
import { VerificationError } from '../errors.js';
import type { Bundle } from '../schemas/bundle.js';
import type { BeaconMemo } from './outcome-checks.js';
import type { CheckedCheckpoint } from './log-checks.js';

/**
 * The lines of a checkpoint after its chain line (the first line, `prev …`, when present): none, or
 * — in a log that has verified a quicknet round — exactly one, the time line.
 */
export function linesAfterChain(extensions: readonly string[]): readonly string[] {
  return extensions[0]?.startsWith('prev ') ? extensions.slice(1) : extensions;
}

/**
 * Rules 1–3 of §Time line for one checkpoint: `line` (the line after the chain line, if any) is a
 * time line; once the checkpoint before carried one (`previous`), this one does, with a round at
 * least as late; its round is at least `latestLogged`, the latest quicknet round of a `draw.beacon`
 * entry the checkpoint covers (0: none). Returns its anchor (null: no line), or what is wrong.
 */
export function timeLineRules(
  line: string | undefined,
  previous: TimeAnchor | null,
  latestLogged: number
): { anchor: TimeAnchor | null } | { problem: string } {
  const anchor = line === undefined ? null : parseTimeLine(line);
  if (line !== undefined && anchor === null) return { problem: 'a malformed time line' };
  if (anchor === null) {
    if (previous) return { problem: `no time line after one naming round ${previous.round}` };
    return { anchor: null };
  }
  if (previous && anchor.round < previous.round)
    return {
      problem: `its time line names round ${anchor.round}, before round ${previous.round}`,
    };
  if (anchor.round < latestLogged)
    return {
      problem: `its time line names round ${anchor.round}, before round ${latestLogged} of a draw.beacon entry it covers`,
    };
  return { anchor };
}

/** Rule 4: whether each line's signature is a valid quicknet signature of its round (batched). */
export function timeLineSignaturesValid(
  anchors: readonly TimeAnchor[],
  drand: BeaconVerifyOptions = {}
): boolean[] {
  return verifyRoundsBatch(
    anchors.map((a) => ({ chain: 'quicknet', round: a.round, signature: a.signature })),
    drand
  );
}

/** A time line's key in a BeaconMemo (distinct from a logged beacon's key, beaconMemoKey). */
const memoKey = (a: TimeAnchor) => `time line ${a.round} ${a.signature}`;

const fail = (size: number, message: string): never => {
  throw new VerificationError('CHECKPOINT_TIME_INVALID', `checkpoint ${size}: ${message}`);
};

/**
 * Check 8a `time`, on a checkpoint that carries lines after its chain line (the caller runs it only
 * then: without one nothing is reported, so verdicts on checkpoints without a time line are those of
 * before): rules 1, 3 and 4 of §Time line for the bundle's checkpoint, rule 3 over the draw's
 * `draw.beacon` entries that the checkpoint covers (rule 2 needs the checkpoint before, which a
 * bundle does not carry). Throws VerificationError CHECKPOINT_TIME_INVALID. `memo`: time lines
 * verified already in this run (the audit's bundles all carry the latest checkpoint).
 */
export function checkBundleTimeLine(
  bundle: Bundle,
  { checkpoint }: CheckedCheckpoint,
  memo?: BeaconMemo,
  drand: BeaconVerifyOptions = {}
): { detail: string; round: number; at: string } {
  const lines = linesAfterChain(checkpoint.extensions);
  if (lines.length > 1) fail(checkpoint.size, 'more extension lines than a time line');
  let latestLogged = 0;
  for (const { index, entry } of bundle.entries) {
    const d = entry.data as { chain?: unknown; round?: unknown } | null;
    if (
      entry.type === 'draw.beacon' &&
      index < checkpoint.size &&
      d?.chain === 'quicknet' &&
      typeof d.round === 'number'
    )
      latestLogged = Math.max(latestLogged, d.round);
  }
  const r = timeLineRules(lines[0], null, latestLogged);
  if ('problem' in r) return fail(checkpoint.size, r.problem);
  const anchor = r.anchor!;
  const key = memoKey(anchor);
  if (!memo?.has(key)) {
    if (!timeLineSignaturesValid([anchor], drand)[0])
      fail(
        checkpoint.size,
        `the signature of drand quicknet round ${anchor.round} in its time line does not verify`
      );
    memo?.add(key);
  }
  const at = new Date(roundTime('quicknet', anchor.round) * 1000).toISOString();
  return {
    detail: `drand quicknet round ${anchor.round} verifies: signed no earlier than ${at}`,
    round: anchor.round,
    at,
  };
}
