/**
 * A ceremony's life read back from its log entries (docs/PROTOCOL.md §Ceremony bundles, entry order):
 * the rules of shared/verify/history.ts with the ceremony's types and ranks — every lot sealed, in
 * broadcast order, before the one announcement; one result; each lot's declines before its own
 * close; the ceremony closed only after every lot. Entries are parsed with the ceremony's strict
 * schemas (shared/schemas/ceremony-events.ts). Throws VerificationError BUNDLE_ENTRIES_INVALID naming
 * the entry's log index.
 */
import { VerificationError } from '../errors.js';
import {
  CEREMONY_EVENT_DATA,
  isCeremonyEventType,
  type CeremonyEventData,
  type CeremonyEventType,
} from '../schemas/ceremony-events.js';
import type { BundleEntry } from '../schemas/bundle.js';

export interface CAt<T extends CeremonyEventType> {
  index: number;
  at: string;
  data: CeremonyEventData<T>;
}

export interface CeremonyHistory {
  drawId: string;
  created: CAt<'draw.created'>;
  invited: CAt<'draw.witness_invited'>[];
  committed: CAt<'draw.witness_committed'>[];
  /** one per lot, in broadcast order (once announced) */
  sealed: CAt<'draw.lot_sealed'>[];
  announced?: CAt<'draw.announced'>;
  revealed: CAt<'draw.revealed'>[];
  rejected: CAt<'draw.reveal_rejected'>[];
  revealsClosed?: CAt<'draw.reveals_closed'>;
  beacon?: CAt<'draw.beacon'>;
  publicSources: CAt<'draw.public_sources'>[];
  result?: CAt<'draw.result'>;
  declined: CAt<'draw.declined'>[];
  lotClosed: CAt<'draw.lot_closed'>[];
  closed?: CAt<'draw.closed'>;
  cancelled?: CAt<'draw.cancelled'>;
  last: CeremonyEventType;
  lastIndex: number;
}

const RANK: Record<CeremonyEventType, number> = {
  'draw.created': 0,
  'draw.draft_updated': 1,
  'draw.witness_invited': 1,
  'draw.witness_committed': 1,
  'draw.lot_sealed': 2,
  'draw.announced': 3,
  'draw.reveals_opened': 4,
  'draw.revealed': 5,
  'draw.reveal_rejected': 5,
  'draw.reveals_closed': 6,
  'draw.beacon': 7,
  'draw.public_sources': 7,
  'draw.result': 8,
  'draw.declined': 9,
  'draw.lot_closed': 9,
  'draw.closed': 10,
  'draw.cancelled': 10,
};

const REQUIRES: Partial<Record<CeremonyEventType, CeremonyEventType>> = {
  'draw.announced': 'draw.lot_sealed',
  'draw.reveals_opened': 'draw.announced',
  'draw.revealed': 'draw.reveals_opened',
  'draw.reveal_rejected': 'draw.reveals_opened',
  'draw.reveals_closed': 'draw.reveals_opened',
  'draw.beacon': 'draw.reveals_closed',
  'draw.public_sources': 'draw.reveals_closed',
  'draw.result': 'draw.reveals_closed',
  'draw.declined': 'draw.result',
  'draw.lot_closed': 'draw.result',
  'draw.closed': 'draw.result',
};

const ONCE = new Set<CeremonyEventType>([
  'draw.created',
  'draw.announced',
  'draw.reveals_opened',
  'draw.reveals_closed',
  'draw.beacon',
  'draw.result',
  'draw.closed',
  'draw.cancelled',
]);

function bad(index: number, why: string): never {
  throw new VerificationError('BUNDLE_ENTRIES_INVALID', `entry ${index}: ${why}`, {
    details: { index },
  });
}

