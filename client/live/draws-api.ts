/**
 * The public draw list and one draw's summary, as the live page reads them.
 * PROVISIONAL: the public draw endpoints arrive with the draw lifecycle (issue 5), whose schemas live
 * in shared/schemas/draws.ts (DrawState, DrawSummary); these mirror the fields the page uses and are
 * then replaced by imports from there. z.object (not strict) so the server's other fields pass.
 * A 404 from a missing route reads as "no draws".
 */
import { z } from 'zod';
import { ApiError, apiFetch } from '../common/api.js';
import type { Lang } from '../common/lang.js';

export const DrawState = z.enum([
  'draft',
  'announced',
  'revealing',
  'reveals_closed',
  'beacon_received',
  'drawn',
  'closed',
  'cancelled',
]);
export type DrawState = z.infer<typeof DrawState>;

export const DrawSummary = z.object({
  /** e.g. D-2026-0007 */
  id: z.string().min(1),
  lotTitleKk: z.string(),
  lotTitleRu: z.string(),
  state: DrawState,
  /** ISO 8601 (UTC): when the announced beacon round is published */
  beaconAt: z.string().nullable(),
});
export type DrawSummary = z.infer<typeof DrawSummary>;

/** GET /api/public/draws answers the summaries, newest first. */
export const DrawList = z.array(DrawSummary);

/** States in which a draw has not finished: listed under "live and upcoming". */
const OPEN_STATES: ReadonlySet<DrawState> = new Set([
  'announced',
  'revealing',
  'reveals_closed',
  'beacon_received',
]);

export function isOpen(d: DrawSummary): boolean {
  return OPEN_STATES.has(d.state);
}

/** Lots are titled in Kazakh and Russian; English readers get the Russian title. */
export function drawTitle(d: DrawSummary, lang: Lang): string {
  return lang === 'kk' ? d.lotTitleKk : d.lotTitleRu;
}

export async function fetchDraws(): Promise<DrawSummary[]> {
  try {
    return await apiFetch('/api/public/draws', DrawList);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

/** One draw's summary, or null when there is no such draw (or the address holds no draw id). */
export async function fetchDraw(id: string): Promise<DrawSummary | null> {
  try {
    return await apiFetch(`/api/public/draws/${encodeURIComponent(id)}`, DrawSummary);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.code === 'INVALID_INPUT')) return null;
    throw e;
  }
}
