/**
 * A draw's verification bundle from the stored log, for GET /api/public/draws/:id/bundle, and the
 * cache that serves it while the log has not grown. Nothing here is copied from draw tables: the
 * entries are the record (assembled by shared/bundle.ts).
 */
import { assembleBundle } from '../../shared/bundle.js';
import { NotFoundError } from '../../shared/errors.js';
import { type Bundle } from '../../shared/schemas/bundle.js';
import type { TransparencyLog } from '../log/transparency-log.js';

/**
 * The bundle of a draw from the stored log, against the latest checkpoint. The checkpoint is read
 * first, so every entry listed is inside its tree. Throws NotFoundError DRAW_NOT_FOUND.
 */
// Exported for tests/shared/verify.test.ts: real draws' bundles as objects, not bytes.
export function buildBundle(tlog: TransparencyLog, drawId: string): Bundle {
  const checkpoint = tlog.latestCheckpoint();
  const entries = tlog
    .entriesAbout('draw', drawId)
    .filter((r) => r.index < checkpoint.size)
    .map(({ index, entry }) => ({ index, entry }));
  if (entries.length === 0) throw new NotFoundError('DRAW_NOT_FOUND', `no draw ${drawId}`);
  return assembleBundle({
    drawId,
    origin: tlog.origin,
    vkey: tlog.vkey,
    checkpoint,
    entries,
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

/**
 * Serialized bundles keyed by draw, valid while the log has not grown (the bundle is against the
 * latest checkpoint, and every append signs a new one). Bounded, oldest dropped first. The body is
 * kept as bytes with its ETag. A hit costs one cheap read of the database version
 * (db/version.ts) when nothing was written since the bundle was checked, and one read of the tree
 * size otherwise.
 */
export class BundleCache {
  private readonly map = new Map<
    string,
    { size: number; version: string | undefined; bundle: CachedBundle }
  >();
  constructor(private readonly max = 256) {}

  /** `version`: dbVersion() of the log's database, read by the caller just before. */
  get(tlog: TransparencyLog, drawId: string, version?: string): CachedBundle {
    const hit = this.map.get(drawId);
    if (hit && version !== undefined && hit.version === version) return hit.bundle;
    const size = tlog.size();
    if (hit && hit.size === size) {
      hit.version = version;
      return hit.bundle;
    }
    const b = buildBundle(tlog, drawId);
    const bundle = {
      body: Buffer.from(JSON.stringify(b)),
      etag: `"${drawId}@${b.log.treeSize}"`,
    };
    this.map.delete(drawId);
    this.map.set(drawId, { size: b.log.treeSize, version, bundle });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return bundle;
  }
}
