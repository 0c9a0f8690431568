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
import { announceDraw, previewParts, type AnnounceParts, type FairnessInput } from './announce.js';
import type { PreviewTask } from './preview.worker.js';
import { getDraw } from './draft.js';
import { isCeremony } from './ceremony-create.js';
import { ceremonyLotCount, ceremonyPreviewJson, previewCeremonyLot } from './ceremony-preview.js';
import type * as repo from '../../db/repos/draws.repo.js';

/** A fairness report; or everything an announcement seals, read from the database file. */
export type FairnessTask =
  | { kind: 'report'; input: FairnessInput }
  | { kind: 'announce'; file: string; drawId: string; now: number }
  /** a ceremony's lots sealed ahead (server/draws/ceremony-ahead.ts), without their reports */
  | { kind: 'ceremony'; file: string; drawId: string; now: number }
  /** one lot of a ceremony's preview, its report included (ceremony-preview.ts) */
  | { kind: 'ceremony-lot-preview'; file: string; drawId: string; now: number; index: number };
export type FairnessAnswer =
  | { kind: 'report'; report: FairnessReport }
  /** ahead: the JSON of AnnouncedAhead, or null when the draw cannot be announced as it stands */
  | { kind: 'announce'; ahead: string | null }
  /** ahead: the JSON of {logSize, lots: LotParts[]}, or null when it cannot be announced as it stands */
  | { kind: 'ceremony'; ahead: string | null }
  /** json: the lot's CeremonyPreview['lots'][number] */
  | { kind: 'ceremony-lot-preview'; json: string };

/** What the worker computed for an announcement, over the snapshot of the first logSize entries. */
interface AnnouncedAhead {
  logSize: number;
  parts: AnnounceParts;
}

let shared: WorkerPool<FairnessTask, FairnessAnswer> | undefined;
/** One pool of fairness threads per process, started on the first report. */
export function fairnessPool(): WorkerPool<FairnessTask, FairnessAnswer> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'fairness.worker'));
  return shared;
}

/** The fairness report, in the fairness thread. */
export async function reportOffThread(input: FairnessInput): Promise<FairnessReport> {
  const a = await fairnessPool().run({ kind: 'report', input });
  if (a.kind !== 'report') throw new Error('the fairness worker answered another task');
  return a.report;
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
  if (isCeremony(deps, id)) return ceremonyPreviewJsonOffThread(deps, id);
  if (!deps.db.memory)
    return previewPool().run({ file: deps.db.name, drawId: id, now: deps.clock().getTime() });
  const hasher = deps.tlog.hasher;
  const { preview, fairness } = previewParts({ db: deps.db, clock: deps.clock, hasher }, id);
  const full: DrawPreview = {
    ...preview,
    fairness: fairness && (await reportOffThread(fairness)),
  };
  return JSON.stringify(full);
}

/**
 * A ceremony's preview (ceremony-preview.ts) with every lot's fairness report, off the event loop, as
 * JSON. A database file: each lot is built whole, report included, by a fairness worker over its own
 * read-only connection, the lots in parallel, and their JSON joined here. In memory: the lots are
 * built here and only their reports computed in the fairness workers.
 */
async function ceremonyPreviewJsonOffThread(deps: DrawDeps, id: string): Promise<string> {
  const indexes = [...Array(ceremonyLotCount(deps, id)).keys()];
  const now = deps.clock().getTime();
  if (!deps.db.memory) {
    const lots = await Promise.all(
      indexes.map(async (index) => {
        const file = deps.db.name;
        const a = await fairnessPool().run({
          kind: 'ceremony-lot-preview',
          file,
          drawId: id,
          now,
          index,
        });
        if (a.kind !== 'ceremony-lot-preview')
          throw new Error('the fairness worker answered another task');
        return a.json;
      })
    );
    return ceremonyPreviewJson(id, lots);
  }
  const lots = await Promise.all(
    indexes.map(async (index) => {
      const here = { db: deps.db, clock: deps.clock, hasher: deps.tlog.hasher };
      const { preview, fairness } = previewCeremonyLot(here, id, index);
      return JSON.stringify({
        ...preview,
        fairness: fairness && (await reportOffThread(fairness)),
      });
    })
  );
  return ceremonyPreviewJson(id, lots);
}

/**
 * announceDraw, with what it seals computed off the event loop beforehand. A database file: the
 * worker freezes the pool, builds the announcement and its report over one snapshot, and the
 * transaction uses them unless the log shows a change since (then it freezes the pool itself, once).
 * In memory: the pool is frozen here for the report's input, and again in the transaction. A draw
 * that cannot be announced (wrong state, incomplete, infeasible…) is refused by announceDraw itself,
 * unchanged.
 */
export async function announceDrawOffThread(
  deps: DrawDeps,
  actor: string,
  id: string
): Promise<repo.DrawRecord> {
  // Only a draft is announced: anything else fails below at once, with nothing computed for nothing.
  if (getDraw(deps, id).state !== 'draft') return announceDraw(deps, actor, id);
  if (!deps.db.memory) {
    const task: FairnessTask = {
      kind: 'announce',
      file: deps.db.name,
      drawId: id,
      now: deps.clock().getTime(),
    };
    const a = await fairnessPool().run(task);
    if (a.kind !== 'announce') throw new Error('the fairness worker answered another task');
    if (!a.ahead) return announceDraw(deps, actor, id);
    const ahead = JSON.parse(a.ahead) as AnnouncedAhead;
    const { hash, fairness } = ahead.parts;
    return announceDraw(deps, actor, id, { hash, fairness, parts: ahead });
  }
  let input: FairnessInput | null = null;
  try {
    input = previewParts({ db: deps.db, clock: deps.clock, hasher: deps.tlog.hasher }, id).fairness;
  } catch {
    // the transaction below answers with the same error
  }
  if (!input) return announceDraw(deps, actor, id);
  return announceDraw(deps, actor, id, {
    hash: input.hash,
    fairness: await reportOffThread(input),
  });
}
