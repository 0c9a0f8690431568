/**
 * Boundary types of the draw lifecycle API (docs/LIFECYCLE.md): states, the operator's and witnesses'
 * request bodies, and the public answers. Protocol objects inside answers are the protocol's own
 * schemas. Public answers carry no personal data: witnesses appear by public name, experts by registry
 * number and the names published in the pool; account ids, usernames and decline reasons never do.
 */
import { z } from 'zod';
import { Hash32, Witness, DrawSpec } from '../schemas/draw-spec.js';
import { DrawId } from '../schemas/draw-events.js';
import { DraftSpec } from '../schemas/draw-draft.js';
import { Announcement, PoolEntry } from '../schemas/pool.js';
import { Exclusion } from '../schemas/conflicts.js';
import { FairnessReport, FeasibilityReport } from '../schemas/feasibility.js';
import { PublishedSource, Secret, SeedInput } from '../schemas/seed.js';
import { BeaconRound } from '../schemas/beacon.js';
import { PastedBeacon } from './beacon.js';
import { DrawStep } from '../schemas/draw-result.js';
import { RegistryNo } from '../schemas/registry.js';
import { DeclineCategory } from '../schemas/decline-category.js';
import { CodedIssueSchema } from './issue-codes.js';

const DRAW_STATES = [
  'draft',
  'announced',
  'revealing',
  'reveals_closed',
  'beacon_received',
  'drawn',
  'closed',
  'cancelled',
] as const;
export const DrawState = z.enum(DRAW_STATES);
export type DrawState = z.infer<typeof DrawState>;

const Reason = z.string().trim().min(1, 'required').max(1000);

export const DrawIdParams = z.strictObject({ id: DrawId });

export const DrawCreate = z.strictObject({
  lotId: z.number().int().positive(),
  draft: DraftSpec.optional(),
});
export type DrawCreate = z.infer<typeof DrawCreate>;

export const DrawListQuery = z.strictObject({
  state: DrawState.optional(),
  lotId: z.coerce.number().int().positive().optional(),
});
export type DrawListQuery = z.infer<typeof DrawListQuery>;

/** Invite an observer account (by username) as a witness of a draft draw. */
export const WitnessInvite = z.strictObject({ username: z.string().trim().min(1).max(64) });

export const WitnessCommit = z.strictObject({ commitment: Hash32 });
export const WitnessReveal = z.strictObject({ secret: Secret });

/** A pasted drand round: the relay's JSON as text (copied from a browser tab) or as an object. */
export const BeaconPaste = z.strictObject({
  beacon: z.union([z.string().min(2).max(4096), PastedBeacon]),
});
export type BeaconPaste = z.infer<typeof BeaconPaste>;

export const PublicSourcesPost = z.strictObject({
  values: z.array(PublishedSource).min(1).max(10),
});
/** A decline: who, its public category (closed list) and the operator's private free text. */
export const DeclineBody = z.strictObject({
  registryNo: RegistryNo,
  category: DeclineCategory,
  reason: Reason,
});
export const CancelBody = z.strictObject({ reason: Reason });

/** Why a draw waits for its beacon; null when it is not waiting. */
export const BeaconStatus = z.strictObject({
  /** the announced round's time (UTC) */
  availableAt: z.iso.datetime(),
  waitingSince: z.iso.datetime(),
  /** the last failure's code, e.g. RELAY_UNAVAILABLE, BEACON_NOT_YET_AVAILABLE; null before a try */
  lastError: z.string().nullable(),
  attempts: z.number().int().min(0),
  /** the next automatic try (UTC) */
  nextRetryAt: z.iso.datetime(),
});
export type BeaconStatus = z.infer<typeof BeaconStatus>;

export const DrawSummary = z.strictObject({
  id: DrawId,
  lotId: z.number().int(),
  lotTitleKk: z.string(),
  lotTitleRu: z.string(),
  competitionCode: z.string(),
  directionCode: z.string(),
  attempt: z.number().int(),
  state: DrawState,
  createdAt: z.string(),
  updatedAt: z.string(),
  announcedAt: z.string().nullable(),
  revealDeadline: z.string().nullable(),
  /** drand round time (UTC) when the spec names one */
  beaconAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /**
   * a ceremony's lots in broadcast order (docs/LIFECYCLE.md §Ceremonies); absent for a single draw.
   * For a ceremony lotId, the lot titles and directionCode are those of its first lot.
   */
  lotIds: z.array(z.number().int()).optional(),
});
export type DrawSummary = z.infer<typeof DrawSummary>;

export const PublicWitness = z.strictObject({
  id: Witness.shape.id,
  name: Witness.shape.name,
  commitment: Hash32.nullable(),
  /** the accepted reveal, published once made */
  secret: Secret.nullable(),
  revealedAt: z.string().nullable(),
  /** true once reveals closed without this witness's reveal (recorded and dropped) */
  missing: z.boolean(),
  rejectedAttempts: z.number().int(),
});
export type PublicWitness = z.infer<typeof PublicWitness>;

