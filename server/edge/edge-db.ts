/**
 * A same-host edge's connection to the writer's SQLite file: read-only (SQLite refuses every write
 * on it, so no read path can change the database by accident: a session touch, a cache table), in
 * the writer's WAL mode, which lets readers in other processes read committed data while the writer
 * writes. The file must exist and be migrated: the writer creates and migrates it, so an edge
 * starts after its writer has started once.
 */
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import { EdgeError } from './edge-error.js';

export function openReadOnlyDb(file: string): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new EdgeError(
      'EDGE_DB_UNAVAILABLE',
      `cannot open ${file} read-only (${(e as Error).message}): start the writer first`
    );
  }
  db.pragma('busy_timeout = 5000');
  // A connection setting only: the log checks it, and an edge never commits anything.
  db.pragma('synchronous = FULL');
  const tables = db
    .prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'log_entries'`)
    .pluck()
    .get() as number;
  if (tables !== 1) {
    db.close();
    throw new EdgeError('EDGE_DB_UNAVAILABLE', `${file} holds no log: start the writer first`);
  }
  return db;
}
