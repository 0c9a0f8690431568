/**
 * A worker thread of the parallel database audit (audit-parallel.ts): opens the database read-only
 * on its own connection, runs shards (audit.ts auditShard) as long as the shared counter hands out
 * any, and posts their reports back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import { installNativeSha256 } from '../native-sha256.js';
import { runShards, type ShardJob } from './audit-parallel.js';

installNativeSha256();
const job = workerData as ShardJob;
const db = new Database(job.file, { readonly: true, fileMustExist: true }) as unknown as Db;
try {
  parentPort!.postMessage(runShards(db, job));
} finally {
  db.close();
}
