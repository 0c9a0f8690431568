/**
 * The broadcast side of the live sequence (docs/LIVE.md §Catch-up and exactly once): for each draw
 * that someone watches, the draw's viewer events (shared/api/live-sequence.ts) built from its
 * STORED log entries, and how far they have been released to the watchers' rooms. Released means
 * "visible by the clock" (paced steps are due at entry time + k·STEP_INTERVAL_MS); a timer releases
 * each due event once, and catch-up answers stop at the same mark, so a subscriber gets every event
 * exactly once: from its catch-up if it was released before it joined, else from the room.
 *
 * Nothing here is the truth: the cache is a memo of immutable log entries, rebuilt from the log when
 * a draw gets its first watcher and extended from the log when the lifecycle announces new entries.
 * Feeds exist only while a draw has watchers; without them nothing is timed or kept.
 */
import type { Logger } from 'pino';
import type { TransparencyLog } from '../log/transparency-log.js';
import {
  extendLiveSequence,
  liveSequence,
  sequenceEnd,
  visibleCount,
  type Pace,
} from '../../shared/api/live-sequence.js';
import type { LiveEvent } from '../../shared/api/events.js';

/** Longest wait before the clock is read again (a moved clock is noticed within this). */
const MAX_TIMER_MS = 1000;

export interface LiveFeedDeps {
  tlog: TransparencyLog;
  clock: () => Date;
  log: Logger;
  stepIntervalMs: number;
  /** how many intervals a skipped step is held (STEP_SKIP_HOLD; default 1) */
  skipHold?: number;
}

interface DrawFeed {
  events: LiveEvent[];
  /** visibility of each event, ms since epoch (parsed once) */
  atMs: number[];
  lastLogIndex: number;
  /** events [0, released) have gone to the rooms */
  released: number;
  timer: NodeJS.Timeout | undefined;
}

/** Where released events go: each namespace's room of the draw. */
export type ReleaseSink = (drawId: string, events: readonly LiveEvent[]) => void;

export class LiveFeed {
  private readonly feeds = new Map<string, DrawFeed>();
  private readonly sinks: ReleaseSink[] = [];

  constructor(private readonly deps: LiveFeedDeps) {}

  /** The playback's pace (shared/api/live-sequence.ts): the interval, and how long a skip is held. */
  private get pace(): Pace {
    return { stepMs: this.deps.stepIntervalMs, skipHold: this.deps.skipHold ?? 1 };
  }

  addSink(sink: ReleaseSink): void {
    this.sinks.push(sink);
  }

  /** The whole sequence of a draw straight from the log (no cache); [] for an unknown draw. */
  readSequence(drawId: string): LiveEvent[] {
    const records = this.deps.tlog.entriesAbout('draw', drawId);
    return liveSequence(drawId, records, this.pace);
  }

  /**
   * Releases what is due, then returns the released events after `afterSeq` and the release mark.
   * The caller joins the draw's room in the same tick, so nothing can fall between the two.
   * Undefined when the draw has no log entries.
   */
  catchUp(drawId: string, afterSeq: number): { events: LiveEvent[]; lastSeq: number } | undefined {
    const feed = this.feeds.get(drawId) ?? this.open(drawId);
    if (!feed) return undefined;
    this.release(drawId, feed);
    const from = Math.min(afterSeq, feed.released);
    return { events: feed.events.slice(from, feed.released), lastSeq: feed.released };
  }

  /** The last released seq of a watched draw; undefined when nobody watches it. */
  releasedSeq(drawId: string): number | undefined {
    return this.feeds.get(drawId)?.released;
  }

  /** Every event derived so far (released or pending) for a watched draw. */
  knownSeq(drawId: string): number | undefined {
    return this.feeds.get(drawId)?.events.length;
  }

  /** New log entries of a draw were committed: extend its feed from the log and release. */
  refresh(drawId: string, logIndex: number): void {
    const feed = this.feeds.get(drawId);
    if (!feed || logIndex <= feed.lastLogIndex) return;
    const records = this.deps.tlog
      .entriesAbout('draw', drawId)
      .filter((r) => r.index > feed.lastLogIndex);
    const added = extendLiveSequence(drawId, sequenceEnd(feed.events), records, this.pace);
    for (const e of added) {
      feed.events.push(e);
      feed.atMs.push(Date.parse(e.at));
    }
    feed.lastLogIndex = records[records.length - 1]?.index ?? feed.lastLogIndex;
    this.release(drawId, feed);
  }

  /** Nobody watches the draw any more: forget it and its timer. */
  drop(drawId: string): void {
    const feed = this.feeds.get(drawId);
    if (!feed) return;
    clearTimeout(feed.timer);
    this.feeds.delete(drawId);
  }

  close(): void {
    for (const id of [...this.feeds.keys()]) this.drop(id);
  }

  private open(drawId: string): DrawFeed | undefined {
    const records = this.deps.tlog.entriesAbout('draw', drawId);
    if (records.length === 0) return undefined;
    const events = liveSequence(drawId, records, this.pace);
    const atMs = events.map((e) => Date.parse(e.at));
    // A new feed's past is covered by catch-up answers; only what becomes due later is broadcast.
    const released = visibleCount(events, this.now());
    const feed: DrawFeed = {
      events,
      atMs,
      lastLogIndex: records[records.length - 1]!.index,
      released,
      timer: undefined,
    };
    this.feeds.set(drawId, feed);
    this.schedule(drawId, feed);
    return feed;
  }

  private now(): number {
    return this.deps.clock().getTime();
  }

  /** Sends every due, unreleased event to the sinks (in seq order) and times the next one. */
  private release(drawId: string, feed: DrawFeed): void {
    const now = this.now();
    let end = feed.released;
    while (end < feed.events.length && feed.atMs[end]! <= now) end += 1;
    if (end > feed.released) {
      const due = feed.events.slice(feed.released, end);
      feed.released = end;
      for (const sink of this.sinks) {
        try {
          sink(drawId, due);
        } catch (err) {
          this.deps.log.error({ err, drawId }, 'live broadcast failed');
        }
      }
    }
    this.schedule(drawId, feed);
  }

  private schedule(drawId: string, feed: DrawFeed): void {
    clearTimeout(feed.timer);
    feed.timer = undefined;
    if (feed.released >= feed.events.length) return;
    const wait = Math.min(Math.max(feed.atMs[feed.released]! - this.now(), 0), MAX_TIMER_MS);
    feed.timer = setTimeout(() => {
      if (this.feeds.get(drawId) === feed) this.release(drawId, feed);
    }, wait);
    feed.timer.unref();
  }
}
