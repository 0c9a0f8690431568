/**
 * The public draw API as the live page reads it (docs/LIFECYCLE.md §Draws, §States): the list of draws
 * and one draw's public detail, parsed with the lifecycle's own schemas (shared/api/draws.ts), and
 * the reference data the page names things with (directions, conflict kinds). The ceremony itself is
 * rendered from the live event sequence (live-socket.ts), never from the detail: the detail already
 * holds every step at once, while viewers must see them played at the announced pace.
 */
import { z } from 'zod';
import { ApiError, apiFetch, parseAnswer } from '../common/api.js';
import type { JsonAnswer } from '../common/fetch-json.js';
import type { Lang } from '../common/lang.js';
import {
  DrawState,
  DrawSummary,
  PublicDrawDetail,
  type DrawSummary as DrawSummaryT,
} from '../../shared/api/draws.js';
import { ConflictKind } from '../../shared/schemas/conflicts.js';
import { Direction } from '../../shared/schemas/registry.js';

export { DrawState };
export type { DrawSummaryT as DrawSummary };

/** States in which a draw has not finished: listed under "live and upcoming". */
const OPEN_STATES: ReadonlySet<DrawState> = new Set([
  'draft',
  'announced',
  'revealing',
  'reveals_closed',
  'beacon_received',
]);

export function isOpen(d: Pick<DrawSummaryT, 'state'>): boolean {
  return OPEN_STATES.has(d.state);
}

/** Lots are titled in Kazakh and Russian; English readers get the Russian title. */
export function drawTitle(d: Pick<DrawSummaryT, 'lotTitleKk' | 'lotTitleRu'>, lang: Lang): string {
  return lang === 'kk' ? d.lotTitleKk : d.lotTitleRu;
}

export function fetchDraws(): Promise<DrawSummaryT[]> {
  return apiFetch('/api/public/draws', z.array(DrawSummary));
}

/**
 * One draw's public detail, or null when there is no such draw (or the address holds no draw id).
 * `early`: the answer already fetched (client/live/first-title.ts), validated here like any other.
 */
export async function fetchDraw(id: string, early?: JsonAnswer): Promise<PublicDrawDetail | null> {
  const path = `/api/public/draws/${encodeURIComponent(id)}`;
  try {
    if (early) return parseAnswer(path, early, PublicDrawDetail);
    return await apiFetch(path, PublicDrawDetail);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.code === 'INVALID_INPUT')) return null;
    throw e;
  }
}

export function fetchDirections(): Promise<Direction[]> {
  return apiFetch('/api/public/directions', z.array(Direction));
}

export function fetchConflictKinds(): Promise<ConflictKind[]> {
  return apiFetch('/api/public/conflict-kinds', z.array(ConflictKind));
}
