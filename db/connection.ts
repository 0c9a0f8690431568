/**
 * Opens the SQLite file with the pragmas every part relies on and applies pending migrations.
 * WAL for concurrent readers; synchronous=FULL so an acknowledged write survives a crash or power loss;
 * foreign keys on. All pending migrations run in ONE transaction: a failure leaves the file as it was.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(dir + f, 'utf8') }));
}

function applyMigrations(db: Db, migrations: Migration[] = loadMigrations()): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'
  );
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version
    )
  );
  const pending = migrations.filter((m) => !done.has(m.version));
  if (pending.length === 0) return [];
  const run = db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString()
      );
    }
  });
  run.immediate();
  return pending.map((m) => m.version);
}

export function openDb(file: string, opts: { migrations?: Migration[] } = {}): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    applyMigrations(db, opts.migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * Closes the writer's connection with the database whole in its main file. SQLite copies the WAL
 * into the main file when the last connection closes; worker threads keep read-only connections
 * open for their lives (server/workers/read-only-db.ts), so without this checkpoint a stopped
 * server could leave committed data only in the -wal file, and a copy of adal.sqlite alone (a
 * backup by file copy, an auditor's copy) would miss it. Idle readers do not block the checkpoint.
 */
export function closeDb(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
