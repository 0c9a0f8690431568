/**
 * No re-roll (docs/PROTOCOL.md §No re-roll): once any input of a draw's randomness can be known, a
 * cancel would let the operator throw away a result someone can already compute and try again with
 * new randomness. The rule itself is shared/seed-knowable.ts, the same one the verifier applies.
 */
import { ConflictError } from '../../shared/errors.js';
import { outsideInputsKnowableAtMs, seedKnowableReason } from '../../shared/seed-knowable.js';
import type { DrawRecord } from '../../db/repos/draws.repo.js';

/** Throws ConflictError DRAW_CANCEL_TOO_LATE when the draw's seed can be known at `now`. */
export function refuseReRoll(d: DrawRecord, now: Date): void {
  // A final state is the state machine's to refuse (DRAW_STATE_CONFLICT).
  if (d.state === 'closed' || d.state === 'cancelled') return;
  const why = seedKnowableReason(d.spec, d.state, now.getTime());
  if (why === null) return;
  const at = d.spec ? outsideInputsKnowableAtMs(d.spec) : null;
  const message =
    why === 'reveals_closed'
      ? `draw ${d.id} is ${d.state}: the reveals are closed, so its seed can be known; cancel is refused (no re-roll) — record declines instead`
      : `draw ${d.id}: an input of its seed can be known since ${new Date(at!).toISOString()}; cancel is refused (no re-roll) — record declines instead`;
  throw new ConflictError('DRAW_CANCEL_TOO_LATE', message, {
    details: {
      rule: 'no-re-roll',
      reason: why,
      state: d.state,
      ...(at === null ? {} : { knowableAt: new Date(at).toISOString() }),
    },
  });
}
