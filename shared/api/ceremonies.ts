/**
 * Boundary types of ceremonies (docs/LIFECYCLE.md §Ceremonies): the operator's request bodies and
 * the public and operator views of a ceremony. A ceremony is a draw (its id, state, witnesses,
 * beacon, public sources, seed are the draw's, on the same `/api/draws/:id/…` routes); what it has
 * per lot is in `lots[]`. `GET /api/draws/:id` and `GET /api/public/draws/:id` answer a ceremony with
 * these views (`kind: 'ceremony'`) and a single draw exactly as before (no `kind`).
 */
import { z } from 'zod';
import { Hash32 } from '../schemas/draw-spec.js';
import { DrawId } from '../schemas/draw-events.js';
import { DraftSpec } from '../schemas/draw-draft.js';
import { PoolEntry } from '../schemas/pool.js';
import { Exclusion } from '../schemas/conflicts.js';
import { FairnessReport, FeasibilityReport } from '../schemas/feasibility.js';
import { DrawStep } from '../schemas/draw-result.js';
import { RegistryNo } from '../schemas/registry.js';
import { CeremonyAnnouncement, LotAnnouncement, LotSpec } from '../schemas/ceremony.js';
import { CeremonyLotId, CeremonyLotIds, LotDraft, LotDraftOf } from '../schemas/ceremony-events.js';
import { specField } from '../schemas/draw-draft.js';
import { perCap } from '../draw/rule-families.js';
import { DeclineBody, OperatorDrawDetail, PublicDrawDetail } from './draws.js';

/** POST /api/ceremonies: a ceremony from a competition's lots, in broadcast order. */
export const CeremonyCreate = z.strictObject({
  lotIds: CeremonyLotIds,
  /** the rules every lot shares (method adal-v1 at announcement) */
  draft: DraftSpec.optional(),
  /** per-lot overrides of size, reserves, quotas, caps; each lot at most once, one of lotIds */
  lotDrafts: z.array(LotDraftOf).optional(),
});
export type CeremonyCreate = z.infer<typeof CeremonyCreate>;

/** `…/lots/:lotId/…` routes. */
export const CeremonyLotParams = z.strictObject({
  id: DrawId,
  lotId: z.coerce.number().int().positive(),
});

/**
 * PATCH /api/draws/:id/lots/:lotId/draft: the given fields replace the lot's override; null removes
 * one (the lot then follows the shared draft for it).
 */
