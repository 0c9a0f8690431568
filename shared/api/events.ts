/**
 * The socket.io contract of the live ceremony (docs/LIVE.md): every payload a client may send, every
 * ack and every event the server emits, as zod schemas, and the typed socket.io event maps built FROM
 * those schemas (so the server's and the client's types cannot drift from what is validated).
 *
 * Namespaces: `/live` (public, read-only) and `/operator` (signed-in operators; the same stream plus
 * operator status). Events are `domain:event`. Every event carries the draw id and a sequence number
 * `seq`: a draw's viewer events are numbered 1, 2, 3, … without gaps (shared/api/live-sequence.ts derives
 * them from the draw's transparency-log entries, so the same log always gives the same sequence).
 *
 * Acks have one shape: `{ ok: true, data } | { ok: false, error: { code, message, params?, issues?,
 * issueCodes? } }`.
 * The server safeParses every payload it receives, because types are erased at runtime; a client
 * treats what arrives as untrusted input too and may parse it with the same schemas.
 */
import { z } from 'zod';
import { Hash32 } from '../schemas/draw-spec.js';
import { DrawEvent, DrawId } from '../schemas/draw-events.js';
import { CeremonyEvent, CeremonyLotId } from '../schemas/ceremony-events.js';
import { DrawResult, DrawStep } from '../schemas/draw-result.js';
import { SeedInput } from '../schemas/seed.js';
import { RegistryNo } from '../schemas/registry.js';
import { BeaconStatus, DrawState, DrawSummary } from './draws.js';
import { DeclineCategory } from '../schemas/decline-category.js';
import { CodedIssueSchema } from './issue-codes.js';

export const LIVE_NAMESPACE = '/live';
export const OPERATOR_NAMESPACE = '/operator';

/** A viewer event's number within its draw: 1, 2, 3, … */
const Seq = z.number().int().min(1);
/** "I have seen everything up to here": 0 means nothing yet. */
const AfterSeq = z.number().int().min(0);
const LogIndex = z.number().int().min(0);
const Count = z.number().int().min(0);
/** An instant in UTC with milliseconds, as Date.prototype.toISOString writes it. */
const Instant = z.iso.datetime({ offset: false });

const base = {
  drawId: DrawId,
  seq: Seq,
  /** index of the transparency-log entry this event comes from (for inclusion proofs) */
  logIndex: LogIndex,
  /** when the event becomes visible: the entry's time, or later for paced playback */
  at: Instant,
};

/** Entry types that are played step by step instead of shown as one event. */
const PACED_ENTRY_TYPES = ['draw.result', 'draw.declined'] as const;
const isPaced = (type: string) => (PACED_ENTRY_TYPES as readonly string[]).includes(type);

/**
 * Any other draw log entry, verbatim (type and data): created, announced, revealed, beacon, … — a
 * ceremony's entries with their ceremony data (shared/schemas/ceremony-events.ts), lot_sealed and
 * lot_closed included.
 */
const LiveEntryEvent = z
  .strictObject({
    ...base,
    kind: z.literal('entry'),
    entry: z.union([DrawEvent, CeremonyEvent]),
  })
  .refine((e) => !isPaced(e.entry.type), {
    message: 'draw.result and draw.declined are played as steps',
    path: ['entry', 'type'],
  });

/**
 * Opens the playback of a draw.result entry: the seed and how many steps follow (in a ceremony: of
 * every lot together; each lot then opens with a `lot` event).
 */
const LiveSeedEvent = z.strictObject({
  ...base,
  kind: z.literal('seed'),
  method: DrawResult.shape.method,
  seedInput: SeedInput,
  seed: Hash32,
  stepCount: Count,
});

/**
 * A ceremony's lot heading, before its steps in the playback of draw.result: which lot (0-based
 * broadcast `index` of `of` lots), its lot seed and how many of its steps follow.
 */
const LiveLotEvent = z.strictObject({
  ...base,
  kind: z.literal('lot'),
  lotId: CeremonyLotId,
  index: z.number().int().min(0),
  of: z.number().int().min(1),
  lotSeed: Hash32,
  stepCount: Count,
});

