/**
 * A draw's bundle in two halves, so that the large half can leave the main thread (issue 18): the
 * plan — which checkpoint, which entries, their inclusion proofs — is read on the main thread, where
 * the log's Merkle tree lives (a few indexed reads and cached hashes, no entry data); the body —
 * reading and parsing the entries, assembling and serializing the bundle (a 2,000-expert draw's
 * announcement and fairness report are megabytes of JSON) — runs over any connection to the
 * database, in a worker thread for a large draw (bundle.worker.ts). Both halves together give the
 * very bytes JSON.stringify(buildBundle(…)) gives: the same entries, checkpoint and proofs, through
 * the same assembleBundle.
 */
import type { Db } from '../../db/connection.js';
import { listEntriesBySubject, subjectEntrySizes } from '../../db/repos/log.repo.js';
import { assembleBundle } from '../../shared/bundle.js';
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
  entries: { index: number; proof: string[] }[];
  /** the size of those entries' data, bytes */
  bytes: number;
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
  return {
    drawId,
    origin: tlog.origin,
    vkey: tlog.vkey,
    checkpoint: { size: checkpoint.size, note: checkpoint.note },
    entries: inTree.map(({ index }) => ({
      index,
      proof: tlog.inclusionProof(index, checkpoint.size).proof,
    })),
    bytes: inTree.reduce((n, r) => n + r.bytes, 0),
  };
}

/** The bundle's JSON text from its plan, reading the entries over `db`. */
export function bundleJson(db: Db, plan: BundlePlan): string {
  const proofs = new Map(plan.entries.map((e) => [e.index, e.proof]));
  // the log is append-only: the entries below the planned checkpoint are the ones it planned
  const entries = listEntriesBySubject(db, 'draw', plan.drawId)
    .filter((e) => proofs.has(e.index))
    .map((e) => ({ index: e.index, entry: JSON.parse(fromUtf8(e.data)) as LogEntry }));
  const bundle = assembleBundle({
    drawId: plan.drawId,
    origin: plan.origin,
    vkey: plan.vkey,
    checkpoint: plan.checkpoint,
    entries,
    proof: (index) => proofs.get(index)!,
  });
  return JSON.stringify(bundle);
}
