/**
 * The announcement's time rules (docs/LIFECYCLE.md §Announce), checked inside its transaction with
 * the write's instant: the drand round is in the future, the reveal deadline before it and not past.
 */
import { roundTime } from '../../shared/drand-chains.js';
import { DrawError, InputError } from '../../shared/errors.js';
import type { DrawSpec } from '../../shared/schemas/draw-spec.js';

/** Time rules: a future drand round, and a reveal deadline in the future and before that round. */
export function checkTimes(spec: DrawSpec, now: Date): void {
  const deadline = Date.parse(spec.revealDeadline);
  const drand = spec.entropy.drand;
  if (drand) {
    const at = roundTime(drand.chain, drand.round) * 1000;
    if (at <= now.getTime())
      throw new DrawError(
        'DRAW_ROUND_NOT_FUTURE',
        `${drand.chain} round ${drand.round} is produced at ${new Date(at).toISOString()}, not after now (${now.toISOString()}): pick a later round`,
        { details: { availableAt: new Date(at).toISOString() } }
      );
    if (deadline >= at) {
      const message = `must be before ${drand.chain} round ${drand.round} (${new Date(at).toISOString()})`;
      throw new InputError('REVEAL_DEADLINE_AFTER_ROUND', `draft.revealDeadline: ${message}`, {
        details: { issues: [{ path: 'draft.revealDeadline', message }] },
      });
    }
  }
  if (spec.witnesses.length > 0 && deadline <= now.getTime())
    throw new DrawError(
      'REVEAL_DEADLINE_PASSED',
      `the reveal deadline ${spec.revealDeadline} has passed; set a later one`
    );
}
