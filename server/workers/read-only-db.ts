/**
 * A worker thread's own read-only connection to the database file, one per file, kept for the
 * thread's life. Work that writes nothing (a preview, a CSV check, a bundle, a PDF's draw view) reads
 * here instead of on the writer's connection: in WAL mode it sees what is committed, and the writer's
 * transactions stay on the main thread.
 */
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';

const connections = new Map<string, Db>();

export function readOnlyDb(file: string): Db {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true }) as Db;
    db.pragma('busy_timeout = 5000');
    connections.set(file, db);
  }
  return db;
}

/**
 * `fn` over one snapshot of the database, with the log's size in that snapshot: what the work read
 * is exactly the state after the first `logSize` log entries (a read transaction in WAL mode sees
 * one committed state throughout). The main thread compares logSize with its own log to decide
 * whether the result still holds at its commit.
 */
export function inSnapshot<T>(db: Db, fn: () => T): { logSize: number; out: T } {
  return db.transaction(() => {
    const last = db.prepare('SELECT MAX(idx) AS m FROM log_entries').get() as { m: number | null };
    return { logSize: last.m === null ? 0 : last.m + 1, out: fn() };
  })();
}
