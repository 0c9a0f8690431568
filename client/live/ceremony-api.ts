/**
 * A draw's public detail when it may be a ceremony (shared/api/ceremonies.ts): the live page decides
 * by it which view to show. A ceremony's detail carries `kind: 'ceremony'`; a single draw's has none.
 */
import { z } from 'zod';
import { ApiError, apiFetch, parseAnswer } from '../common/api.js';
import type { JsonAnswer } from '../common/fetch-json.js';
import { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
import { PublicDrawDetail } from '../../shared/api/draws.js';

const Either = z.union([PublicCeremonyDetail, PublicDrawDetail]);

/** The draw's or ceremony's public detail, or null when there is no such draw. */
export async function fetchDrawOrCeremony(
  id: string,
  early?: JsonAnswer
): Promise<PublicCeremonyDetail | PublicDrawDetail | null> {
  const path = `/api/public/draws/${encodeURIComponent(id)}`;
  try {
    // `early`: the answer the page's first paint already has (main.ts), parsed exactly as fetched
    if (early) return parseAnswer(path, early, Either);
    return await apiFetch(path, Either);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.code === 'INVALID_INPUT')) return null;
    throw e;
  }
}

export async function fetchCeremony(id: string): Promise<PublicCeremonyDetail | null> {
  const d = await fetchDrawOrCeremony(id);
  return d && 'kind' in d ? d : null;
}
