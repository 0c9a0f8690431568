/**
 * The audit of checkpoints' time lines (docs/PROTOCOL.md §Time line). For each checkpoint, in size
 * order:
 *   - a line after the chain line is a well-formed time line `drand quicknet <round> <signature>`;
 *   - once a checkpoint carries one, every later one does, with a round at least as late;
 *   - its round is at least every quicknet round logged in a `draw.beacon` entry the checkpoint
 *     covers (the log notes a round before it appends that round's entry, so the line never lags
 *     its own log);
 *   - its signature is a valid quicknet signature of its round.
 * The signatures are checked in batches at the end (shared/drand-batch.ts), except those that are
 * the round and signature of a `draw.beacon` entry of the same log: that draw's check 8 verifies
 * exactly that signature of that round, and the audit fails if it does not, so it is not verified
 * twice (a log names one round per draw, and its checkpoints repeat them).
 * The rules themselves are shared/verify/time-line.ts's, which a bundle's check 2b applies too.
 */
import type { TimeAnchor } from '../shared/checkpoint.js';
import { timeLineRules, timeLineSignaturesValid } from '../shared/verify/time-line.js';
import type { BeaconVerifyOptions } from '../shared/drand.js';
import type { Found, LogProblem } from './stored-log.js';

const keyOf = (a: { round: number; signature: string }) => `${a.round}/${a.signature}`;

/** A quicknet round logged in a `draw.beacon` entry, with the entry's index. */
export interface LoggedRound {
  index: number;
  round: number;
  signature: string;
}

/** The quicknet rounds of `draw.beacon` entries' data (hostile: what does not parse is skipped). */
export function loggedRound(index: number, data: unknown): LoggedRound | null {
  const b = data as { chain?: unknown; round?: unknown; signature?: unknown } | null;
  return b?.chain === 'quicknet' && typeof b.round === 'number' && typeof b.signature === 'string'
    ? { index, round: b.round, signature: b.signature }
    : null;
}

export class TimeLineCheck {
  /** each distinct line met, with the first checkpoint size that carries it */
  private readonly pending = new Map<string, { anchor: TimeAnchor; size: number }>();
  /** the logged rounds by index, and the running maximum of their rounds (read when first needed) */
  private logged: { index: number[]; max: number[]; keys: Set<string> } | undefined;

  /** `loggedRounds`: the log's quicknet `draw.beacon` rounds, read only if some line needs them. */
  constructor(
    private readonly loggedRounds: () => Iterable<LoggedRound>,
    private readonly drand: BeaconVerifyOptions = {}
  ) {}

  private load() {
    if (this.logged) return this.logged;
    const all = [...this.loggedRounds()].sort((a, b) => a.index - b.index);
    let max = 0;
    this.logged = {
      index: all.map((r) => r.index),
      max: all.map((r) => (max = Math.max(max, r.round))),
      keys: new Set(all.map(keyOf)),
    };
    return this.logged;
  }

  /** The latest quicknet round logged among the first `size` entries (0: none). */
  private latestLogged(size: number): number {
    const { index, max } = this.load();
    let lo = 0;
    let hi = index.length; // the first logged round at an index ≥ size
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index[mid]! < size) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : max[lo - 1]!;
  }

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
      problem: {
        code: 'LOG_CHECKPOINT_TIME' as const,
        message: `checkpoint ${size}: ${message}`,
        size,
      },
    });
    // the logged rounds are read only when a line needs them (rule 3 is about a line)
    const r = timeLineRules(line, previous, line === undefined ? 0 : this.latestLogged(size));
    if ('problem' in r) return at(r.problem);
    const { anchor } = r;
    if (anchor === null) return { anchor: null };
    const key = keyOf(anchor);
    if (!this.pending.has(key)) this.pending.set(key, { anchor, size });
    return { anchor };
  }

  /** Verifies the lines met that no logged beacon covers; the first that fails, by place. */
  finish(): Found | undefined {
    if (this.pending.size === 0) return undefined;
    const { keys } = this.load();
    const left = [...this.pending.values()].filter((p) => !keys.has(keyOf(p.anchor)));
    const ok = timeLineSignaturesValid(
      left.map((p) => p.anchor),
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
