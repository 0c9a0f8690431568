/**
 * The draw state machine (docs/LIFECYCLE.md §States): which action is allowed in which state and
 * where it leads. Every action checks here first, inside its transaction, so a wrong-order request
 * changes nothing and answers 409 DRAW_STATE_CONFLICT naming the current and the required states.
 */
import { ConflictError } from '../../shared/errors.js';
import type { DrawState } from '../../shared/api/draws.js';

export type DrawAction =
  | 'updateDraft'
  | 'inviteWitness'
  | 'commit'
  | 'announce'
  | 'openReveals'
  | 'reveal'
  | 'closeReveals'
  | 'beacon'
  | 'publicSources'
  | 'run'
  | 'decline'
  | 'close'
  | 'cancel';

/** Action → the states it may start from. The target state is set by the action itself. */
// Exported for the test that compares it with an independent copy (docs/LIFECYCLE.md).
export const ALLOWED_FROM: Readonly<Record<DrawAction, readonly DrawState[]>> = {
  updateDraft: ['draft'],
  inviteWitness: ['draft'],
  commit: ['draft'],
  announce: ['draft'],
  openReveals: ['announced'],
  reveal: ['revealing'],
  closeReveals: ['revealing'],
  beacon: ['reveals_closed'],
  publicSources: ['reveals_closed'],
  run: ['beacon_received'],
  decline: ['drawn'],
  close: ['drawn'],
  // Not once the reveals are closed: the seed can be known then (docs/PROTOCOL.md §No re-roll;
  // cancel answers 409 DRAW_CANCEL_TOO_LATE there, and also earlier once an input's time has come).
  cancel: ['draft', 'announced', 'revealing'],
};

/** Every transition the lifecycle makes (for docs and tests): from → to, by action. */
export const TRANSITIONS: readonly { action: DrawAction; from: DrawState; to: DrawState }[] = [
  { action: 'announce', from: 'draft', to: 'announced' },
  { action: 'openReveals', from: 'announced', to: 'revealing' },
  { action: 'closeReveals', from: 'revealing', to: 'reveals_closed' },
  { action: 'beacon', from: 'reveals_closed', to: 'beacon_received' },
  { action: 'publicSources', from: 'reveals_closed', to: 'beacon_received' },
  { action: 'run', from: 'beacon_received', to: 'drawn' },
  { action: 'close', from: 'drawn', to: 'closed' },
  ...ALLOWED_FROM.cancel.map((from) => ({
    action: 'cancel' as const,
    from,
    to: 'cancelled' as const,
  })),
];

/** Throws ConflictError DRAW_STATE_CONFLICT unless `state` allows `action`. */
export function requireState(drawId: string, state: DrawState, action: DrawAction): void {
  const allowed = ALLOWED_FROM[action];
  if (allowed.includes(state)) return;
  throw new ConflictError(
    'DRAW_STATE_CONFLICT',
    `draw ${drawId} is ${state}; ${action} needs ${allowed.join(' or ')}`,
    { details: { current: state, required: allowed, action } }
  );
}
