/**
 * The viewer event sequence of one draw (docs/LIVE.md §The viewer sequence), derived from the
 * draw's transparency-log entries alone — pure, so the server (broadcast and catch-up), a restarted
 * server and the client all get the same events with the same numbers at the same moments.
 *
 * Each entry, in log order, becomes one or more events numbered seq = 1, 2, 3, … without gaps:
 *  - draw.result   → 'seed', then one 'step' per recorded step, then 'result';
 *  - draw.declined → 'decline', then one 'step' per new step, then 'result';
 *  - any other     → one 'entry' event carrying the entry's type and data verbatim.
 *
 * Pacing is a function of stored times only: a paced entry recorded at T plays its first step at
 * T + interval, and each next event one interval after the step before it — or `skipHold` intervals
 * after a skipped step, so a viewer can read why a candidate was skipped (issue 17). With skipHold 1
 * (a plain number as the pace) the k-th step plays at T + k·interval and the 'result' at
 * T + (n + 1)·interval. Visibility never goes backwards: an event
 * is never visible before the event before it (a decline recorded during a playback waits for it),
 * so "visible at time t" is always a prefix of the sequence. Nothing is held only in memory: after a
 * crash or restart the same events become visible at the same moments.
 */
import { DrawError } from '../errors.js';
import { DRAW_EVENT_DATA, isDrawEventType, type DrawEvent } from '../schemas/draw-events.js';
import { singleDrawEntry, type LiveEvent } from './events.js';
import {
  CEREMONY_EVENT_DATA,
  isCeremonyEventType,
  type CeremonyEvent,
  type CeremonyEventType,
} from '../schemas/ceremony-events.js';
import type { DrawResult, DrawStep } from '../schemas/draw-result.js';
import type { LogEntry } from '../schemas/log.js';

/** What the sequence needs of a stored log entry: its index and the entry. */
export interface LiveSourceRecord {
  index: number;
  entry: LogEntry;
}

/** Where a sequence stands: its last seq and the last event's visibility (ms since epoch). */
export interface SequenceEnd {
  lastSeq: number;
  lastAtMs: number;
}

const SEQUENCE_START: SequenceEnd = { lastSeq: 0, lastAtMs: Number.NEGATIVE_INFINITY };

/** How a playback is paced: ms between events, and how many intervals a skipped step is held. */
export interface Pace {
  stepMs: number;
  skipHold: number;
}

/** A pace, or a plain interval (every step held one interval). */
export type PaceInput = number | Pace;

