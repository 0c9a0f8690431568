/**
 * The list channel's data (docs/LIVE.md §Contract, draws:subscribe): every draw's public summary,
 * read from the stored draws through the lifecycle's own view (server/draws/views.ts), never
 * rebuilt here.
 */
import { findDraw } from '../../db/repos/draws.repo.js';
import type { DrawSummary } from '../../shared/api/draws.js';
import type { AppContext } from '../context.js';
import { listDrawSummaries } from '../draws/views.js';

/** Every draw, newest first (cancelled ones included), as GET /api/public/draws lists them. */
export function allDrawSummaries(ctx: AppContext): DrawSummary[] {
  return listDrawSummaries(ctx, {});
}

/** One draw's summary; undefined when there is no such draw (yet). */
export function drawSummary(ctx: AppContext, drawId: string): DrawSummary | undefined {
  const d = findDraw(ctx.db, drawId);
  return d && listDrawSummaries(ctx, { lotId: d.lotId }).find((s) => s.id === drawId);
}
