/**
 * What the "new ceremony" screen sends, computed from what the operator left on it: the lots ticked
 * (in broadcast order), one set of rules for all of them and, per lot, only the fields its row
 * changes. Pure (no DOM), so the mapping is tested on its own: a row left as the shared rules say
 * sends no override at all, and an override carries only the fields that differ.
 */
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DraftSpecPatch } from '../../shared/api/draw-draft.js';
import type { Quota } from '../../shared/schemas/draw-spec.js';

/** One lot's row: ticked or not, and its own size, reserves and quota maxima (undefined: shared). */
export interface LotRow {
  lotId: number;
  included: boolean;
  size?: number | undefined;
  reserves?: number | undefined;
  /** per shared quota (same index), this lot's own `max`; only quotas with a `max` can be changed */
  quotaMax?: readonly (number | undefined)[] | undefined;
}

/** A lot's own rules: the shared draft's fields that this lot changes. */
export type LotOverride = Pick<DraftSpec, 'size' | 'reserves' | 'quotas'>;

/** The form's patch as a draft to create with: a null ("no limit") is simply left out. */
export function draftOf(patch: DraftSpecPatch): DraftSpec {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== null && v !== undefined) out[k] = v;
  return out as DraftSpec;
}

/** The fields of `row` that differ from the shared draft (null: the lot follows the shared rules). */
export function lotOverride(shared: DraftSpec, row: LotRow): LotOverride | null {
  const out: LotOverride = {};
  if (row.size !== undefined && row.size !== shared.size) out.size = row.size;
  if (row.reserves !== undefined && row.reserves !== shared.reserves) out.reserves = row.reserves;
  const quotas = shared.quotas ?? [];
  const maxima = row.quotaMax ?? [];
  if (quotas.some((q, i) => maxima[i] !== undefined && maxima[i] !== q.max))
    out.quotas = quotas.map((q, i): Quota => {
      const max = maxima[i];
      return max === undefined || q.max === undefined ? q : { ...q, max };
    });
  return Object.keys(out).length ? out : null;
}

export interface CeremonyRequest {
  /** the ticked lots in broadcast order */
  lotIds: number[];
  draft: DraftSpec;
  /** only the lots whose rules differ from the shared ones */
  lotDrafts: { lotId: number; draft: LotOverride }[];
}

export function ceremonyRequest(patch: DraftSpecPatch, rows: readonly LotRow[]): CeremonyRequest {
  const draft = draftOf(patch);
  const included = rows.filter((r) => r.included);
  const lotDrafts: CeremonyRequest['lotDrafts'] = [];
  for (const r of included) {
    const o = lotOverride(draft, r);
    if (o) lotDrafts.push({ lotId: r.lotId, draft: o });
  }
  return { lotIds: included.map((r) => r.lotId), draft, lotDrafts };
}

/** "" → undefined; otherwise a non-negative integer, or NaN for anything else (the field's error). */
export function rowNumber(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  return /^\d{1,4}$/.test(s) ? Number(s) : Number.NaN;
}