function paceOf(p: PaceInput): Pace {
  const pace = typeof p === 'number' ? { stepMs: p, skipHold: 1 } : p;
  if (!Number.isSafeInteger(pace.stepMs) || pace.stepMs < 0)
    throw new DrawError('LIVE_INTERVAL_INVALID', 'the step interval is a whole number of ms ≥ 0');
  if (!Number.isSafeInteger(pace.skipHold) || pace.skipHold < 1)
    throw new DrawError('LIVE_INTERVAL_INVALID', 'a skip is held a whole number of intervals ≥ 1');
  return pace;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The end of a sequence (for extending it). */
export function sequenceEnd(events: readonly LiveEvent[]): SequenceEnd {
  const last = events[events.length - 1];
  return last ? { lastSeq: last.seq, lastAtMs: Date.parse(last.at) } : SEQUENCE_START;
}

/**
 * The record as a draw's entry: a single draw's schema first, else a ceremony's (its created,
 * draft_updated, lot_sealed, announced, result, declined and lot_closed carry ceremony data; the
 * others are the same schemas).
 */
function entryOf(drawId: string, r: LiveSourceRecord): DrawEvent | CeremonyEvent {
  const { entry } = r;
  const known = isDrawEventType(entry.type) || isCeremonyEventType(entry.type);
  if (entry.subject.kind !== 'draw' || entry.subject.id !== drawId || !known)
    throw new DrawError(
      'LIVE_ENTRY_INVALID',
      `log entry ${r.index} (${entry.type}) is not an entry of draw ${drawId}`
    );
  const single = isDrawEventType(entry.type)
    ? DRAW_EVENT_DATA[entry.type].safeParse(entry.data)
    : undefined;
  const parsed = single?.success
    ? single
    : CEREMONY_EVENT_DATA[entry.type as CeremonyEventType].safeParse(entry.data);
  if (!parsed.success || parsed.data.drawId !== drawId)
    throw new DrawError(
      'LIVE_ENTRY_INVALID',
      `log entry ${r.index} (${entry.type}) does not hold valid data of draw ${drawId}`
    );
  return { type: entry.type, data: parsed.data } as DrawEvent | CeremonyEvent;
}

/**
 * The events that `records` (the draw's next log entries, in log order) add after `from`.
 * Records must be entries of `drawId`; anything else throws DrawError LIVE_ENTRY_INVALID.
 */
export function extendLiveSequence(
  drawId: string,
  from: SequenceEnd,
  records: readonly LiveSourceRecord[],
  paceInput: PaceInput
): LiveEvent[] {
  const pace = paceOf(paceInput);
  const out: LiveEvent[] = [];
  let seq = from.lastSeq;
  let prevMs = from.lastAtMs;
  for (const r of records) {
    const ev = entryOf(drawId, r);
    const startMs = Math.max(Date.parse(r.entry.at), prevMs);
    const head = (offsetMs: number) => {
      seq += 1;
      prevMs = startMs + offsetMs;
      return { drawId, seq, logIndex: r.index, at: iso(prevMs) };
    };
    // each event one interval after the step before it; a skipped step is held skipHold intervals
    let offset = 0;
    let hold = 1;
    const play = (steps: readonly DrawStep[], lot: { lotId?: number }) =>
      steps.forEach((step, i) => {
        offset += hold * pace.stepMs;
        hold = step.outcome === 'skipped' ? pace.skipHold : 1;
        out.push({ ...head(offset), kind: 'step', ...lot, step, k: i + 1, of: steps.length });
      });
    const close = (source: 'draw.result' | 'draw.declined', result: DrawResult, lot: object) => {
      offset += hold * pace.stepMs;
      hold = 1;
      out.push({
        ...head(offset),
        kind: 'result',
        ...lot,
        source,
        commission: result.commission,
        reserves: result.reserves,
      });
    };
    const c = singleDrawEntry(ev) === null ? (ev as CeremonyEvent) : null;
    if (c?.type === 'draw.result') {
      // a ceremony (docs/LIFECYCLE.md §Ceremony live events): the seed, then lot after lot
      const lots = c.data.lots;
      out.push({
        ...head(0),
        kind: 'seed',
        method: 'adal-v1',
        seedInput: c.data.seedInput,
        seed: c.data.seed,
        stepCount: lots.reduce((n, l) => n + l.result.steps.length, 0),
      });
      lots.forEach((l, index) => {
        offset += hold * pace.stepMs;
        hold = 1;
        out.push({
          ...head(offset),
          kind: 'lot',
          lotId: l.lotId,
          index,
          of: lots.length,
          lotSeed: l.lotSeed,
          stepCount: l.result.steps.length,
        });
        play(l.result.steps, { lotId: l.lotId });
        close('draw.result', l.result, { lotId: l.lotId });
      });
    } else if (c?.type === 'draw.declined') {
      const lot = { lotId: c.data.lotId };
      out.push({
        ...head(0),
        kind: 'decline',
        ...lot,
        registryNo: c.data.registryNo,
        category: c.data.category,
        stepCount: c.data.steps.length,
      });
      play(c.data.steps, lot);
      close('draw.declined', c.data.result, lot);
    } else if (ev.type === 'draw.result' || ev.type === 'draw.declined') {
      const e = ev as DrawEvent & { type: 'draw.result' | 'draw.declined' };
      const { steps } = e.type === 'draw.result' ? e.data.result : e.data;
      const n = steps.length;
      out.push(
        e.type === 'draw.result'
          ? {
              ...head(0),
              kind: 'seed',
              method: e.data.result.method,
              seedInput: e.data.seedInput,
              seed: e.data.seed,
              stepCount: n,
            }
          : {
              ...head(0),
              kind: 'decline',
              registryNo: e.data.registryNo,
              ...(e.data.category === undefined ? {} : { category: e.data.category }),
              stepCount: n,
            }
      );
      play(steps, {});
      close(e.type, e.data.result, {});
    } else {
      out.push({ ...head(0), kind: 'entry', entry: ev });
    }
  }
  return out;
}

/** The whole sequence of a draw from all its log entries, in log order. */
export function liveSequence(
  drawId: string,
  records: readonly LiveSourceRecord[],
  pace: PaceInput
): LiveEvent[] {
  return extendLiveSequence(drawId, SEQUENCE_START, records, pace);
}

/** How many events (a prefix, by the monotone rule above) are visible at `nowMs`. */
export function visibleCount(events: readonly LiveEvent[], nowMs: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Date.parse(events[mid]!.at) <= nowMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A receiver's check of the next event against the last seq it holds: 'next' to apply, 'duplicate'
 * to drop, 'gap' to re-subscribe with afterSeq = lastSeq (the server then sends what is missing).
 */
export function classifyEvent(
  lastSeq: number,
  e: Pick<LiveEvent, 'seq'>
): 'next' | 'duplicate' | 'gap' {
  if (e.seq <= lastSeq) return 'duplicate';
  return e.seq === lastSeq + 1 ? 'next' : 'gap';
}