/** The lot rules of the entry order: lots sealed in order, named lots, per-lot closes. */
function checkLots(h: Partial<CeremonyHistory>, type: string, index: number, data: object): void {
  const lotIds = h.created!.data.lotIds;
  const lotId = (data as { lotId?: number }).lotId;
  if (type === 'draw.lot_sealed') {
    const k = h.sealed!.length;
    const d = data as CeremonyEventData<'draw.lot_sealed'>;
    if (d.index !== k || lotIds[k] !== d.lotId)
      bad(index, `lot ${d.lotId} sealed as lot ${d.index + 1}; lot ${k + 1} is ${lotIds[k]}`);
    return;
  }
  if (type === 'draw.announced' && h.sealed!.length !== lotIds.length)
    bad(index, `announced with ${h.sealed!.length} of ${lotIds.length} lots sealed`);
  if (type === 'draw.draft_updated' && lotId !== undefined && !lotIds.includes(lotId))
    bad(index, `lot ${lotId} is not a lot of the ceremony`);
  if (type === 'draw.result') {
    const got = (data as CeremonyEventData<'draw.result'>).lots.map((l) => l.lotId);
    if (got.join() !== lotIds.join()) bad(index, `the result's lots are not the ceremony's lots`);
  }
  if (type === 'draw.declined' || type === 'draw.lot_closed') {
    if (!lotIds.includes(lotId!)) bad(index, `lot ${lotId} is not a lot of the ceremony`);
    if (h.lotClosed!.some((e) => e.data.lotId === lotId))
      bad(index, `${type} of lot ${lotId} after the lot was closed`);
  }
  if (type === 'draw.closed' && h.lotClosed!.length !== lotIds.length)
    bad(index, `the ceremony closed with ${h.lotClosed!.length} of ${lotIds.length} lots closed`);
}

/** Checks a ceremony's entries and returns them grouped by type. */
export function readCeremonyHistory(
  drawId: string,
  entries: readonly BundleEntry[]
): CeremonyHistory {
  const h: Partial<CeremonyHistory> & Omit<CeremonyHistory, 'created' | 'last' | 'lastIndex'> = {
    drawId,
    invited: [],
    committed: [],
    sealed: [],
    revealed: [],
    rejected: [],
    publicSources: [],
    declined: [],
    lotClosed: [],
  };
  const seen = new Set<CeremonyEventType>();
  let rank = -1;
  let previous = -1;
  let last: CeremonyEventType = 'draw.created';
  for (const { index, entry } of entries) {
    if (index <= previous) bad(index, `log indices must increase (after ${previous})`);
    previous = index;
    const { type, subject } = entry;
    if (!isCeremonyEventType(type)) bad(index, `"${type}" is not a ceremony entry type`);
    if (subject.kind !== 'draw' || subject.id !== drawId)
      bad(index, `its subject is ${subject.kind} ${subject.id}, not draw ${drawId}`);
    const parsed = CEREMONY_EVENT_DATA[type].safeParse(entry.data);
    if (!parsed.success)
      bad(index, `${type} data: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const data = parsed.data as { drawId: string; history?: unknown };
    if (data.drawId !== drawId) bad(index, `its data names draw ${data.drawId}`);
    if (seen.size === 0 && type !== 'draw.created')
      bad(index, 'the first entry is not draw.created');
    if (seen.has('draw.closed') || seen.has('draw.cancelled'))
      bad(index, `${type} after the ceremony ended`);
    if (RANK[type] < rank) bad(index, `${type} out of lifecycle order (after ${last})`);
    if (ONCE.has(type) && seen.has(type)) bad(index, `a second ${type}`);
    const needs = REQUIRES[type];
    if (needs && !seen.has(needs)) bad(index, `${type} before ${needs}`);
    // complete histories from the first sealed lot on: before it, no entry carries one
    if (!seen.has('draw.lot_sealed') && type !== 'draw.lot_sealed' && data.history !== undefined)
      bad(index, `history in ${type} before the announcement`);
    if (type !== 'draw.created') checkLots(h, type, index, data);
    rank = RANK[type];
    seen.add(type);
    last = type;
    const at = { index, at: entry.at, data } as never;
    if (type === 'draw.created') h.created = at;
    else if (type === 'draw.witness_invited') h.invited.push(at);
    else if (type === 'draw.witness_committed') h.committed.push(at);
    else if (type === 'draw.lot_sealed') h.sealed.push(at);
    else if (type === 'draw.announced') h.announced = at;
    else if (type === 'draw.revealed') h.revealed.push(at);
    else if (type === 'draw.reveal_rejected') h.rejected.push(at);
    else if (type === 'draw.reveals_closed') h.revealsClosed = at;
    else if (type === 'draw.beacon') h.beacon = at;
    else if (type === 'draw.public_sources') h.publicSources.push(at);
    else if (type === 'draw.result') h.result = at;
    else if (type === 'draw.declined') h.declined.push(at);
    else if (type === 'draw.lot_closed') h.lotClosed.push(at);
    else if (type === 'draw.closed') h.closed = at;
    else if (type === 'draw.cancelled') h.cancelled = at;
  }
  return { ...h, created: h.created!, last, lastIndex: previous } as CeremonyHistory;
}
