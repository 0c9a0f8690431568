/**
 * How every draw action runs (docs/LIFECYCLE.md §Actions): one IMMEDIATE SQLite transaction holds the
 * state check, the state change and the transparency-log entries (appendLogEntry, signed checkpoint
 * included), so they commit together or not at all; with synchronous=FULL the answer is sent only
 * after the commit is durable. Entries are validated against their strict schemas before they are
 * appended. After the commit, and only then, the draw event bus hears of each entry.
 */
import type { AppContext } from '../context.js';
import { appendLogEntry } from '../log/transparency-log.js';
import { linkHistory } from './history-link.js';
import { nobleHasher } from '../../shared/hash.js';
import type { DrawEntryEvent, DrawEventBus } from './events-bus.js';
import {
  DRAW_EVENT_DATA,
  type DrawEventData,
  type DrawEventType,
} from '../../shared/schemas/draw-events.js';
import type { Json } from '../../shared/canonical.js';
import {
  CEREMONY_EVENT_DATA,
  type CeremonyEventData,
  type CeremonyEventType,
} from '../../shared/schemas/ceremony-events.js';

/** What draw services need from the app context. */
export type DrawDeps = Pick<AppContext, 'db' | 'clock' | 'config' | 'log' | 'tlog'> & {
  drawEvents?: DrawEventBus | undefined;
};

export interface Recorder {
  /** the action's instant (ISO, UTC), read once from the context clock */
  readonly at: string;
  readonly now: Date;
  /** appends one draw entry in this transaction; returns its log index */
  record<T extends DrawEventType>(type: T, data: DrawEventData<T>): number;
  /** appends one entry of a ceremony (shared/schemas/ceremony-events.ts) in this transaction */
  recordCeremony<T extends CeremonyEventType>(type: T, data: CeremonyEventData<T>): number;
}

/** Canonical JSON has no undefined members; drop them the way JSON.stringify does. */
function toJson(v: unknown): Json {
  return JSON.parse(JSON.stringify(v)) as Json;
}

/**
 * Runs `fn` in one immediate transaction with a recorder for log entries; emits the entries after the
 * commit. `actor` is the session username (null: the system, e.g. the beacon scheduler).
 */
export function drawAction<R>(deps: DrawDeps, actor: string | null, fn: (rec: Recorder) => R): R {
  const appended: DrawEntryEvent[] = [];
  const now = deps.clock();
  const at = now.toISOString();
  const body = () => {
    appended.length = 0;
    const append = (
      type: DrawEventType | CeremonyEventType,
      schema: { parse(v: unknown): unknown },
      data: object
    ) => {
      const linked = linkHistory(
        deps.db,
        deps.tlog?.hasher ?? nobleHasher,
        type,
        data as { drawId: string }
      );
      const parsed = schema.parse(linked) as { drawId: string };
      const { index } = appendLogEntry(deps, {
        type,
        actor,
        subject: { kind: 'draw', id: parsed.drawId },
        data: toJson(parsed),
        at,
      });
      appended.push({ drawId: parsed.drawId, logIndex: index, type });
      return index;
    };
    const rec: Recorder = {
      at,
      now,
      record: (type, data) => append(type, DRAW_EVENT_DATA[type], data),
      recordCeremony: (type, data) => append(type, CEREMONY_EVENT_DATA[type], data),
    };
    return fn(rec);
  };
  // tlog.transaction signs ONE checkpoint for everything the action appended, just before commit.
  const out = deps.tlog ? deps.tlog.transaction(body) : deps.db.transaction(body).immediate();
  for (const e of appended) deps.drawEvents?.emit('entry', e);
  return out;
}
