/**
 * A token that changes whenever the database may have changed, for caches of query results that
 * must never be stale: PRAGMA data_version moves when another connection (another process, e.g. the
 * CLI importing experts) commits, and total_changes() when this connection writes a row, even one
 * rolled back later (https://sqlite.org/pragma.html#pragma_data_version,
 * https://sqlite.org/c3ref/total_changes.html). Reading both costs far less than a query that walks
 * an index (total_changes() needs no read transaction at all). Inside a transaction there is no
 * token: uncommitted reads must not be cached.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

const statements = new WeakMap<Db, { dataVersion: Statement; totalChanges: Statement }>();

export function dbVersion(db: Db): string | undefined {
  if (db.inTransaction) return undefined;
  let s = statements.get(db);
  if (!s) {
    s = {
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      totalChanges: db.prepare('SELECT total_changes()').pluck(),
    };
    statements.set(db, s);
  }
  return `${s.dataVersion.get() as number}/${s.totalChanges.get() as number}`;
}
