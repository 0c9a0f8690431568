/**
 * A worker thread of the parallel database audit (audit-parallel.ts): started before the shards are
 * planned, it opens the database read-only on its own connection, then waits for its job, runs
 * shards (audit.ts auditShard) as long as the shared counter hands out any, and posts their reports
 * back. The thread makes (and checks) its own node:crypto Hasher (audit.ts shardContext).
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  openShardConnection,
  runShards,
  type ShardJob,
  type WorkerStart,
} from './audit-parallel.js';

const db = openShardConnection((workerData as WorkerStart).file);
parentPort!.once('message', (job: ShardJob) => {
  try {
    parentPort!.postMessage(runShards(db, job));
  } finally {
    db.close();
  }
});
