/**
 * A worker thread of the parallel database audit (audit-parallel.ts): opens the database read-only
 * on its own connection, runs shards (audit.ts auditShard) as long as the shared counter hands out
 * any, and posts their reports back. The thread makes (and checks) its own node:crypto Hasher
 * (audit.ts shardContext).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openShardConnection, runShards, type ShardJob } from './audit-parallel.js';

const job = workerData as ShardJob;
const db = openShardConnection(job.file);
try {
  parentPort!.postMessage(runShards(db, job));
} finally {
  db.close();
}
