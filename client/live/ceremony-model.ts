/**
 * What a viewer has been shown of one draw: the live events (shared/api/events.ts, numbered by
 * shared/api/live-sequence.ts) folded, in seq order, into the facts the page renders — the draft and the
 * sealed rules, witnesses with their commitments and reveals, the frozen pool, exclusions and fairness
 * report, the beacon and public sources, the seed, every step played so far, the commission and
 * reserve list as they form, replacements, and how the draw ended.
 *
 * Nothing is computed here: every fact is a field of an event, copied as it came (the draw exists once,
 * in shared/; the page replays its steps). The fold only orders and groups. Events must be applied in
 * seq order without gaps; live-socket.ts guarantees that and this class refuses anything else.
 */
import type { DrawState } from '../../shared/api/draws.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DrawEvent } from '../../shared/schemas/draw-events.js';
import type { DrawStep } from '../../shared/schemas/draw-result.js';
import type { FairnessReport } from '../../shared/schemas/feasibility.js';
import { singleDrawEntry, type LiveEvent } from '../../shared/api/events.js';
import type { Announcement, PoolEntry } from '../../shared/schemas/pool.js';
import type { PublishedSource, SeedInput } from '../../shared/schemas/seed.js';
import type { DeclineCategory } from '../../shared/schemas/decline-category.js';

type EntryData<T extends DrawEvent['type']> = Extract<DrawEvent, { type: T }>['data'];

export interface WitnessView {
  id: string;
  name: string;
  commitment: string | null;
  /** the accepted reveal */
  secret: string | null;
  revealedAt: string | null;
  /** refused reveals, published with the refused secret */
  rejected: { secret: string; at: string }[];
  /** reveals closed without this witness's reveal */
  missing: boolean;
}

/** A decline after the draw and the replacement steps played for it. */
export interface DeclineView {
  seq: number;
  registryNo: string;
  /** its public category (undefined for declines recorded before categories) */
  category?: DeclineCategory | undefined;
  stepCount: number;
  steps: DrawStep[];
  done: boolean;
}

export interface CeremonyModel {
  drawId: string;
  /** the last applied seq (0: nothing yet) */
  lastSeq: number;
  /** every applied event, in order (the timeline) */
  events: LiveEvent[];
  /** how far the ceremony has been shown, named by the lifecycle's states */
  state: DrawState | null;
  createdAt: string | null;
  attempt: number | null;
  draft: DraftSpec | null;
  witnesses: WitnessView[];
  announcement: Announcement | null;
  announcementHash: string | null;
  announcedAt: string | null;
  /** the frozen pool in canonical order: entry i has pool number i + 1 */
  pool: PoolEntry[];
  fairness: FairnessReport | null;
  revealsOpenedAt: string | null;
  revealsClosedAt: string | null;
  beacon: (EntryData<'draw.beacon'> & { at: string }) | null;
  publicSources: PublishedSource[];
  seed: { seed: string; seedInput: SeedInput; method: string; at: string } | null;
  /** steps of the draw itself, as played */
  steps: DrawStep[];
  /** how many steps the draw has (known once the seed is shown) */
  stepCount: number;
  /** the last step played (the draw's or a replacement's) */
  current: { step: DrawStep; k: number; of: number } | null;
  /** members seat by seat and reserves in order: forming while steps play, then as recorded */
  commission: string[];
  reserves: string[];
  /** the draw's result has been shown in full */
  resultShown: boolean;
  declines: DeclineView[];
  closedAt: string | null;
  cancelled: { reason: string; at: string } | null;
}

export class SequenceError extends Error {
  constructor(
    readonly expected: number,
    readonly got: number
  ) {
    super(`live event ${got} applied where ${expected} was due`);
    this.name = 'SequenceError';
  }
}

export function emptyCeremony(drawId: string): CeremonyModel {
  return {
    drawId,
    lastSeq: 0,
    events: [],
    state: null,
    createdAt: null,
    attempt: null,
    draft: null,
    witnesses: [],
    announcement: null,
    announcementHash: null,
    announcedAt: null,
    pool: [],
    fairness: null,
    revealsOpenedAt: null,
    revealsClosedAt: null,
    beacon: null,
    publicSources: [],
    seed: null,
    steps: [],
    stepCount: 0,
    current: null,
    commission: [],
    reserves: [],
    resultShown: false,
    declines: [],
    closedAt: null,
    cancelled: null,
  };
}

function witness(m: CeremonyModel, id: string): WitnessView {
  let w = m.witnesses.find((x) => x.id === id);
  if (!w) {
    w = {
      id,
      name: id,
      commitment: null,
      secret: null,
      revealedAt: null,
      rejected: [],
      missing: false,
    };
    m.witnesses.push(w);
  }
  return w;
}

