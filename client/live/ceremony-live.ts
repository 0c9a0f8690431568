/**
 * What a viewer has been shown of a ceremony (several lots drawn together, docs/LIFECYCLE.md
 * §Ceremonies): the ceremony-wide facts in one CeremonyModel (witnesses, reveals, beacon, public
 * sources, seed, closing) and each lot in a CeremonyModel of its own, so every single-draw renderer
 * (the stage, the step texts with names from the lot's own frozen pool) works for a lot unchanged.
 *
 * Events come in seq order (live-socket.ts). Every event goes to the ceremony's model; a lot's sealed
 * announcement and pool (draw.lot_sealed), its heading in the playback (`lot`, with its lot seed and
 * step count) and its steps, results and declines (which name the lot) go to that lot's model too;
 * the lot played last is the current one. Nothing is computed: every fact is copied from an event.
 */
import type { LiveEvent } from '../../shared/api/events.js';
import type { Announcement } from '../../shared/schemas/pool.js';
import { applyLiveEvent, emptyCeremony, type CeremonyModel } from './ceremony-model.js';

export interface LotLive {
  lotId: number;
  /** 0-based broadcast position */
  index: number;
  model: CeremonyModel;
}

export interface CeremonyLive {
  drawId: string;
  main: CeremonyModel;
  /** in broadcast order, from draw.created */
  lots: LotLive[];
  /** the lot being played (or played last); null before the playback */
  current: LotLive | null;
}

export function emptyCeremonyLive(drawId: string): CeremonyLive {
  return { drawId, main: emptyCeremony(drawId), lots: [], current: null };
}

function lotOf(c: CeremonyLive, lotId: number, index?: number): LotLive {
  let lot = c.lots.find((l) => l.lotId === lotId);
  if (!lot) {
    lot = { lotId, index: index ?? c.lots.length, model: emptyCeremony(c.drawId) };
    c.lots.push(lot);
    c.lots.sort((a, b) => a.index - b.index);
  }
  return lot;
}

/** A lot's model takes the ceremony's events that concern it, whatever their seq (it has gaps). */
function feed(lot: LotLive, e: LiveEvent): void {
  lot.model.lastSeq = e.seq - 1;
  applyLiveEvent(lot.model, e);
}

function applyEntry(c: CeremonyLive, e: Extract<LiveEvent, { kind: 'entry' }>): void {
  const entry = e.entry;
  const data = entry.data as Record<string, unknown>;
  switch (entry.type) {
    case 'draw.created':
      if (Array.isArray(data['lotIds']))
        (data['lotIds'] as number[]).forEach((id, i) => {
          const lot = lotOf(c, id, i);
          lot.model.createdAt = e.at;
          lot.model.state = 'draft';
        });
      return;
    case 'draw.lot_sealed': {
      const d = entry.data as {
        lotId: number;
        index: number;
        announcement: unknown;
        announcementHash: string;
        pool: CeremonyModel['pool'];
        fairness: CeremonyModel['fairness'];
      };
      const lot = lotOf(c, d.lotId, d.index);
      // a lot's announcement has the single draw's shape (its spec declares version 3)
      const a = d.announcement as Announcement;
      Object.assign(lot.model, {
        announcement: a,
        announcementHash: d.announcementHash,
        announcedAt: e.at,
        pool: d.pool,
        fairness: d.fairness,
        state: 'announced',
      });
      // the lots share entropy, witnesses and reveal deadline: the ceremony shows them as sealed
      if (!c.main.announcement) c.main.announcement = a;
      return;
    }
    case 'draw.lot_closed': {
      const lot = lotOf(c, (entry.data as { lotId: number }).lotId);
      lot.model.state = 'closed';
      lot.model.closedAt = e.at;
      return;
    }
    case 'draw.closed':
      for (const lot of c.lots)
        if (lot.model.state !== 'closed') {
          lot.model.state = 'closed';
          lot.model.closedAt = e.at;
        }
      return;
    default:
      return;
  }
}

export function applyCeremonyEvent(c: CeremonyLive, e: LiveEvent): void {
  applyLiveEvent(c.main, e);
  switch (e.kind) {
    case 'entry':
      applyEntry(c, e);
      return;
    case 'lot': {
      const lot = lotOf(c, e.lotId, e.index);
      const seed = c.main.seed;
      lot.model.seed = {
        seed: e.lotSeed,
        seedInput: seed!.seedInput,
        method: seed!.method,
        at: e.at,
      };
      lot.model.stepCount = e.stepCount;
      lot.model.state = 'drawn';
      c.current = lot;
      return;
    }
    case 'step':
    case 'result':
    case 'decline':
      if (e.lotId !== undefined) {
        const lot = lotOf(c, e.lotId);
        feed(lot, e);
        c.current = lot;
      }
      return;
    default:
      return;
  }
}

/** The lot an event belongs to (its steps name their pool's experts), or null for the ceremony. */
export function lotOfEvent(c: CeremonyLive, e: LiveEvent): LotLive | null {
  if (
    e.kind === 'lot' ||
    ((e.kind === 'step' || e.kind === 'result' || e.kind === 'decline') && e.lotId !== undefined)
  )
    return c.lots.find((l) => l.lotId === e.lotId) ?? null;
  return null;
}

/** Every lot's result has been played in full. */
export function allFormed(c: CeremonyLive): boolean {
  return c.lots.length > 0 && c.lots.every((l) => l.model.resultShown);
}
