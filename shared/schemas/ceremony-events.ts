/**
 * The log entries of a ceremony (docs/LIFECYCLE.md §Ceremonies, docs/PROTOCOL.md §Ceremony bundles,
 * protocol version 3): the `data` of every transparency-log entry a ceremony's life appends. A
 * ceremony is one draw — one id, one log subject `{kind: 'draw', id}`, one state machine, one bundle —
 * whose `draw.created` names its lots (`lotIds`): a reader tells a ceremony's entries from a single
 * draw's by that first entry and then reads every entry with this table instead of
 * shared/schemas/draw-events.ts DRAW_EVENT_DATA. Entry types keep their names; five carry ceremony
 * data (created, draft_updated, announced, result, declined) and two are new (lot_sealed,
 * lot_closed); the others are the single draw's very schemas (one set of witnesses, reveals, beacon
 * and public sources for the whole ceremony).
 *
 * Lots are named by the lot's id as a positive integer (`lotId`, as draw.created of a single draw
 * does); inside a lot's spec it is the decimal string, as in every spec.
 */
import { z } from 'zod';
import { Hash32 } from './draw-spec.js';
import { DRAW_EVENT_DATA, DrawId, HistoryLink } from './draw-events.js';
import { DraftSpec, specField } from './draw-draft.js';
import { PoolEntry } from './pool.js';
import { FairnessReport } from './feasibility.js';
import { SeedInput } from './seed.js';
import { DrawResult, DrawStep } from './draw-result.js';
import { RegistryNo } from './registry.js';
import { DeclineCategory } from './decline-category.js';
import { CeremonyAnnouncement, LotAnnouncement, MAX_CEREMONY_LOTS } from './ceremony.js';
import { perCap } from '../draw/rule-families.js';

const history = HistoryLink.optional();

/** A lot's id (shared/schemas/lots.ts): a positive integer. */
export const CeremonyLotId = z.number().int().positive();

/** A ceremony's lots in broadcast order: 2–64 distinct lot ids. */
export const CeremonyLotIds = z
  .array(CeremonyLotId)
  .min(2, 'a ceremony has at least two lots')
  .max(MAX_CEREMONY_LOTS)
  .refine((ids) => new Set(ids).size === ids.length, 'a lot is listed twice');

/**
 * What one lot may set differently from the ceremony's shared draft: its size, reserves, quotas and
 * caps. Everything else (method, asOf, cooldown, entropy, reveal deadline) is the ceremony's.
 */
export const LotDraft = z.strictObject({
  size: specField.size.optional(),
  reserves: specField.reserves.optional(),
  quotas: specField.quotas.optional(),
  ...perCap('field', (f) => specField[f.field]),
});
export type LotDraft = z.infer<typeof LotDraft>;

/** One lot's override, as logged. */
export const LotDraftOf = z.strictObject({ lotId: CeremonyLotId, draft: LotDraft });
export type LotDraftOf = z.infer<typeof LotDraftOf>;

/** A ceremony opened from a competition's lots, in broadcast order. */
const CeremonyCreatedData = z.strictObject({
  drawId: DrawId,
  lotIds: CeremonyLotIds,
  /** earlier draws of any of these lots (all cancelled), oldest first */
  previousDrawIds: z.array(DrawId),
  /** the rules every lot shares */
  draft: DraftSpec,
  /** the lots that set something differently, in broadcast order */
  lotDrafts: z.array(LotDraftOf),
});

/** The shared draft after an edit (the whole draft), or one lot's override after an edit. */
const CeremonyDraftUpdatedData = z.union([
  z.strictObject({ drawId: DrawId, draft: DraftSpec }),
  z.strictObject({ drawId: DrawId, lotId: CeremonyLotId, lotDraft: LotDraft }),
]);

/**
 * One lot sealed, at the announcement: its announcement (spec version 3) and hash, the whole frozen
 * pool in canonical order and its fairness report. One entry per lot, in broadcast order (`index`
 * 0-based), all in the announcement's transaction, followed by draw.announced.
 */
const LotSealedData = z
  .strictObject({
    drawId: DrawId,
    index: z
      .number()
      .int()
      .min(0)
      .max(MAX_CEREMONY_LOTS - 1),
    lotId: CeremonyLotId,
    announcement: LotAnnouncement,
    announcementHash: Hash32,
    pool: z.array(PoolEntry),
    fairness: FairnessReport,
    history,
  })
  .refine((d) => d.announcement.drawId === d.drawId, {
    message: 'announcement.drawId differs from drawId',
    path: ['announcement', 'drawId'],
  })
  .refine((d) => d.announcement.spec.lotId === String(d.lotId), {
    message: 'announcement.spec.lotId differs from lotId',
    path: ['announcement', 'spec', 'lotId'],
  });

