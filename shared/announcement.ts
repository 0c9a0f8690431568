/**
 * The announcement (docs/PROTOCOL.md §Announcement): the spec, the pool root and size, and the
 * exclusions with their rules, hashed before any randomness exists:
 *
 *   announcementHash = taggedHash('announcement', JCS(announcement))
 *
 * The hash is the first input of the seed, so the rules, the pool and the witness commitments are all
 * bound to the draw before the beacon round or any reveal is known.
 */
import { hashObject } from './canonical.js';
import { nobleHasher, type Hasher } from './hash.js';
import type { Announcement, FrozenPool } from './schemas/pool.js';
import type { DrawSpec } from './schemas/draw-spec.js';
import type { Exclusion } from './schemas/conflicts.js';

/** Exclusions are kept in the order computeEligibility reports them (already canonical). */
export function buildAnnouncement(input: {
  drawId: string;
  spec: DrawSpec;
  pool: FrozenPool;
  exclusions: readonly Exclusion[];
}): Announcement {
  return {
    version: 1,
    drawId: input.drawId,
    spec: input.spec,
    pool: { root: input.pool.root, size: input.pool.entries.length },
    exclusions: [...input.exclusions],
  };
}

/** The Hasher is noble's unless the caller has a faster one (the audit hashes every announcement). */
export function announcementHash(a: Announcement, hasher: Hasher = nobleHasher): Uint8Array {
  return hashObject('announcement', a, hasher);
}
