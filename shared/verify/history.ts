/**
 * A draw's life read back from its log entries (docs/PROTOCOL.md §Entry order): every entry of a
 * bundle must be a draw entry (shared/schemas/draw-events.ts) about this draw, in strictly increasing
 * log order, and the sequence must follow the lifecycle's order — created first; draft edits and
 * witness invitations and commitments before the announcement; reveals after the reveal window
 * opened and before it closed; beacon and public sources after that; one result; declines after it;
 * closed or cancelled last. A bundle out of this order is refused with BUNDLE_ENTRIES_INVALID naming
 * the entry's log index, before any semantic check reads it; an announced spec of a protocol version
 * this verifier does not know, with SPEC_VERSION_UNKNOWN.
 */
import { VerificationError } from '../errors.js';
import { PROTOCOL_VERSIONS, announcedVersion, isKnownVersion } from '../protocol-versions.js';
import {
  DRAW_EVENT_DATA,
  isDrawEventType,
  type DrawEventData,
  type DrawEventType,
} from '../schemas/draw-events.js';
import type { BundleEntry } from '../schemas/bundle.js';

/** One parsed entry: its log index, envelope time and typed data. */
export interface At<T extends DrawEventType> {
  index: number;
  at: string;
  data: DrawEventData<T>;
}

export interface DrawHistory {
  drawId: string;
  created: At<'draw.created'>;
  invited: At<'draw.witness_invited'>[];
  committed: At<'draw.witness_committed'>[];
  announced?: At<'draw.announced'>;
  revealed: At<'draw.revealed'>[];
  rejected: At<'draw.reveal_rejected'>[];
  revealsClosed?: At<'draw.reveals_closed'>;
  beacon?: At<'draw.beacon'>;
  publicSources: At<'draw.public_sources'>[];
  result?: At<'draw.result'>;
  declined: At<'draw.declined'>[];
  closed?: At<'draw.closed'>;
  cancelled?: At<'draw.cancelled'>;
  /** the type of the last entry: how far the draw got */
  last: DrawEventType;
  /** the log index of the last entry */
  lastIndex: number;
}

/** Lifecycle rank of each type: ranks never decrease along the log. */
const RANK: Record<DrawEventType, number> = {
  'draw.created': 0,
  'draw.draft_updated': 1,
  'draw.witness_invited': 1,
  'draw.witness_committed': 1,
  'draw.announced': 2,
  'draw.reveals_opened': 3,
  'draw.revealed': 4,
  'draw.reveal_rejected': 4,
  'draw.reveals_closed': 5,
  'draw.beacon': 6,
  'draw.public_sources': 6,
  'draw.result': 7,
  'draw.declined': 8,
  'draw.closed': 9,
  'draw.cancelled': 9,
};

/** What must have been logged before an entry of this type. */
const REQUIRES: Partial<Record<DrawEventType, DrawEventType>> = {
  'draw.reveals_opened': 'draw.announced',
  'draw.revealed': 'draw.reveals_opened',
  'draw.reveal_rejected': 'draw.reveals_opened',
  'draw.reveals_closed': 'draw.reveals_opened',
  // reveals precede randomness: nothing random is logged before the reveal window closed
  'draw.beacon': 'draw.reveals_closed',
  'draw.public_sources': 'draw.reveals_closed',
  'draw.result': 'draw.reveals_closed',
  'draw.declined': 'draw.result',
  'draw.closed': 'draw.result',
};

const ONCE = new Set<DrawEventType>([
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

/**
 * Checks the entries' envelope, types, order and draw id, parses each entry's data with its strict
 * schema, and returns them grouped by type. Throws VerificationError BUNDLE_ENTRIES_INVALID.
 */
export function readHistory(drawId: string, entries: readonly BundleEntry[]): DrawHistory {
  const h: Omit<DrawHistory, 'created' | 'last' | 'lastIndex'> & Partial<DrawHistory> = {
    drawId,
    invited: [],
    committed: [],
    revealed: [],
    rejected: [],
    publicSources: [],
    declined: [],
  };
  const seen = new Set<DrawEventType>();
  let rank = -1;
  let previous = -1;
  let last: DrawEventType = 'draw.created';
  for (const { index, entry } of entries) {
    if (index <= previous) bad(index, `log indices must increase (after ${previous})`);
    previous = index;
    const { type, subject } = entry;
    if (!isDrawEventType(type)) bad(index, `"${type}" is not a draw entry type`);
    if (subject.kind !== 'draw' || subject.id !== drawId)
      bad(index, `its subject is ${subject.kind} ${subject.id}, not draw ${drawId}`);
    // docs/PROTOCOL.md §Versions: the rules of a version this verifier does not know are unknown
    const version = type === 'draw.announced' ? announcedVersion(entry.data) : undefined;
    if (version !== undefined && !isKnownVersion(version))
      throw new VerificationError(
        'SPEC_VERSION_UNKNOWN',
        `entry ${index}: the draw runs by protocol version ${version}; this verifier knows ${PROTOCOL_VERSIONS.join(', ')}`,
        { details: { index } }
      );
    const parsed = DRAW_EVENT_DATA[type].safeParse(entry.data);
    if (!parsed.success)
      bad(index, `${type} data: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    if ((parsed.data as { drawId: string }).drawId !== drawId)
      bad(index, `its data names draw ${(parsed.data as { drawId: string }).drawId}`);
    if (seen.size === 0 && type !== 'draw.created')
      bad(index, 'the first entry is not draw.created');
    if (seen.has('draw.closed') || seen.has('draw.cancelled'))
      bad(index, `${type} after the draw ended`);
    if (RANK[type] < rank) bad(index, `${type} out of lifecycle order (after ${last})`);
    if (ONCE.has(type) && seen.has(type)) bad(index, `a second ${type}`);
    const needs = REQUIRES[type];
    if (needs && !seen.has(needs)) bad(index, `${type} before ${needs}`);
    rank = RANK[type];
    seen.add(type);
    last = type;
    const at = { index, at: entry.at, data: parsed.data } as never;
    switch (type) {
      case 'draw.created':
        h.created = at;
        break;
      case 'draw.witness_invited':
        h.invited.push(at);
        break;
      case 'draw.witness_committed':
        h.committed.push(at);
        break;
      case 'draw.announced':
        h.announced = at;
        break;
      case 'draw.revealed':
        h.revealed.push(at);
        break;
      case 'draw.reveal_rejected':
        h.rejected.push(at);
        break;
      case 'draw.reveals_closed':
        h.revealsClosed = at;
        break;
      case 'draw.beacon':
        h.beacon = at;
        break;
      case 'draw.public_sources':
        h.publicSources.push(at);
        break;
      case 'draw.result':
        h.result = at;
        break;
      case 'draw.declined':
        h.declined.push(at);
        break;
      case 'draw.closed':
        h.closed = at;
        break;
      case 'draw.cancelled':
        h.cancelled = at;
        break;
      default:
        // draft_updated and reveals_opened carry nothing a later check needs.
        break;
    }
  }
  const created = h.created!;
  if (h.announced && h.announced.data.announcement.spec.lotId !== String(created.data.lotId))
    bad(h.announced.index, `the spec names lot ${h.announced.data.announcement.spec.lotId}`);
  return { ...h, created, last, lastIndex: previous } as DrawHistory;
}
