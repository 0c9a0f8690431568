/**
 * The worker thread that checks registry CSV files (csv-check-pool.ts): parsing and checking a file of
 * 100,000 rows takes seconds, which on the main thread would stall the live feed. A check writes
 * nothing, so the worker reads the registry over its own read-only connection to the database file.
 */
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import type { ImportReport } from '../../shared/api/registry.js';
import { serveTasks } from '../workers/serve.js';
import { checkExpertsCsv } from './csv.js';

export interface CsvCheckTask {
  file: string;
  text: string;
  /** the app clock's now, ms (the file's dates are checked against today) */
  now: number;
}

const connections = new Map<string, Db>();
function readOnly(file: string): Db {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true }) as Db;
    db.pragma('busy_timeout = 5000');
    connections.set(file, db);
  }
  return db;
}

serveTasks(({ file, text, now }: CsvCheckTask): ImportReport =>
  checkExpertsCsv({ db: readOnly(file), clock: () => new Date(now) }, text)
);
