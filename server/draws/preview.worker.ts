/**
 * The worker thread that builds draw previews (fairness-pool.ts): eligibility over a registry of
 * thousands, the frozen pool's hashes and the fairness report take hundreds of milliseconds to
 * seconds, which on the main thread would stall the live feed. A preview writes nothing, so the
 * worker reads the database itself, over its own read-only connection (WAL: it sees what is
 * committed); the writer's connection and transactions stay on the main thread.
 */
import Database from 'better-sqlite3';
import { nodeHasher } from '../../auditor/node-crypto.js';
import type { Db } from '../../db/connection.js';
import type { DrawPreview } from '../../shared/api/draws.js';
import { serveTasks } from '../workers/serve.js';
import { fairnessOf, previewParts } from './announce.js';

export interface PreviewTask {
  /** the database file */
  file: string;
  drawId: string;
  /** the app clock's now, ms */
  now: number;
}

const hasher = nodeHasher();
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

// The answer is the preview's JSON: a string crosses to the main thread as one copy, where an
// object of thousands of experts would be rebuilt there and stringified again for the response.
serveTasks(({ file, drawId, now }: PreviewTask): string => {
  const deps = { db: readOnly(file), clock: () => new Date(now), hasher };
  // a ceremony's preview is built lot by lot in the fairness workers (fairness-pool.ts)
  const { preview, fairness } = previewParts(deps, drawId);
  const full: DrawPreview = { ...preview, fairness: fairness && fairnessOf(fairness, hasher) };
  return JSON.stringify(full);
});
