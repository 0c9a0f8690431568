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
import type { PreviewTask } from './preview.worker.js';
import { getDraw } from './draft.js';
import type * as repo from '../../db/repos/draws.repo.js';

let shared: WorkerPool<FairnessInput, FairnessReport> | undefined;
/** One pool of fairness threads per process, started on the first report. */
export function fairnessPool(): WorkerPool<FairnessInput, FairnessReport> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'fairness.worker'));
  return shared;
}

let previews: WorkerPool<PreviewTask, string> | undefined;
/** One pool of preview threads per process, started on the first preview (answers: JSON). */
export function previewPool(): WorkerPool<PreviewTask, string> {
  previews ??= workerPool(siblingEntry(import.meta.url, 'preview.worker'));
  return previews;
}

/**
 * previewDraw off the event loop, as the JSON of the answer: all of it in a worker over its own
 * read-only connection to the database file (preview.worker.ts), or — a database in memory — the
 * report only.
 */
export async function previewJsonOffThread(deps: DrawDeps, id: string): Promise<string> {
  getDraw(deps, id); // an unknown draw is a 404 from here, not a worker's message
  if (!deps.db.memory)
    return previewPool().run({ file: deps.db.name, drawId: id, now: deps.clock().getTime() });
  const hasher = deps.tlog.hasher;
  const { preview, fairness } = previewParts({ db: deps.db, clock: deps.clock, hasher }, id);
  const full: DrawPreview = {
    ...preview,
    fairness: fairness && (await fairnessPool().run(fairness)),
  };
  return JSON.stringify(full);
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
    input = previewParts({ db: deps.db, clock: deps.clock, hasher: deps.tlog.hasher }, id).fairness;
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
