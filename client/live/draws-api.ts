/**
 * The public draw list and one draw's summary, as the live page reads them.
 * PROVISIONAL: the public draw endpoints and their schemas arrive with the draw lifecycle (issue 5);
 * these schemas then move to shared/schemas/ and are imported from there. z.object (not strict) so
 * fields added by the server do not break the page. A 404 from a missing route reads as "no draws".
 */
import { z } from 'zod';
import { ApiError, apiFetch } from '../common/api.js';

export const DrawState = z.enum([
  'draft',
  'announced',
  'revealing',
  'beacon_received',
  'drawn',
  'replacements',
  'closed',
  'cancelled',
]);
export type DrawState = z.infer<typeof DrawState>;

export const DrawSummary = z.object({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  title: z.string(),
  state: DrawState,
  /** ISO 8601; when the beacon round is due */
  scheduledAt: z.string().nullish(),
});
export type DrawSummary = z.infer<typeof DrawSummary>;

export const DrawList = z.object({ draws: z.array(DrawSummary) });

/** States in which a draw has not finished: listed under "live and upcoming". */
const OPEN_STATES: ReadonlySet<DrawState> = new Set(['announced', 'revealing', 'beacon_received']);

export function isOpen(d: DrawSummary): boolean {
  return OPEN_STATES.has(d.state);
}

export async function fetchDraws(): Promise<DrawSummary[]> {
  try {
    return (await apiFetch('/api/public/draws', DrawList)).draws;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return [];
    throw e;
  }
}

/** One draw's summary, or null when there is no such draw. */
export async function fetchDraw(id: string): Promise<DrawSummary | null> {
  try {
    return await apiFetch(`/api/public/draws/${encodeURIComponent(id)}`, DrawSummary);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
