/**
 * The contract of draw log entries (docs/LIFECYCLE.md §Log entries): the `data` of every transparency
 * log entry a draw's life appends, one strict schema per entry type, and DrawEvent, the union over
 * `{ type, data }` that the log envelope (shared/schemas/log.ts) carries.
 *
 * A verifier replays these entries IN LOG ORDER and needs nothing else: 'draw.created' opens a draw,
 * draft edits and witness commitments follow, 'draw.announced' seals the spec, the whole frozen pool
 * and the exclusions (announcementHash = taggedHash('announcement', JCS(announcement)), shared/
 * announcement.ts), then reveals, the beacon or public-source values, 'draw.result' (seed input, seed,
 * every step), declines with their replacement steps, and 'draw.closed' or 'draw.cancelled'. Each
 * entry is appended in the same SQLite transaction as the state change it records, so the log and
 * the stored draw can be checked against each other.
 *
 * Every data object carries drawId (for 'draw.announced' it equals announcement.drawId), so entries of
 * one draw are found without decoding the rest. Protocol objects are the protocol's own schemas
 * (Announcement, PoolEntry, FairnessReport, Reveal, BeaconRound, PublishedSource, SeedInput,
 * DrawResult, DrawStep) — never copies. Nothing here holds personal data: witnesses are named by their
 * public display name, experts by registry number and the public names in the pool.
 *
 * A ceremony (protocol version 3) is logged with the same entry types; the five whose data differ
 * (created, draft_updated, announced, result, declined) and its two own types (lot_sealed,
 * lot_closed) are in shared/schemas/ceremony-events.ts CEREMONY_EVENT_DATA, which a reader uses once
 * the draw's draw.created names `lotIds`. This table stays the single draw's, unchanged.
 */
import { z } from 'zod';
import { FORMATS } from './formats.js';
import { Hash32, Ident, Witness } from './draw-spec.js';
import { Announcement, PoolEntry } from './pool.js';
import { FairnessReport } from './feasibility.js';
import { PublishedSource, Reveal, SeedInput } from './seed.js';
import { BeaconRound } from './beacon.js';
import { DrawResult, DrawStep } from './draw-result.js';
import { RegistryNo } from './registry.js';
import { DraftSpec } from './draw-draft.js';
import { DeclineCategory } from './decline-category.js';

/** A draw's public id: "D-" + year + "-" + a 4-digit (or longer) serial, e.g. D-2026-0007. */
export const DrawId = Ident.regex(FORMATS.DrawId.pattern, 'a draw id like D-2026-0007');
export type DrawId = z.infer<typeof DrawId>;

const Reason = z.string().trim().min(1, 'required').max(FORMATS.Reason.length[1]);

/**
 * (v2) What an entry commits to of the draw's earlier entries (shared/draw-history.ts): their number
 * and the running hash over their log indexes and leaf hashes. Carried by every entry from
 * 'draw.announced' on in a version 2 draw, by none in a version 1 draw (shared/verify/history.ts
 * enforces which); the entries written before the announcement never carry it.
 */
export const HistoryLink = z.strictObject({
  entries: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  head: Hash32,
});
export type HistoryLink = z.infer<typeof HistoryLink>;
const history = HistoryLink.optional();

/** A draft opened for a lot; attempt 1, 2, … per lot, listing the earlier attempts' ids. */
const DrawCreatedData = z.strictObject({
  drawId: DrawId,
  /** the lot's id (shared/schemas/lots.ts); the spec names it as the decimal string */
  lotId: z.number().int().positive(),
  attempt: z.number().int().min(1),
  /** earlier draws of this lot, oldest first (cancelled or not) */
  previousDrawIds: z.array(DrawId),
  draft: DraftSpec,
});

/** The draft's rules after an edit (the whole draft, not the patch). */
const DrawDraftUpdatedData = z.strictObject({ drawId: DrawId, draft: DraftSpec });

/** An observer account invited as witness; witnessId is the id the spec will use. */
const DrawWitnessInvitedData = z.strictObject({
  drawId: DrawId,
  witnessId: Witness.shape.id,
  name: Witness.shape.name,
});

/** The witness's commitment taggedHash('commitment', secret), before the announcement is sealed. */
const DrawWitnessCommittedData = z.strictObject({
  drawId: DrawId,
  witnessId: Witness.shape.id,
  commitment: Witness.shape.commitment,
});

/**
 * The sealed announcement, its hash, the whole frozen pool in canonical order (its RFC 6962 root is
 * announcement.pool.root and its length announcement.pool.size) and the fairness report.
 */
