/**
 * The frozen pool and the announcement (docs/PROTOCOL.md §Pool, §Announcement). A pool entry is the
 * public projection of one eligible expert: only what the rules look at plus the public name, never an
 * IIN, phone or e-mail. Entries, exclusions and the announcement are hashed, so these schemas are
 * strict and every list inside an entry is kept sorted and unique (shared/pool.ts).
 */
import { z } from 'zod';
import { FORMATS } from './formats.js';
import {
  DirectionCode,
  Gender,
  LanguageCode,
  ProposedBy,
  RegionCode,
  RegistryNo,
} from './registry.js';
import { DrawSpec, Hash32, Ident } from './draw-spec.js';
import { Exclusion } from './conflicts.js';

/**
 * An organization key: "bin:" + the 12-digit BIN when the registry has one, else "name:" + the
 * normalized name (shared/pool.ts orgKey). Keys are computed once at freezing and published, so a
 * verifier never re-normalizes names.
 */
const OrgKey = z
  .string()
  .regex(FORMATS.OrgKey.pattern, 'bin:<12 digits> or name:<name>')
  .max(FORMATS.OrgKey.length[1]);

/**
 * Keys in canonical (RFC 8785) order: zod's output keeps this order, so a parsed entry's canonical
 * text, which its pool leaf hashes, is plain JSON.stringify (shared/canonical.ts's fast path).
 */
export const PoolEntry = z.strictObject({
  directions: z.array(DirectionCode).max(20),
  gender: Gender.optional(),
  languages: z.array(LanguageCode).max(10),
  nameKk: z.string().min(1).max(FORMATS.PublicName.length[1]).optional(),
  nameRu: z.string().min(1).max(FORMATS.PublicName.length[1]).optional(),
  organizations: z.array(OrgKey).max(20),
  proposedBy: ProposedBy,
  region: RegionCode,
  registryNo: RegistryNo,
});
export type PoolEntry = z.infer<typeof PoolEntry>;

/** The eligible experts in canonical order (registryNo by UTF-8 bytes), numbered 1..n, and their root. */
export const FrozenPool = z.strictObject({
  entries: z.array(PoolEntry),
  /** RFC 6962 root over leafHash(tagged('pool-entry', JCS(entry))), lowercase hex */
  root: Hash32,
});
export type FrozenPool = z.infer<typeof FrozenPool>;

/**
 * What is published and hashed before any randomness exists. Sources and witness commitments are part
 * of the spec; drawId distinguishes repeated attempts for one lot.
 */
export const Announcement = z.strictObject({
  version: z.literal(1),
  drawId: Ident,
  spec: DrawSpec,
  pool: z.strictObject({ root: Hash32, size: z.number().int().min(0) }),
  /** as computeEligibility (shared/eligibility.ts) reports them: by registryNo, then rule, … */
  exclusions: z.array(Exclusion),
});
export type Announcement = z.infer<typeof Announcement>;