/** The ceremony sealed: its announcement (every lot's announcement hash in order) and hash. */
const CeremonyAnnouncedData = z
  .strictObject({
    drawId: DrawId,
    ceremony: CeremonyAnnouncement,
    ceremonyHash: Hash32,
    history,
  })
  .refine((d) => d.ceremony.drawId === d.drawId, {
    message: 'ceremony.drawId differs from drawId',
    path: ['ceremony', 'drawId'],
  });

/** One lot's draw: its lot seed (hex) and whole result with every step. */
export const LotResult = z.strictObject({
  lotId: CeremonyLotId,
  lotSeed: Hash32,
  result: DrawResult,
});
export type LotResult = z.infer<typeof LotResult>;

/** The one seed input and seed, and every lot's result in broadcast order. */
const CeremonyResultData = z.strictObject({
  drawId: DrawId,
  seedInput: SeedInput,
  seed: Hash32,
  lots: z.array(LotResult).min(2).max(MAX_CEREMONY_LOTS),
  history,
});

/** A member or reserve of one lot declined: that lot's new steps and result after them. */
const CeremonyDeclinedData = z.strictObject({
  drawId: DrawId,
  lotId: CeremonyLotId,
  registryNo: RegistryNo,
  category: DeclineCategory,
  steps: z.array(DrawStep).min(1),
  result: DrawResult,
  history,
});

/** One lot closed: its commission as it stands is its result; no more declines for it. */
const LotClosedData = z.strictObject({ drawId: DrawId, lotId: CeremonyLotId, history });

/** Entry type → data schema for a ceremony. Types are stable; a new type is added, never renamed. */
export const CEREMONY_EVENT_DATA = {
  'draw.created': CeremonyCreatedData,
  'draw.draft_updated': CeremonyDraftUpdatedData,
  'draw.witness_invited': DRAW_EVENT_DATA['draw.witness_invited'],
  'draw.witness_committed': DRAW_EVENT_DATA['draw.witness_committed'],
  'draw.lot_sealed': LotSealedData,
  'draw.announced': CeremonyAnnouncedData,
  'draw.reveals_opened': DRAW_EVENT_DATA['draw.reveals_opened'],
  'draw.revealed': DRAW_EVENT_DATA['draw.revealed'],
  'draw.reveal_rejected': DRAW_EVENT_DATA['draw.reveal_rejected'],
  'draw.reveals_closed': DRAW_EVENT_DATA['draw.reveals_closed'],
  'draw.beacon': DRAW_EVENT_DATA['draw.beacon'],
  'draw.public_sources': DRAW_EVENT_DATA['draw.public_sources'],
  'draw.result': CeremonyResultData,
  'draw.declined': CeremonyDeclinedData,
  'draw.lot_closed': LotClosedData,
  'draw.closed': DRAW_EVENT_DATA['draw.closed'],
  'draw.cancelled': DRAW_EVENT_DATA['draw.cancelled'],
} as const;

export type CeremonyEventType = keyof typeof CEREMONY_EVENT_DATA;
export type CeremonyEventData<T extends CeremonyEventType> = z.infer<
  (typeof CEREMONY_EVENT_DATA)[T]
>;

const ev = <T extends CeremonyEventType>(type: T) =>
  z.strictObject({ type: z.literal(type), data: CEREMONY_EVENT_DATA[type] });

/** One ceremony log entry's type and data, discriminated by type. */
export const CeremonyEvent = z.discriminatedUnion('type', [
  ev('draw.created'),
  ev('draw.draft_updated'),
  ev('draw.witness_invited'),
  ev('draw.witness_committed'),
  ev('draw.lot_sealed'),
  ev('draw.announced'),
  ev('draw.reveals_opened'),
  ev('draw.revealed'),
  ev('draw.reveal_rejected'),
  ev('draw.reveals_closed'),
  ev('draw.beacon'),
  ev('draw.public_sources'),
  ev('draw.result'),
  ev('draw.declined'),
  ev('draw.lot_closed'),
  ev('draw.closed'),
  ev('draw.cancelled'),
]);
export type CeremonyEvent = z.infer<typeof CeremonyEvent>;

export function isCeremonyEventType(type: string): type is CeremonyEventType {
  return Object.hasOwn(CEREMONY_EVENT_DATA, type);
}

/** Whether a draw.created entry's data opens a ceremony (it names `lotIds`) rather than one draw. */
export function opensCeremony(createdData: unknown): boolean {
  return (
    typeof createdData === 'object' && createdData !== null && Object.hasOwn(createdData, 'lotIds')
  );
}