const DrawAnnouncedData = z
  .strictObject({
    drawId: DrawId,
    announcement: Announcement,
    announcementHash: Hash32,
    pool: z.array(PoolEntry),
    fairness: FairnessReport,
    history,
  })
  .refine((d) => d.announcement.drawId === d.drawId, {
    message: 'announcement.drawId differs from drawId',
    path: ['announcement', 'drawId'],
  });

/** The operator opened the reveal window (announced → revealing). */
const DrawRevealsOpenedData = z.strictObject({ drawId: DrawId, history });

/** An accepted reveal: commitmentFor(secret) equals the witness's announced commitment. */
const DrawRevealedData = Reveal.extend({ drawId: DrawId, history });

/**
 * A refused reveal, published with the refused secret so anyone can check that it indeed does not
 * match the commitment (a matching secret can never be refused silently).
 */
const DrawRevealRejectedData = Reveal.extend({
  drawId: DrawId,
  code: z.enum(['REVEAL_MISMATCH']),
  history,
});

/** The reveal window closed; witnesses who did not reveal are recorded and dropped, never a re-draw. */
const DrawRevealsClosedData = z.strictObject({
  drawId: DrawId,
  missing: z.array(Witness.shape.id),
  history,
});

/** The announced drand round, verified (shared/drand.ts verifyBeacon), fetched from a relay or pasted. */
const DrawBeaconData = BeaconRound.extend({
  drawId: DrawId,
  chainHash: Hash32,
  source: z.enum(['relay', 'pasted']),
  history,
});

/** Published values of announced public sources (each source given once, after its date). */
const DrawPublicSourcesData = z.strictObject({
  drawId: DrawId,
  values: z.array(PublishedSource).min(1),
  history,
});

/** The seed preimage, the seed (hex) and the whole result with every step. */
const DrawResultData = z.strictObject({
  drawId: DrawId,
  seedInput: SeedInput,
  seed: Hash32,
  result: DrawResult,
  history,
});

/** A member or reserve declined: the new steps (replaceDecline) and the result after them. */
const DrawDeclinedData = z.strictObject({
  drawId: DrawId,
  registryNo: RegistryNo,
  /** the public category (docs/PROTOCOL.md §Declines in the open); absent in entries made before it */
  category: DeclineCategory.optional(),
  steps: z.array(DrawStep).min(1),
  result: DrawResult,
  history,
});

const DrawClosedData = z.strictObject({ drawId: DrawId, history });

const DrawCancelledData = z.strictObject({ drawId: DrawId, reason: Reason, history });

/** Entry type → data schema. Types are stable; a new type is added, never renamed. */
export const DRAW_EVENT_DATA = {
  'draw.created': DrawCreatedData,
  'draw.draft_updated': DrawDraftUpdatedData,
  'draw.witness_invited': DrawWitnessInvitedData,
  'draw.witness_committed': DrawWitnessCommittedData,
  'draw.announced': DrawAnnouncedData,
  'draw.reveals_opened': DrawRevealsOpenedData,
  'draw.revealed': DrawRevealedData,
  'draw.reveal_rejected': DrawRevealRejectedData,
  'draw.reveals_closed': DrawRevealsClosedData,
  'draw.beacon': DrawBeaconData,
  'draw.public_sources': DrawPublicSourcesData,
  'draw.result': DrawResultData,
  'draw.declined': DrawDeclinedData,
  'draw.closed': DrawClosedData,
  'draw.cancelled': DrawCancelledData,
} as const;

export type DrawEventType = keyof typeof DRAW_EVENT_DATA;
export const DrawEventType = z.enum(
  Object.keys(DRAW_EVENT_DATA) as [DrawEventType, ...DrawEventType[]]
);

export type DrawEventData<T extends DrawEventType> = z.infer<(typeof DRAW_EVENT_DATA)[T]>;

const ev = <T extends DrawEventType>(type: T) =>
  z.strictObject({ type: z.literal(type), data: DRAW_EVENT_DATA[type] });

/** One draw log entry's type and data, discriminated by type. */
export const DrawEvent = z.discriminatedUnion('type', [
  ev('draw.created'),
  ev('draw.draft_updated'),
  ev('draw.witness_invited'),
  ev('draw.witness_committed'),
  ev('draw.announced'),
  ev('draw.reveals_opened'),
  ev('draw.revealed'),
  ev('draw.reveal_rejected'),
  ev('draw.reveals_closed'),
  ev('draw.beacon'),
  ev('draw.public_sources'),
  ev('draw.result'),
  ev('draw.declined'),
  ev('draw.closed'),
  ev('draw.cancelled'),
]);
export type DrawEvent = z.infer<typeof DrawEvent>;

/** Whether a log entry type belongs to a draw (other entry types, e.g. registry changes, exist). */
export function isDrawEventType(type: string): type is DrawEventType {
  return Object.hasOwn(DRAW_EVENT_DATA, type);
}
