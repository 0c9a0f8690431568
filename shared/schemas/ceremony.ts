/**
 * Ceremonies (docs/PROTOCOL.md §Ceremonies, protocol version 3): several lots drawn together from one
 * seed. Each lot keeps its own spec, frozen pool, exclusions and announcement; the ceremony
 * announcement lists the lots' announcement hashes in broadcast order, and its hash takes the
 * announcement hash's place in the one seed input. A lot's spec declares version 3: the rules of
 * version 2, drawn from the lot's seed (shared/ceremony.ts), never from the ceremony's seed itself.
 */
import { z } from 'zod';
import { Hash32, Ident, refineSpec, specObject } from './draw-spec.js';
import { DrawResult } from './draw-result.js';
import { Exclusion } from './conflicts.js';
import { PoolEntry } from './pool.js';
import { RegistryNo } from './registry.js';
import { SeedMaterial } from './seed.js';
import { BeaconRound } from './beacon.js';

/** The protocol version of a ceremony's lots. */
export const CEREMONY_VERSION = 3;
/** A ceremony has at least two lots (one lot is a plain draw) and at most this many. */
export const MAX_CEREMONY_LOTS = 64;

/** A lot's spec: a DrawSpec of version 3, method adal-v1 (rfc3797 has no seed to derive from). */
export const LotSpec = specObject(z.literal(CEREMONY_VERSION))
  .superRefine(refineSpec)
  .refine((s) => s.method === 'adal-v1', {
    path: ['method'],
    message: 'a ceremony lot draws from its lot seed: method adal-v1',
  });
export type LotSpec = z.infer<typeof LotSpec>;

/** A lot's announcement: the Announcement of docs/PROTOCOL.md §Announcement with a LotSpec. */
export const LotAnnouncement = z.strictObject({
  version: z.literal(1),
  drawId: Ident,
  spec: LotSpec,
  pool: z.strictObject({ root: Hash32, size: z.number().int().min(0) }),
  exclusions: z.array(Exclusion),
});
export type LotAnnouncement = z.infer<typeof LotAnnouncement>;

/** What the ceremony hash commits to: every lot's announcement hash, in broadcast order. */
export const CeremonyAnnouncement = z.strictObject({
  version: z.literal(1),
  drawId: Ident,
  lots: z.array(Hash32).min(2).max(MAX_CEREMONY_LOTS),
});
export type CeremonyAnnouncement = z.infer<typeof CeremonyAnnouncement>;

/** One lot in a ceremony replay: all of it, or only its announcement hash (to check another lot). */
export const LotReplay = z.strictObject({
  announcement: LotAnnouncement,
  /** the frozen pool's entries in canonical order (they must hash to announcement.pool.root) */
  pool: z.array(PoolEntry),
  /** registry numbers of this lot's members or reserves who declined, in order */
  declines: z.array(RegistryNo).optional(),
  expected: z
    .strictObject({ lotSeed: Hash32.optional(), result: DrawResult.optional() })
    .optional(),
});
export type LotReplay = z.infer<typeof LotReplay>;
export const LotHashOnly = z.strictObject({ announcementHash: Hash32 });
export type LotHashOnly = z.infer<typeof LotHashOnly>;

/** Input of `adal draw replay` for a ceremony (docs/PROTOCOL.md §Replaying a ceremony). */
export const CeremonyReplayInput = z.strictObject({
  version: z.literal(1),
  kind: z.literal('ceremony'),
  drawId: Ident,
  lots: z
    .array(z.union([LotReplay, LotHashOnly]))
    .min(2)
    .max(MAX_CEREMONY_LOTS),
  material: SeedMaterial,
  beaconRound: BeaconRound.optional(),
  expected: z.strictObject({ ceremonyHash: Hash32.optional(), seed: Hash32.optional() }).optional(),
});
export type CeremonyReplayInput = z.infer<typeof CeremonyReplayInput>;
