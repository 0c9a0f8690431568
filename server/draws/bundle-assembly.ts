/**
 * A draw's bundle in two halves, so that the large half can leave the main thread (issue 18): the
 * plan — which checkpoint, which entries, their inclusion proofs — is read on the main thread, where
 * the log's Merkle tree lives (a few indexed reads and cached hashes, no entry data); the body —
 * reading and parsing the entries, assembling and serializing the bundle (a 2,000-expert draw's
 * announcement and fairness report are megabytes of JSON) — runs over any connection to the
 * database, in a worker thread for a large draw (bundle.worker.ts). Both halves together give the
 * very bytes JSON.stringify(buildBundle(…)) gives: the same entries, checkpoint and proofs — and a
 * later attempt's previous attempts (docs/PROTOCOL.md §Previous attempts) — through the same
 * assembleBundle.
 */
import type { Db } from '../../db/connection.js';
import { findEntry, listEntriesBySubject, subjectEntrySizes } from '../../db/repos/log.repo.js';
import { assembleBundle, previousAttemptIds } from '../../shared/bundle.js';
import { fromUtf8 } from '../../shared/bytes.js';
import { NotFoundError } from '../../shared/errors.js';
import type { LogEntry } from '../../shared/schemas/log.js';
import type { LogCosigning } from '../log/cosigning.js';
import type { TransparencyLog } from '../log/transparency-log.js';

/** What a bundle is made of (plain data: it may go to a worker thread). */
export interface BundlePlan {
  drawId: string;
  origin: string;
  vkey: string;
  checkpoint: { size: number; note: string };
  /** the draw's entries in the checkpoint's tree, in log order, with their inclusion proofs */
  entries: PlannedEntry[];
  /**
   * the attempts the draw's draw.created lists (previousDrawIds), their entries planned as the
   * draw's own; the body keeps them only where buildBundle does (previousAttemptIds: version 4 on)
   */
  previousAttempts: { drawId: string; entries: PlannedEntry[] }[];
  /** the size of all those entries' data, bytes */
  bytes: number;
}

interface PlannedEntry {
  index: number;
  proof: string[];
}

/**
 * The plan of a draw's bundle, chosen as buildBundle chooses (bundle.ts): the witnessed checkpoint
 * covering the draw's entries, else the latest signed one. Throws NotFoundError DRAW_NOT_FOUND.
 */
export function planBundle(
  db: Db,
  tlog: TransparencyLog,
  drawId: string,
  cosigning?: LogCosigning
): BundlePlan {
  const latest = tlog.latestCheckpoint();
  const all = subjectEntrySizes(db, 'draw', drawId).filter((r) => r.index < latest.size);
  const need = all.length === 0 ? 0 : all[all.length - 1]!.index + 1;
  const checkpoint = (need > 0 && cosigning?.witnessedCovering(need)) || latest;
  const inTree = all.filter((r) => r.index < checkpoint.size);
  if (inTree.length === 0) throw new NotFoundError('DRAW_NOT_FOUND', `no draw ${drawId}`);
  const plan = (rows: readonly { index: number }[]) =>
    rows.map(({ index }) => ({ index, proof: tlog.inclusionProof(index, checkpoint.size).proof }));
  const previous = listedAttempts(db, inTree[0]!.index).map((id) => ({
    drawId: id,
    rows: subjectEntrySizes(db, 'draw', id).filter((r) => r.index < checkpoint.size),
  }));
  return {
    drawId,
    origin: tlog.origin,
    vkey: tlog.vkey,
    checkpoint: { size: checkpoint.size, note: checkpoint.note },
    entries: plan(inTree),
    previousAttempts: previous.map((a) => ({ drawId: a.drawId, entries: plan(a.rows) })),
    bytes: [inTree, ...previous.map((a) => a.rows)].flat().reduce((n, r) => n + r.bytes, 0),
  };
}

/**
 * The previousDrawIds of a draw's first entry, its draw.created (a small entry: the announcement,
 * which says the draw's version, is left to the body, where it is read anyway).
 */
function listedAttempts(db: Db, firstIndex: number): string[] {
  const first = findEntry(db, firstIndex);
  if (first?.type !== 'draw.created') return [];
  const ids = (JSON.parse(fromUtf8(first.data)) as { data?: { previousDrawIds?: unknown } }).data
    ?.previousDrawIds;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/** A planned draw's entries, read over `db`: the log is append-only, so they are the planned ones. */
function readPlanned(db: Db, drawId: string, planned: readonly PlannedEntry[]) {
  const wanted = new Set(planned.map((e) => e.index));
  return listEntriesBySubject(db, 'draw', drawId)
    .filter((e) => wanted.has(e.index))
    .map((e) => ({ index: e.index, entry: JSON.parse(fromUtf8(e.data)) as LogEntry }));
}

/** The bundle's JSON text from its plan, reading the entries over `db`. */
export function bundleJson(db: Db, plan: BundlePlan): string {
  const planned = [plan.entries, ...plan.previousAttempts.map((a) => a.entries)].flat();
  const proofs = new Map(planned.map((e) => [e.index, e.proof]));
  const entries = readPlanned(db, plan.drawId, plan.entries);
  // as buildBundle: the attempts previousAttemptIds names (from version 4), in its order
  const previousAttempts = previousAttemptIds(entries).map((id) => {
    const a = plan.previousAttempts.find((p) => p.drawId === id);
    if (!a) throw new Error(`bundle of ${plan.drawId}: previous attempt ${id} was not planned`);
    return { drawId: id, entries: readPlanned(db, id, a.entries) };
  });
  const bundle = assembleBundle({
    drawId: plan.drawId,
    origin: plan.origin,
    vkey: plan.vkey,
    checkpoint: plan.checkpoint,
    entries,
    ...(previousAttempts.length ? { previousAttempts } : {}),
    proof: (index) => proofs.get(index)!,
  });
  return JSON.stringify(bundle);
}
