/**
 * A worker thread of the parallel database audit (audit-parallel.ts): opens the database read-only
 * on its own connection, runs one shard (audit.ts auditShard) and posts the report back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import { installNativeSha256 } from '../native-sha256.js';
import { auditShard, type ShardOptions, type ShardPlan } from './audit.js';

installNativeSha256();
const { file, plan, opts } = workerData as { file: string; plan: ShardPlan; opts: ShardOptions };
const db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as Db;
try {
  parentPort!.postMessage(auditShard(db, plan, opts));
} finally {
  db.close();
}
