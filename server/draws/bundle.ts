/**
 * A draw's verification bundle from the stored log, for GET /api/public/draws/:id/bundle, and the
 * cache that serves it while the log has not grown. Nothing here is copied from draw tables: the
 * entries are the record (assembled by shared/bundle.ts).
 */
import { assembleBundle, previousAttemptIds } from '../../shared/bundle.js';
import { NotFoundError } from '../../shared/errors.js';
import { type Bundle } from '../../shared/schemas/bundle.js';
import type { TransparencyLog } from '../log/transparency-log.js';
import type { LogCosigning } from '../log/cosigning.js';
import type { Db } from '../../db/connection.js';
import { siblingEntry, workerPool, type WorkerPool } from '../workers/pool.js';
import { bundleJson, planBundle } from './bundle-assembly.js';
import type { BundleTask } from './bundle.worker.js';

/**
 * The bundle of a draw from the stored log. Its checkpoint is the witnessed one covering the draw's
 * entries (docs/PROTOCOL.md §Cosigned checkpoints: the cosigned checkpoint at least that large with
 * the most witness lines); while none covers them yet — or without witnesses — the latest signed
 * checkpoint, whose note then carries no cosignature (a verifier's witness policy fails it). The
 * checkpoint is read first, so every entry listed is inside its tree. Throws NotFoundError
 * DRAW_NOT_FOUND.
 */
// Exported for tests/shared/verify.test.ts: real draws' bundles as objects, not bytes.
export function buildBundle(
  tlog: TransparencyLog,
  drawId: string,
  cosigning?: LogCosigning
): Bundle {
  const latest = tlog.latestCheckpoint();
  const all = tlog.entriesAbout('draw', drawId).filter((r) => r.index < latest.size);
  const need = all.length === 0 ? 0 : all[all.length - 1]!.index + 1;
  const checkpoint = (need > 0 && cosigning?.witnessedCovering(need)) || latest;
  const entries = all
    .filter((r) => r.index < checkpoint.size)
    .map(({ index, entry }) => ({ index, entry }));
  if (entries.length === 0) throw new NotFoundError('DRAW_NOT_FOUND', `no draw ${drawId}`);
  // v4: the earlier attempts of the lot, every entry (they all precede this draw's creation)
  const previousAttempts = previousAttemptIds(entries).map((id) => ({
    drawId: id,
    entries: tlog
      .entriesAbout('draw', id)
      .filter((r) => r.index < checkpoint.size)
      .map(({ index, entry }) => ({ index, entry })),
  }));
  return assembleBundle({
    drawId,
    origin: tlog.origin,
    vkey: tlog.vkey,
    checkpoint,
    entries,
    ...(previousAttempts.length ? { previousAttempts } : {}),
    proof: (index) => tlog.inclusionProof(index, checkpoint.size).proof,
  });
}

/** The download's file name: adal-draw-<id>.bundle.json (draw ids are [A-Za-z0-9-] only). */
export function bundleFilename(drawId: string): string {
  return `adal-draw-${drawId}.bundle.json`;
}

/** A serialized bundle: the body bytes and an ETag naming the tree size it was made for. */
export interface CachedBundle {
  body: Buffer;
  etag: string;
}

/** A draw whose entries hold at least this many bytes has its bundle assembled in a worker thread. */
export const BUNDLE_OFF_THREAD_BYTES = 128 * 1024;

let shared: WorkerPool<BundleTask, string> | undefined;
/** One pool of bundle threads per process, started on the first large bundle. */
export function bundlePool(): WorkerPool<BundleTask, string> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'bundle.worker'));
  return shared;
}

/**
 * Serialized bundles keyed by draw, valid while the log has not grown and no witness line arrived
 * (the bundle's checkpoint depends on both). Bounded, oldest dropped first. The body is
 * kept as bytes with its ETag. A hit costs one cheap read of the database version
 * (db/version.ts) when nothing was written since the bundle was checked, and one read of the tree
 * size otherwise. A miss plans the bundle here (bundle-assembly.ts) and, for a large draw in a
 * database file, assembles it in a worker thread; requests that arrive meanwhile wait for that one
 * assembly.
 */
export class BundleCache {
  private readonly map = new Map<
    string,
    { size: number; generation: number; version: string | undefined; bundle: Promise<CachedBundle> }
  >();
  constructor(
    private readonly max = 256,
    private readonly cosigning?: LogCosigning
  ) {}

  /** `version`: dbVersion() of the log's database, read by the caller just before. */
  get(db: Db, tlog: TransparencyLog, drawId: string, version?: string): Promise<CachedBundle> {
    const hit = this.map.get(drawId);
    if (hit && version !== undefined && hit.version === version) return hit.bundle;
    const size = tlog.size();
    const generation = this.cosigning?.generation ?? 0;
    if (hit && hit.size === size && hit.generation === generation) {
      hit.version = version;
      return hit.bundle;
    }
    const bundle = this.assemble(db, tlog, drawId);
    bundle.catch(() => {
      if (this.map.get(drawId)?.bundle === bundle) this.map.delete(drawId);
    });
    this.map.delete(drawId);
    this.map.set(drawId, { size, generation, version, bundle });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return bundle;
  }

  private async assemble(db: Db, tlog: TransparencyLog, drawId: string): Promise<CachedBundle> {
    const plan = planBundle(db, tlog, drawId, this.cosigning);
    const text =
      plan.bytes >= BUNDLE_OFF_THREAD_BYTES && !db.memory
        ? await bundlePool().run({ file: db.name, plan })
        : bundleJson(db, plan);
    const lines = plan.checkpoint.note.split('\n— ').length - 2;
    const at = `${drawId}@${plan.checkpoint.size}`;
    // the tree size, and the number of witness lines when there are any
    return { body: Buffer.from(text), etag: lines > 0 ? `"${at}+${lines}"` : `"${at}"` };
  }
}
