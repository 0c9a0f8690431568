/**
 * Seed inputs (docs/PROTOCOL.md §Seed): witness secrets and reveals, the beacon value, public-source
 * values, and SeedInput — the exact object whose canonical JSON is hashed into the seed.
 */
import { z } from 'zod';
import { Hash32, HexBytes, Ident } from './draw-spec.js';
import { Rfc3797Source } from './rfc3797.js';

/** A witness secret: 32 random bytes, lowercase hex (64 characters). */
export const Secret = HexBytes(32);

export const Reveal = z.strictObject({ witnessId: Ident, secret: Secret });
export type Reveal = z.infer<typeof Reveal>;

/** A verified drand round reduced to what the seed uses (verification: shared/drand.ts). */
export const BeaconValue = z.strictObject({
  chainHash: Hash32,
  round: z.number().int().min(1),
  /** SHA-256 of the round's BLS signature, lowercase hex */
  randomness: Hash32,
});
export type BeaconValue = z.infer<typeof BeaconValue>;

/**
 * One public source's outcome as published: numbers in any order (integers or decimal strings) or a
 * text; canonicalized exactly as RFC 3797 §4 does (shared/rfc3797.ts rfc3797SourceText).
 */
export const PublishedSource = z.strictObject({ id: Ident, value: Rfc3797Source });
export type PublishedSource = z.infer<typeof PublishedSource>;

/** What the draw collected after the announcement, as published. */
export const SeedMaterial = z.strictObject({
  beacon: BeaconValue.nullable(),
  publicSources: z.array(PublishedSource),
  reveals: z.array(Reveal),
});
export type SeedMaterial = z.infer<typeof SeedMaterial>;

/** The canonical seed preimage: seed = taggedHash('seed', JCS(SeedInput)). */
export const SeedInput = z.strictObject({
  announcementHash: Hash32,
  beacon: BeaconValue.nullable(),
  /** sorted by id (UTF-8 bytes); text = the RFC 3797 §4 canonical text, e.g. "2.5.8.10.12./" */
  publicSources: z.array(z.strictObject({ id: Ident, text: z.string().min(2).max(4000) })),
  /** sorted by witnessId (UTF-8 bytes) */
  reveals: z.array(Reveal),
  /** witnesses who did not reveal, sorted (UTF-8 bytes) */
  missing: z.array(Ident),
});
export type SeedInput = z.infer<typeof SeedInput>;
