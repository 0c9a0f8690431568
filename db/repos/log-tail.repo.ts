/**
 * What a log follower reads of entries appended since it last looked (server/edge/log-watcher.ts):
 * the size of the log and the draw entries of an index range, as pointers (index, type, draw id) —
 * the live feed reads the entries themselves. Read-only; works on a read-only connection.
 */
import type { Db } from '../connection.js';

export interface DrawEntryPointer {
  index: number;
  type: string;
  drawId: string;
}

/** The draw entries with indices in [start, end), in index order. */
export function drawEntriesBetween(db: Db, start: number, end: number): DrawEntryPointer[] {
  return db
    .prepare(
      `SELECT idx AS "index", type, subject_id AS drawId FROM log_entries
       WHERE subject_kind = 'draw' AND idx >= ? AND idx < ? ORDER BY idx`
    )
    .all(start, end) as DrawEntryPointer[];
}
