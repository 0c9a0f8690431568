/**
 * Preview and announcement with the fairness report computed in a worker thread (announce.ts): the
 * pool, feasibility and announcement hash are read and computed here (cheap), the report there; the
 * announcement's transaction then recomputes the hash from the database as it is at commit and uses
 * the worker's report only if nothing it depends on changed (else it computes the report itself).
 */
import type { DrawPreview } from '../../shared/api/draws.js';
import type { FairnessReport } from '../../shared/schemas/feasibility.js';
import { siblingEntry, workerPool, type WorkerPool } from '../workers/pool.js';
import type { DrawDeps } from './action.js';
import { announceDraw, previewParts, type FairnessInput } from './announce.js';
import { getDraw } from './draft.js';
import type * as repo from '../../db/repos/draws.repo.js';

let shared: WorkerPool<FairnessInput, FairnessReport> | undefined;
/** One pool of fairness threads per process, started on the first report. */
export function fairnessPool(): WorkerPool<FairnessInput, FairnessReport> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'fairness.worker'));
  return shared;
}

/** previewDraw, with the report computed off the event loop. */
export async function previewDrawOffThread(deps: DrawDeps, id: string): Promise<DrawPreview> {
  const { preview, fairness } = previewParts(deps, id);
  return { ...preview, fairness: fairness && (await fairnessPool().run(fairness)) };
}

/**
 * announceDraw, with the report computed off the event loop beforehand. A draw that cannot be
 * announced (wrong state, incomplete, infeasible…) is refused by announceDraw itself, unchanged.
 */
export async function announceDrawOffThread(
  deps: DrawDeps,
  actor: string,
  id: string
): Promise<repo.DrawRecord> {
  let input: FairnessInput | null = null;
  try {
    input = previewParts(deps, id).fairness;
  } catch {
    // the transaction below answers with the same error
  }
  // Only a draft is announced: anything else fails below at once, with no report computed for nothing.
  if (input && getDraw(deps, id).state === 'draft') {
    const fairness = await fairnessPool().run(input);
    return announceDraw(deps, actor, id, { hash: input.hash, fairness });
  }
  return announceDraw(deps, actor, id);
}
