/**
 * The audit of checkpoints' time lines (docs/PROTOCOL.md §Time line): once a checkpoint carries
 * `drand quicknet <round> <signature>`, every later one carries one too, with a round at least as
 * late, and each line's signature is a valid quicknet signature of its round. The signatures are
 * checked in batches at the end (shared/drand-batch.ts), except those that are the round and
 * signature of a `draw.beacon` entry of the same log: that draw's check 8 verifies exactly that
 * signature of that round, and the audit fails if it does not, so it is not verified twice (a log
 * names one round per draw, and its checkpoints repeat them).
 */
import { parseTimeLine, type TimeAnchor } from '../shared/checkpoint.js';
import { verifyRoundsBatch } from '../shared/drand-batch.js';
import type { BeaconVerifyOptions } from '../shared/drand.js';
import type { Found, LogProblem } from './stored-log.js';

const keyOf = (a: TimeAnchor) => `${a.round}/${a.signature}`;

export class TimeLineCheck {
  /** each distinct line met, with the first checkpoint size that carries it */
  private readonly pending = new Map<string, { anchor: TimeAnchor; size: number }>();
  private logged: Set<string> | undefined;

  /**
   * `loggedBeacons`: the quicknet beacons logged in `draw.beacon` entries ({round, signature}),
   * read only if some checkpoint has a time line.
   */
  constructor(
    private readonly loggedBeacons: () => Iterable<{ round: number; signature: string }>,
    private readonly drand: BeaconVerifyOptions = {}
  ) {}

  /**
   * The time line of the checkpoint of `size` (its extension lines after the chain line: none or
   * one time line, which the caller checked), given the time line of the checkpoint before it.
   * Returns the anchor of this checkpoint, or the problem with it.
   */
  see(
    size: number,
    line: string | undefined,
    previous: TimeAnchor | null
  ): { anchor: TimeAnchor | null } | { problem: LogProblem } {
    const at = (message: string) => ({
      problem: { code: 'LOG_CHECKPOINT_TIME' as const, message: `checkpoint ${size}: ${message}`, size },
    });
    const anchor = line === undefined ? null : parseTimeLine(line);
    if (line !== undefined && anchor === null) return at('a malformed time line');
    if (anchor === null) {
      if (previous) return at(`no time line after one naming round ${previous.round}`);
      return { anchor: null };
    }
    if (previous && anchor.round < previous.round)
      return at(`its time line names round ${anchor.round}, before round ${previous.round}`);
    const key = keyOf(anchor);
    if (!this.pending.has(key)) this.pending.set(key, { anchor, size });
    return { anchor };
  }

  /** Verifies the lines met that no logged beacon covers; the first that fails, by place. */
  finish(): Found | undefined {
    if (this.pending.size === 0) return undefined;
    this.logged ??= new Set([...this.loggedBeacons()].map((b) => keyOf({ chain: 'quicknet', ...b })));
    const left = [...this.pending.values()].filter((p) => !this.logged!.has(keyOf(p.anchor)));
    const ok = verifyRoundsBatch(
      left.map(({ anchor }) => ({ chain: 'quicknet', round: anchor.round, signature: anchor.signature })),
      this.drand
    );
    let first: { anchor: TimeAnchor; size: number } | undefined;
    for (const [i, p] of left.entries()) if (!ok[i] && (!first || p.size < first.size)) first = p;
    this.pending.clear();
    if (!first) return undefined;
    return {
      problem: {
        code: 'LOG_CHECKPOINT_TIME',
        message: `checkpoint ${first.size}: the signature of drand quicknet round ${first.anchor.round} in its time line does not verify`,
        size: first.size,
      },
      at: 2 * first.size - 1,
    };
  }
}
