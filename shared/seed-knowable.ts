/**
 * When a draw's randomness can first be known (docs/PROTOCOL.md §No re-roll, §Unpredictable by
 * construction). A seed input is knowable once the reveals are closed (every secret is public or
 * dropped), once the announced drand round's time has come, or once an announced public source's
 * date (and time, where it has one) has come. From then on a cancel could throw away a result someone
 * already knows — a re-roll — so it is refused, and a later attempt after such a cancel is flagged.
 * Integers only: instants are milliseconds since the Unix epoch, civil dates by days_from_civil.
 */
import { daysFromCivil } from './civil-date.js';
import { roundTime } from './drand-chains.js';
import type { DrawSpec, PublicSource } from './schemas/draw-spec.js';

/** Kazakhstan's fixed offset (UTC+5): a public source's date and time are Kazakhstan civil time. */
const KZ_OFFSET_MS = 5 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The first instant at which a dated public source's value can exist: its date at its time, or at
 * 00:00 when it has no time (the value may come at any moment of that day). null when undated
 * (protocol version 1 sources).
 */
export function sourceInstantMs(src: Pick<PublicSource, 'date' | 'time'>): number | null {
  if (src.date === undefined) return null;
  const [h, m] = (src.time ?? '00:00').split(':').map(Number) as [number, number];
  return daysFromCivil(src.date) * DAY_MS + (h * 60 + m) * 60_000 - KZ_OFFSET_MS;
}

/**
 * The earliest instant an outside input of the seed can be known: the drand round's time or a dated
 * public source's instant. null when the spec names neither with a time (witnesses only, or undated
 * version 1 sources).
 */
export function outsideInputsKnowableAtMs(spec: Pick<DrawSpec, 'entropy'>): number | null {
  const times: number[] = [];
  const drand = spec.entropy.drand;
  if (drand) times.push(roundTime(drand.chain, drand.round) * 1000);
  for (const src of spec.entropy.publicSources) {
    const at = sourceInstantMs(src);
    if (at !== null) times.push(at);
  }
  return times.length === 0 ? null : Math.min(...times);
}

/** The lifecycle states in which the reveals are closed: every witness's input is settled. */
export const REVEALS_SETTLED_STATES = [
  'reveals_closed',
  'beacon_received',
  'drawn',
  'closed',
] as const;

/**
 * Why the seed can be known at `nowMs` in `state`, or null when no input can be known yet. `state`
 * is the lifecycle state the draw is in (or was in, for a cancelled one).
 */
export function seedKnowableReason(
  spec: Pick<DrawSpec, 'entropy'> | null,
  state: string,
  nowMs: number
): 'reveals_closed' | 'input_time_reached' | null {
  if ((REVEALS_SETTLED_STATES as readonly string[]).includes(state)) return 'reveals_closed';
  if (spec === null) return null;
  const at = outsideInputsKnowableAtMs(spec);
  return at !== null && nowMs >= at ? 'input_time_reached' : null;
}