/** Whether every source the announcement names has been delivered (the draw may then run). */
function entropyComplete(m: CeremonyModel): boolean {
  const e = m.announcement?.spec.entropy;
  if (!e) return false;
  const published = new Set(m.publicSources.map((s) => s.id));
  return (!e.drand || m.beacon !== null) && e.publicSources.every((s) => published.has(s.id));
}

function applyEntry(m: CeremonyModel, entry: DrawEvent, at: string): void {
  switch (entry.type) {
    case 'draw.created':
      m.createdAt = at;
      m.attempt = entry.data.attempt;
      m.draft = entry.data.draft;
      m.state = 'draft';
      return;
    case 'draw.draft_updated':
      m.draft = entry.data.draft;
      return;
    case 'draw.witness_invited':
      witness(m, entry.data.witnessId).name = entry.data.name;
      return;
    case 'draw.witness_committed':
      witness(m, entry.data.witnessId).commitment = entry.data.commitment;
      return;
    case 'draw.announced': {
      const a = entry.data.announcement;
      m.announcement = a;
      m.announcementHash = entry.data.announcementHash;
      m.announcedAt = at;
      m.pool = entry.data.pool;
      m.fairness = entry.data.fairness;
      // The sealed spec is the record of who committed what.
      for (const w of a.spec.witnesses) {
        const v = witness(m, w.id);
        v.name = w.name;
        v.commitment = w.commitment;
      }
      m.state = 'announced';
      return;
    }
    case 'draw.reveals_opened':
      m.revealsOpenedAt = at;
      m.state = 'revealing';
      return;
    case 'draw.revealed': {
      const w = witness(m, entry.data.witnessId);
      w.secret = entry.data.secret;
      w.revealedAt = at;
      return;
    }
    case 'draw.reveal_rejected':
      witness(m, entry.data.witnessId).rejected.push({ secret: entry.data.secret, at });
      return;
    case 'draw.reveals_closed':
      m.revealsClosedAt = at;
      for (const id of entry.data.missing) witness(m, id).missing = true;
      m.state = 'reveals_closed';
      return;
    case 'draw.beacon':
      m.beacon = { ...entry.data, at };
      if (entropyComplete(m)) m.state = 'beacon_received';
      return;
    case 'draw.public_sources':
      m.publicSources = [...m.publicSources, ...entry.data.values];
      if (entropyComplete(m)) m.state = 'beacon_received';
      return;
    case 'draw.closed':
      m.closedAt = at;
      m.state = 'closed';
      return;
    case 'draw.cancelled':
      m.cancelled = { reason: entry.data.reason, at };
      m.state = 'cancelled';
      return;
    default:
      // draw.result and draw.declined arrive as seed/decline, step and result events.
      return;
  }
}

/** Applies the next event; throws SequenceError unless e.seq is lastSeq + 1 of this draw. */
export function applyLiveEvent(m: CeremonyModel, e: LiveEvent): void {
  if (e.drawId !== m.drawId || e.seq !== m.lastSeq + 1)
    throw new SequenceError(m.lastSeq + 1, e.seq);
  m.lastSeq = e.seq;
  m.events.push(e);
  switch (e.kind) {
    case 'entry': {
      // a ceremony's own entries (lots) are not part of this single-draw model
      const single = singleDrawEntry(e.entry);
      if (single) applyEntry(m, single, e.at);
      return;
    }
    case 'lot':
      return;
    case 'seed':
      m.seed = { seed: e.seed, seedInput: e.seedInput, method: e.method, at: e.at };
      m.stepCount = e.stepCount;
      // the lifecycle's state; the page's state line follows the playback instead (phase.ts)
      m.state = 'drawn';
      return;
    case 'decline':
      m.declines.push({
        seq: e.seq,
        registryNo: e.registryNo,
        category: e.category,
        stepCount: e.stepCount,
        steps: [],
        done: false,
      });
      return;
    case 'step': {
      m.current = { step: e.step, k: e.k, of: e.of };
      const decline = m.declines.at(-1);
      if (decline && !decline.done) {
        decline.steps.push(e.step);
        return;
      }
      m.steps.push(e.step);
      if (e.step.outcome === 'accepted') m.commission.push(e.step.registryNo);
      if (e.step.outcome === 'reserve') m.reserves.push(e.step.registryNo);
      return;
    }
    case 'result': {
      m.commission = [...e.commission];
      m.reserves = [...e.reserves];
      if (e.source === 'draw.result') m.resultShown = true;
      const decline = m.declines.at(-1);
      if (e.source === 'draw.declined' && decline) decline.done = true;
      return;
    }
  }
}

/** The pool entry of a registry number, with its 1-based pool number. */
export function poolEntry(
  m: CeremonyModel,
  registryNo: string
): { entry: PoolEntry; poolNo: number } | null {
  const i = m.pool.findIndex((p) => p.registryNo === registryNo);
  return i < 0 ? null : { entry: m.pool[i]!, poolNo: i + 1 };
}