export const PublicDrawDetail = DrawSummary.extend({
  lot: z.strictObject({
    id: z.number().int(),
    titleKk: z.string(),
    titleRu: z.string(),
    directionCode: z.string(),
    competitionCode: z.string(),
    /** the direction's and competition's names, for people (null when the row is gone) */
    directionName: z.strictObject({ kk: z.string(), ru: z.string(), en: z.string() }).nullable(),
    competitionTitleKk: z.string().nullable(),
    competitionTitleRu: z.string().nullable(),
    applicants: z.array(z.strictObject({ name: z.string(), bin: z.string() })),
  }),
  /** the draft while in draft, afterwards null (the sealed spec is announcement.spec) */
  draft: DraftSpec.nullable(),
  spec: DrawSpec.nullable(),
  announcement: Announcement.nullable(),
  announcementHash: Hash32.nullable(),
  /** frozen pool entries, numbered from 1 in canonical order */
  pool: z.array(PoolEntry.extend({ poolNo: z.number().int() })),
  exclusions: z.array(Exclusion),
  fairness: FairnessReport.nullable(),
  witnesses: z.array(PublicWitness),
  beacon: BeaconRound.extend({
    chainHash: Hash32,
    source: z.enum(['relay', 'pasted']),
    /** verified with the chain's pinned key (shared/drand.ts) before it was stored */
    verified: z.literal(true),
  }).nullable(),
  beaconStatus: BeaconStatus.nullable(),
  publicSources: z.array(PublishedSource),
  seedInput: SeedInput.nullable(),
  seed: Hash32.nullable(),
  steps: z.array(DrawStep),
  commission: z.array(RegistryNo),
  reserves: z.array(RegistryNo),
  /** steps of the replacement phase (declines, withdrawals, replacements, vacancies) */
  replacements: z.array(DrawStep),
  /** every decline with its public category (null: recorded before categories); never the reason */
  publicDeclines: z.array(
    z.strictObject({
      registryNo: RegistryNo,
      category: DeclineCategory.nullable(),
      at: z.string(),
      firstStep: z.number().int(),
    })
  ),
  /** the commission's and reserves' organisation keys (pool entries) → names in the public registry */
  organizationNames: z.record(z.string(), z.string()),
  /**
   * each excluded expert's name as the public registry gives it (display only: exclusions carry
   * registry numbers; an expert the registry no longer lists is left out)
   */
  excludedNames: z.record(z.string(), z.strictObject({ kk: z.string(), ru: z.string() })),
  cancelledFrom: DrawState.nullable(),
  previousAttempts: z.array(
    z.strictObject({
      id: DrawId,
      attempt: z.number().int(),
      state: DrawState,
      cancelReason: z.string().nullable(),
    })
  ),
  /**
   * every attempt of the lot, this one included, in attempt order: its state and, for a cancelled one,
   * its public reason and the state it had reached (docs/PROTOCOL.md §No re-roll)
   */
  attempts: z.array(
    z.strictObject({
      id: DrawId,
      attempt: z.number().int(),
      state: DrawState,
      cancelReason: z.string().nullable(),
      cancelledFrom: DrawState.nullable(),
    })
  ),
  laterAttempts: z.array(
    z.strictObject({ id: DrawId, attempt: z.number().int(), state: DrawState })
  ),
  /** this draw's transparency-log entries (index and type), in log order */
  log: z.array(z.strictObject({ index: z.number().int(), type: z.string() })),
});
export type PublicDrawDetail = z.infer<typeof PublicDrawDetail>;

/** What operators see of a draw: the public detail, which account is which witness, and declines. */
export const OperatorDrawDetail = PublicDrawDetail.extend({
  witnessAccounts: z.array(
    z.strictObject({ witnessId: Witness.shape.id, userId: z.number().int() })
  ),
  /** the reason is operator free text about a person: never published (the category is public) */
  declines: z.array(
    z.strictObject({
      registryNo: RegistryNo,
      category: DeclineCategory.nullable(),
      reason: z.string(),
      actor: z.string(),
      at: z.string(),
      firstStep: z.number().int(),
    })
  ),
  /**
   * The announced drand round's address at each relay of DRAND_URLS, in order (empty without a
   * round): what the operator opens, or scans, on a connected device when the server is offline.
   */
  beaconUrls: z.array(z.string()),
});
export type OperatorDrawDetail = z.infer<typeof OperatorDrawDetail>;

/** The operator's preview before announcement: nothing is written. */
export const DrawPreview = z.strictObject({
  drawId: DrawId,
  /** the draft completed into a spec, or the issues that keep it from being one */
  spec: DrawSpec.nullable(),
  specIssues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  /** the same issues as catalogue codes with values (shared/api/issue-codes.ts), by path */
  specIssueCodes: z.array(CodedIssueSchema).optional(),
  considered: z.number().int(),
  eligible: z.array(PoolEntry),
  exclusions: z.array(Exclusion),
  feasibility: FeasibilityReport.nullable(),
  fairness: FairnessReport.nullable(),
});
export type DrawPreview = z.infer<typeof DrawPreview>;

/** GET /api/witness/invitations: the signed-in observer's invitations. */
export const WitnessInvitation = z.strictObject({
  drawId: DrawId,
  witnessId: Witness.shape.id,
  state: DrawState,
  lotTitleKk: z.string(),
  lotTitleRu: z.string(),
  commitment: Hash32.nullable(),
  revealed: z.boolean(),
  revealDeadline: z.string().nullable(),
});
export type WitnessInvitation = z.infer<typeof WitnessInvitation>;