export const LotDraftPatch = z
  .strictObject({
    size: specField.size.nullable(),
    reserves: specField.reserves.nullable(),
    quotas: specField.quotas.nullable(),
    ...perCap('field', (f) => specField[f.field].unwrap().nullable()),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type LotDraftPatch = z.infer<typeof LotDraftPatch>;

/** POST /api/draws/:id/declines of a ceremony: the single draw's body naming the lot. */
export const CeremonyDeclineBody = DeclineBody.extend({ lotId: CeremonyLotId });
export type CeremonyDeclineBody = z.infer<typeof CeremonyDeclineBody>;

/**
 * What POST /api/draws/:id/declines accepts: a single draw's body, or a ceremony's with `lotId`
 * (the server requires it for a ceremony and refuses it for a single draw, naming `body.lotId`).
 */
export const DeclineRequest = DeclineBody.extend({ lotId: CeremonyLotId.optional() });
export type DeclineRequest = z.infer<typeof DeclineRequest>;

/**
 * A lot's state: the ceremony's until the result; after it `drawn` until the lot is closed, then
 * `closed` (the ceremony is `closed` once every lot is).
 */
const LotState = PublicDrawDetail.shape.state;

const Names = z.strictObject({ kk: z.string(), ru: z.string(), en: z.string() });

/** What the public sees of one lot. */
export const PublicCeremonyLot = z.strictObject({
  /** 0-based broadcast position */
  index: z.number().int().min(0),
  lotId: z.number().int(),
  state: LotState,
  titleKk: z.string(),
  titleRu: z.string(),
  directionCode: z.string(),
  /** the direction's names for people (null when the row is gone) */
  directionName: Names.nullable(),
  applicants: z.array(z.strictObject({ name: z.string(), bin: z.string() })),
  /** the lot's override while in draft, afterwards null (the sealed spec is `spec`) */
  lotDraft: LotDraft.nullable(),
  spec: LotSpec.nullable(),
  announcement: LotAnnouncement.nullable(),
  announcementHash: Hash32.nullable(),
  /** frozen pool entries, numbered from 1 in canonical order */
  pool: z.array(PoolEntry.extend({ poolNo: z.number().int() })),
  exclusions: z.array(Exclusion),
  /** each excluded expert's public name (display only; see PublicDrawDetail.excludedNames) */
  excludedNames: z.record(z.string(), z.strictObject({ kk: z.string(), ru: z.string() })),
  fairness: FairnessReport.nullable(),
  lotSeed: Hash32.nullable(),
  steps: z.array(DrawStep),
  commission: z.array(RegistryNo),
  reserves: z.array(RegistryNo),
  replacements: z.array(DrawStep),
  publicDeclines: PublicDrawDetail.shape.publicDeclines,
  organizationNames: z.record(z.string(), z.string()),
  closedAt: z.string().nullable(),
});
export type PublicCeremonyLot = z.infer<typeof PublicCeremonyLot>;

const P = PublicDrawDetail.shape;

/** GET /api/public/draws/:id of a ceremony. */
export const PublicCeremonyDetail = z.strictObject({
  kind: z.literal('ceremony'),
  id: DrawId,
  state: P.state,
  createdAt: P.createdAt,
  updatedAt: P.updatedAt,
  announcedAt: P.announcedAt,
  revealDeadline: P.revealDeadline,
  beaconAt: P.beaconAt,
  cancelReason: P.cancelReason,
  cancelledFrom: P.cancelledFrom,
  competitionCode: z.string(),
  competitionTitleKk: z.string().nullable(),
  competitionTitleRu: z.string().nullable(),
  /** the shared draft while in draft, afterwards null */
  draft: DraftSpec.nullable(),
  ceremony: CeremonyAnnouncement.nullable(),
  ceremonyHash: Hash32.nullable(),
  witnesses: P.witnesses,
  beacon: P.beacon,
  beaconStatus: P.beaconStatus,
  publicSources: P.publicSources,
  seedInput: P.seedInput,
  seed: P.seed,
  lots: z.array(PublicCeremonyLot),
  log: P.log,
});
export type PublicCeremonyDetail = z.infer<typeof PublicCeremonyDetail>;

const O = OperatorDrawDetail.shape;

/** GET /api/draws/:id of a ceremony: the public view, the witnesses' accounts, decline reasons. */
export const OperatorCeremonyDetail = PublicCeremonyDetail.extend({
  witnessAccounts: O.witnessAccounts,
  beaconUrls: O.beaconUrls,
  /** every decline with its lot and the operator's reason (never published) */
  declines: z.array(O.declines.element.extend({ lotId: z.number().int() })),
});
export type OperatorCeremonyDetail = z.infer<typeof OperatorCeremonyDetail>;

/** GET /api/draws/:id/preview of a ceremony (nothing written): each lot as the draw preview. */
export const CeremonyPreview = z.strictObject({
  kind: z.literal('ceremony'),
  drawId: DrawId,
  lots: z.array(
    z.strictObject({
      lotId: z.number().int(),
      spec: LotSpec.nullable(),
      specIssues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
      considered: z.number().int(),
      eligible: z.array(PoolEntry),
      exclusions: z.array(Exclusion),
      feasibility: FeasibilityReport.nullable(),
      /**
       * the lot's report from the announcement it would seal now (computed in the fairness workers);
       * null when its rules are incomplete or infeasible
       */
      fairness: FairnessReport.nullable(),
    })
  ),
});
export type CeremonyPreview = z.infer<typeof CeremonyPreview>;

/** Whether a draw view is a ceremony's. */
export function isCeremonyDetail<T extends object>(
  d: T | PublicCeremonyDetail
): d is PublicCeremonyDetail {
  return (d as { kind?: unknown }).kind === 'ceremony';
}
