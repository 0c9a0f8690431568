/**
 * A public source's value exists only from its announced date (docs/PROTOCOL.md §Unpredictable by
 * construction, §No re-roll): a value posted before that instant cannot be the published one, and a
 * verifier could not tell it from a value the operator chose. So it is refused, naming the source and
 * its date, and nothing is written.
 */
import { ConflictError } from '../../shared/errors.js';
import { sourceInstantMs } from '../../shared/seed-knowable.js';
import type { DrawSpec } from '../../shared/schemas/draw-spec.js';
import type { PublishedSource } from '../../shared/schemas/seed.js';

/** Throws ConflictError PUBLIC_SOURCE_TOO_EARLY for the first value posted before its source's instant. */
export function refuseValuesBeforeDate(
  spec: DrawSpec,
  values: readonly PublishedSource[],
  now: Date
): void {
  values.forEach((v, i) => {
    const src = spec.entropy.publicSources.find((p) => p.id === v.id);
    // undated (version 1) sources have no instant to wait for
    const at = src ? sourceInstantMs(src) : null;
    if (!src || at === null || now.getTime() >= at) return;
    const path = `body.values.${i}.id`;
    const when = `${src.date}${src.time ? ` ${src.time}` : ''}`;
    const message = `public source ${src.id} is dated ${when} (Kazakhstan time, ${new Date(at).toISOString()}): its value cannot be published before then`;
    throw new ConflictError('PUBLIC_SOURCE_TOO_EARLY', `${path}: ${message}`, {
      details: {
        rule: 'public-source-value-after-date',
        source: src.id,
        date: src.date,
        ...(src.time ? { time: src.time } : {}),
        availableAt: new Date(at).toISOString(),
        issues: [{ path, message }],
      },
    });
  });
}