/** Opens the playback of a draw.declined entry: who declined and how many steps follow. */
const LiveDeclineEvent = z.strictObject({
  ...base,
  kind: z.literal('decline'),
  /** a ceremony's decline: the lot */
  lotId: CeremonyLotId.optional(),
  registryNo: RegistryNo,
  /** the decline's public category (absent for declines recorded before categories) */
  category: DeclineCategory.optional(),
  stepCount: Count,
});

/** One candidate considered (accepted, skipped and why, reserve, replacement, …): step k of `of`. */
const LiveStepEvent = z.strictObject({
  ...base,
  kind: z.literal('step'),
  /** a ceremony's step: the lot it belongs to */
  lotId: CeremonyLotId.optional(),
  step: DrawStep,
  k: z.number().int().min(1),
  of: z.number().int().min(1),
});

/** Closes a playback (in a ceremony: each lot's): the commission and reserves after it. */
const LiveResultEvent = z.strictObject({
  ...base,
  kind: z.literal('result'),
  /** a ceremony's lot */
  lotId: CeremonyLotId.optional(),
  source: z.enum(PACED_ENTRY_TYPES),
  commission: DrawResult.shape.commission,
  reserves: DrawResult.shape.reserves,
});

/** Entry types only a ceremony logs. */
const CEREMONY_ONLY_TYPES: readonly string[] = ['draw.lot_sealed', 'draw.lot_closed'];

/**
 * A live entry as a single draw's entry, or null when it carries ceremony data (a ceremony's created,
 * draft_updated, lot_sealed, announced, result, declined or lot_closed: shared/schemas/
 * ceremony-events.ts). The entries both kinds share (witnesses, reveals, beacon, public sources,
 * closed, cancelled) have the same data and pass.
 */
export function singleDrawEntry(e: DrawEvent | CeremonyEvent): DrawEvent | null {
  if (CEREMONY_ONLY_TYPES.includes(e.type)) return null;
  const d = e.data as object;
  const marks = ['lotIds', 'ceremony', 'lots', 'lotDraft'].some((k) => Object.hasOwn(d, k));
  if (marks || (e.type !== 'draw.created' && Object.hasOwn(d, 'lotId'))) return null;
  return e as DrawEvent;
}

export const LiveEvent = z.discriminatedUnion('kind', [
  LiveEntryEvent,
  LiveSeedEvent,
  LiveLotEvent,
  LiveDeclineEvent,
  LiveStepEvent,
  LiveResultEvent,
]);
export type LiveEvent = z.infer<typeof LiveEvent>;

// ---- client → server payloads -------------------------------------------------------------------

/** Watch one draw; `afterSeq` = the last seq already held (a reconnect), absent or 0 = everything. */
export const DrawSubscribe = z.strictObject({ drawId: DrawId, afterSeq: AfterSeq.optional() });
export type DrawSubscribe = z.infer<typeof DrawSubscribe>;

/** Watch the list of draws (no parameters). */
export const DrawsSubscribe = z.strictObject({});
export type DrawsSubscribe = z.infer<typeof DrawsSubscribe>;

// ---- acks ---------------------------------------------------------------------------------------

/** Codes a failed ack carries (docs/LIVE.md §Contract). */
export const LiveErrorCode = z.enum([
  'INVALID_PAYLOAD',
  'DRAW_NOT_FOUND',
  'TOO_MANY_SUBSCRIPTIONS',
  'AUTH_REQUIRED',
  'INTERNAL',
]);
export type LiveErrorCode = z.infer<typeof LiveErrorCode>;

const AckIssue = z.strictObject({ path: z.string(), message: z.string() });
const AckParams = z.record(z.string(), z.union([z.string(), z.number()]));
/**
 * `message` and `issues[].message` are English, for logs and other clients; a page tells the error
 * in its reader's language from `code` with `params` and each issue's `issueCodes` entry
 * (shared/i18n/ack-text.ts).
 */
