/**
 * Re-roll detection (docs/PROTOCOL.md §No re-roll), over a draw's published entries only: a
 * cancellation made after the draw's randomness could be known (shared/seed-knowable.ts) is what lets
 * a later attempt for the same lot re-roll it — the operator throws away a result someone could
 * compute and draws again. The server refuses such a cancel; bundle check 3 (and so `adal audit`,
 * which runs the bundle checks on every draw) fails a draw whose entries show one made anyway.
 *
 * Times: a cancel's time is its entry's `at`, which the operator's clock writes. An entry after
 * `draw.reveals_closed` needs no clock at all. Where the caller holds a proof that the entry was not
 * public before some instant — the time line of the first signed checkpoint holding it
 * (./cancel-bound.ts; the audit reads it from the verified stored checkpoints) — it passes it as
 * `notBefore`, and a cancel is late when either time is at or after the moment the seed became
 * knowable.
 */
import { outsideInputsKnowableAtMs } from '../seed-knowable.js';
import { DrawSpec } from '../schemas/draw-spec.js';
import { LotSpec } from '../schemas/ceremony.js';
import { lotRules } from '../ceremony.js';
import { VerificationError } from '../errors.js';

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
  /** when the entry's own `at` is before knowableAt: the checkpoint bound that proved it late */
  provenBy?: CancelBound;
}

/** A proof that an entry was not public before `notBeforeMs` (./cancel-bound.ts). */
export interface CancelBound {
  notBeforeMs: number;
  /** how it was proven, for the message (e.g. "checkpoint 12's time line, round 123") */
  source: string;
}

/** Entries that exist only once the reveals are closed. */
const AFTER_REVEALS = new Set([
  'draw.reveals_closed',
  'draw.beacon',
  'draw.public_sources',
  'draw.result',
]);

/**
 * The draw's cancellation if it was made once its seed could be known, else null. `notBefore` gives,
 * for an entry index, a proven instant the entry was not public before (see the header), if any.
 */
export function lateCancel(
  drawId: string,
  entries: readonly EntryLike[],
  notBefore?: (index: number) => CancelBound | undefined
): LateCancel | null {
  const cancel = entries.find((e) => e.entry.type === 'draw.cancelled');
  if (!cancel) return null;
  const base = { drawId, cancelIndex: cancel.index, cancelledAt: cancel.entry.at };
  const before = entries.filter((e) => e.index < cancel.index);
  if (before.some((e) => AFTER_REVEALS.has(e.entry.type)))
    return { ...base, reason: 'reveals_closed' };
  // a ceremony's lots are sealed in draw.lot_sealed: any lot's spec, read by version 2's rules,
  // names the inputs every lot shares (docs/PROTOCOL.md §Ceremonies)
  const announced = before.find(
    (e) => e.entry.type === 'draw.announced' || e.entry.type === 'draw.lot_sealed'
  );
  const raw = (announced?.entry.data as { announcement?: { spec?: unknown } } | undefined)
    ?.announcement?.spec;
  const lot = announced?.entry.type === 'draw.lot_sealed' ? LotSpec.safeParse(raw) : undefined;
  const spec = lot
    ? lot.success
      ? { success: true as const, data: lotRules(lot.data) }
      : lot
    : DrawSpec.safeParse(raw);
  if (!spec.success) return null;
  const knowable = outsideInputsKnowableAtMs(spec.data);
  if (knowable === null) return null;
  const knowableAt = new Date(knowable).toISOString();
  if (Date.parse(cancel.entry.at) >= knowable)
    return { ...base, reason: 'input_time_reached', knowableAt };
  const bound = notBefore?.(cancel.index);
  if (bound === undefined || !(bound.notBeforeMs >= knowable)) return null;
  return { ...base, reason: 'input_time_reached', knowableAt, provenBy: bound };
}

/**
 * The bundle check (part of check 3, docs/PROTOCOL.md §No re-roll): a draw's own entries must not
 * show a cancellation made once its seed could be known — the cancel the server refuses, which would
 * let a later attempt re-roll the lot. Throws VerificationError DRAW_RE_ROLLED.
 */
export function refuseLateCancel(
  drawId: string,
  entries: readonly EntryLike[],
  notBefore?: (index: number) => CancelBound | undefined
): void {
  const c = lateCancel(drawId, entries, notBefore);
  if (!c) return;
  const why =
    c.reason === 'reveals_closed'
      ? 'after its reveals were closed'
      : c.provenBy
        ? `not before ${new Date(c.provenBy.notBeforeMs).toISOString()} (${c.provenBy.source}; its entry says ${c.cancelledAt}), once an input of its seed could be known (${c.knowableAt})`
        : `at ${c.cancelledAt}, once an input of its seed could be known (${c.knowableAt})`;
  throw new VerificationError(
    'DRAW_RE_ROLLED',
    `entry ${c.cancelIndex}: draw ${drawId} was cancelled ${why}; the protocol refuses such a cancel, which would allow a re-roll`,
    { details: { index: c.cancelIndex } }
  );
}
