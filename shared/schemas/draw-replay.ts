/**
 * Input of `adal draw replay` (docs/PROTOCOL.md §Replaying a draw): everything published about one
 * draw — the announcement, the frozen pool, the collected randomness, the declines in order — and
 * optionally the expected seed and result to compare with. Loaded from a file, so attacker-controlled:
 * parsed strictly and every derived value recomputed.
 */
import { z } from 'zod';
import { BeaconRound } from './beacon.js';
import { Hash32 } from './draw-spec.js';
import { DrawResult } from './draw-result.js';
import { Announcement, PoolEntry } from './pool.js';
import { RegistryNo } from './registry.js';
import { SeedMaterial } from './seed.js';

export const DrawReplayInput = z.strictObject({
  version: z.literal(1),
  announcement: Announcement,
  /** the frozen pool's entries in canonical order (they must hash to announcement.pool.root) */
  pool: z.array(PoolEntry),
  material: SeedMaterial,
  /** the drand round with its signature: when given, its BLS signature is verified offline */
  beaconRound: BeaconRound.optional(),
  /** registry numbers of members or reserves who declined, in the order they declined */
  declines: z.array(RegistryNo).optional(),
  /** published values to compare with: a difference fails the replay */
  expected: z.strictObject({ seed: Hash32.optional(), result: DrawResult.optional() }).optional(),
});
export type DrawReplayInput = z.infer<typeof DrawReplayInput>;
