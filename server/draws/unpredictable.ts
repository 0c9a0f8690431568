/**
 * Unpredictable by construction (docs/PROTOCOL.md §Unpredictable by construction): at announcement
 * the seed must depend on at least one input the operator cannot know yet — a future drand round
 * (checked with the other times in announce.ts) or at least one invited witness's secret — and every
 * public source must carry a structured date (and time where the source has one) after the
 * announcement, so a value the operator already knows can never be passed off as future randomness.
 * RFC 3797 mode draws from public sources only (its own rules) and gets the same date check.
 */
import { ConflictError, InputError } from '../../shared/errors.js';
import { sourceInstantMs } from '../../shared/seed-knowable.js';
import type { DrawSpec } from '../../shared/schemas/draw-spec.js';

/** Throws DRAW_SEED_PREDICTABLE, PUBLIC_SOURCE_UNDATED or PUBLIC_SOURCE_NOT_FUTURE. */
export function requireUnpredictable(spec: DrawSpec, now: Date): void {
  if (spec.method === 'adal-v1' && !spec.entropy.drand && spec.witnesses.length === 0)
    throw new ConflictError(
      'DRAW_SEED_PREDICTABLE',
      'rule unpredictable-seed: the seed would depend only on public sources whose values the operator types in; name a future drand round or invite at least one witness',
      { details: { rule: 'unpredictable-seed' } }
    );
  spec.entropy.publicSources.forEach((src, i) => {
    const at = sourceInstantMs(src);
    const path = `draft.entropy.publicSources.${i}.date`;
    if (at === null) {
      const message = `public source ${src.id} needs the date (and time, where it has one) its value is produced`;
      throw new InputError('PUBLIC_SOURCE_UNDATED', `${path}: ${message}`, {
        details: { rule: 'dated-public-source', issues: [{ path, message }] },
      });
    }
    if (at <= now.getTime())
      throw new ConflictError(
        'PUBLIC_SOURCE_NOT_FUTURE',
        `${path}: public source ${src.id} is dated ${src.date}${src.time ? ` ${src.time}` : ''} (Kazakhstan time), not after the announcement (${now.toISOString()}): its value may already be known`,
        {
          details: {
            rule: 'public-source-after-announcement',
            path,
            availableAt: new Date(at).toISOString(),
          },
        }
      );
  });
}