export const AckError = z.strictObject({
  code: LiveErrorCode,
  message: z.string(),
  params: AckParams.optional(),
  issues: z.array(AckIssue).optional(),
  /** each issue as a catalogue code with values, as HTTP errors carry them */
  issueCodes: z.array(CodedIssueSchema).optional(),
});
export type AckError = z.infer<typeof AckError>;

export const AckFailure = z.strictObject({ ok: z.literal(false), error: AckError });
export type AckFailure = z.infer<typeof AckFailure>;

/** The ack schema for answers carrying `data`. */
export function ackOf<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), data }), AckFailure]);
}
export type Ack<T> = { ok: true; data: T } | AckFailure;

/**
 * The answer to draw:subscribe: every event after `afterSeq` that is visible now, in order, ending
 * at `lastSeq`; live `draw:event`s continue at lastSeq + 1.
 */
export const DrawSubscribed = z.strictObject({
  drawId: DrawId,
  events: z.array(LiveEvent),
  lastSeq: AfterSeq,
});
export type DrawSubscribed = z.infer<typeof DrawSubscribed>;

/** The answer to draws:subscribe: every draw, newest first; `draws:update` events follow. */
export const DrawsSnapshot = z.strictObject({ draws: z.array(DrawSummary) });
export type DrawsSnapshot = z.infer<typeof DrawsSnapshot>;

// ---- server → client events ---------------------------------------------------------------------

/**
 * A draw's summary changed (created, announced, drawn, …). `seq` is the draw's last viewer-event seq
 * once the change's events are all played: a client keeps, per draw, the update with the highest seq.
 */
export const DrawListUpdate = z.strictObject({ drawId: DrawId, seq: AfterSeq, draw: DrawSummary });
export type DrawListUpdate = z.infer<typeof DrawListUpdate>;

/** Operator-only: the draw's state and why it waits for its beacon (retries, last error). */
export const DrawStatus = z.strictObject({
  drawId: DrawId,
  /** the last viewer-event seq released when the status was read */
  seq: AfterSeq,
  state: DrawState,
  beaconStatus: BeaconStatus.nullable(),
});
export type DrawStatus = z.infer<typeof DrawStatus>;

// ---- the event tables and the typed socket.io maps built from them ------------------------------

/** Client → server events: payload schema and ack schema. Nothing else is listened to. */
export const LIVE_CLIENT_EVENTS = {
  'draw:subscribe': { payload: DrawSubscribe, ack: ackOf(DrawSubscribed) },
  'draws:subscribe': { payload: DrawsSubscribe, ack: ackOf(DrawsSnapshot) },
} as const;
/** Operators send the same (writes stay on the HTTP API, so there is one path for them). */
export const OPERATOR_CLIENT_EVENTS = LIVE_CLIENT_EVENTS;

export const LIVE_SERVER_EVENTS = {
  'draw:event': LiveEvent,
  'draws:update': DrawListUpdate,
} as const;
export const OPERATOR_SERVER_EVENTS = { ...LIVE_SERVER_EVENTS, 'draw:status': DrawStatus } as const;

type ClientTable = Record<string, { payload: z.ZodType; ack: z.ZodType }>;
type ServerTable = Record<string, z.ZodType>;

type ClientMap<T extends ClientTable> = {
  [K in keyof T]: (
    payload: z.infer<T[K]['payload']>,
    ack: (a: z.infer<T[K]['ack']>) => void
  ) => void;
};
type ServerMap<T extends ServerTable> = { [K in keyof T]: (e: z.infer<T[K]>) => void };

export type LiveClientToServerEvents = ClientMap<typeof LIVE_CLIENT_EVENTS>;
export type LiveServerToClientEvents = ServerMap<typeof LIVE_SERVER_EVENTS>;
export type OperatorClientToServerEvents = ClientMap<typeof OPERATOR_CLIENT_EVENTS>;
export type OperatorServerToClientEvents = ServerMap<typeof OPERATOR_SERVER_EVENTS>;
