/**
 * Re-roll detection (docs/PROTOCOL.md §No re-roll), over published entries only: a cancellation made
 * after the draw's randomness could be known (shared/seed-knowable.ts), followed by a later attempt
 * for the same lot, is a re-roll — the operator threw away a result someone could compute and drew
 * again. The server refuses such a cancel; this finds one made anyway (an older or modified server).
 *
 * Times: a cancel's time is its entry's `at`, which the operator's clock writes. An entry after
 * `draw.reveals_closed` needs no clock at all. Where a later bound on an entry's time exists (a
 * witness-cosigned checkpoint's timestamp: issue 13), pass it as `notBeforeMs` — HOOK: callers pass
 * nothing until cosigned checkpoint times are merged.
 */
import { outsideInputsKnowableAtMs } from '../seed-knowable.js';
import { DrawSpec } from '../schemas/draw-spec.js';

/** What this needs of a draw's log entries (as in a bundle or the audited log). */
export interface EntryLike {
  index: number;
  entry: { type: string; at: string; data: unknown };
}

export interface LateCancel {
  drawId: string;
  /** the draw.cancelled entry */
  cancelIndex: number;
  cancelledAt: string;
  reason: 'reveals_closed' | 'input_time_reached';
  /** the earliest drand round time or public source instant, when that is the reason */
  knowableAt?: string;
}

export interface ReRoll extends LateCancel {
  /** the later attempt's draw.created entry that lists the cancelled draw */
  laterDrawId: string;
  laterIndex: number;
}

/** Entries that exist only once the reveals are closed. */
const AFTER_REVEALS = new Set([
  'draw.reveals_closed',
  'draw.beacon',
  'draw.public_sources',
  'draw.result',
]);

/**
 * The draw's cancellation if it was made once its seed could be known, else null. `notBeforeMs`
 * (the hook above) gives, for an entry index, an instant the entry was certainly not made before.
 */
export function lateCancel(
  drawId: string,
  entries: readonly EntryLike[],
  notBeforeMs?: (index: number) => number | undefined
): LateCancel | null {
  const cancel = entries.find((e) => e.entry.type === 'draw.cancelled');
  if (!cancel) return null;
  const base = { drawId, cancelIndex: cancel.index, cancelledAt: cancel.entry.at };
  const before = entries.filter((e) => e.index < cancel.index);
  if (before.some((e) => AFTER_REVEALS.has(e.entry.type)))
    return { ...base, reason: 'reveals_closed' };
  const announced = before.find((e) => e.entry.type === 'draw.announced');
  const spec = DrawSpec.safeParse(
    (announced?.entry.data as { announcement?: { spec?: unknown } } | undefined)?.announcement?.spec
  );
  if (!spec.success) return null;
  const knowable = outsideInputsKnowableAtMs(spec.data);
  if (knowable === null) return null;
  const claimed = Date.parse(cancel.entry.at);
  const bound = notBeforeMs?.(cancel.index);
  const at = bound === undefined ? claimed : Math.max(claimed, bound);
  if (!(at >= knowable)) return null;
  return { ...base, reason: 'input_time_reached', knowableAt: new Date(knowable).toISOString() };
}

/**
 * Every later attempt that follows a late cancellation: a draw.created entry whose previousDrawIds
 * name a draw cancelled once its seed could be known. In log order of the later attempts.
 */
export function findReRolls(
  byDraw: ReadonlyMap<string, readonly EntryLike[]>,
  notBeforeMs?: (index: number) => number | undefined
): ReRoll[] {
  const late = new Map<string, LateCancel>();
  for (const [drawId, entries] of byDraw) {
    const c = lateCancel(drawId, entries, notBeforeMs);
    if (c) late.set(drawId, c);
  }
  const out: ReRoll[] = [];
  if (late.size === 0) return out;
  for (const [laterDrawId, entries] of byDraw) {
    const created = entries.find((e) => e.entry.type === 'draw.created');
    const previous = (created?.entry.data as { previousDrawIds?: unknown } | undefined)
      ?.previousDrawIds;
    if (!created || !Array.isArray(previous)) continue;
    for (const id of previous) {
      const c = typeof id === 'string' ? late.get(id) : undefined;
      if (c) out.push({ ...c, laterDrawId, laterIndex: created.index });
    }
  }
  return out.sort((a, b) => a.laterIndex - b.laterIndex);
}

/** One line naming a re-roll: the cancelled draw, why its cancel was late, the later attempt. */
export function reRollMessage(r: ReRoll): string {
  const why =
    r.reason === 'reveals_closed'
      ? 'after its reveals were closed'
      : `at ${r.cancelledAt}, once an input of its seed could be known (${r.knowableAt})`;
  return `draw ${r.drawId} was cancelled ${why} (entry ${r.cancelIndex}), and draw ${r.laterDrawId} is a later attempt for the same lot (entry ${r.laterIndex}): a re-roll`;
}
