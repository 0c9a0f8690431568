/**
 * `adal audit --db` over several threads: the same shards as the one-thread audit (audit.ts
 * auditShard — each row of the log, each draw and each checkpoint in exactly one), one in this
 * thread and the rest in worker threads, each on its own read-only connection; the reports are
 * merged into the first problem over all of them, as one thread would have found it
 * (tests/server/services/audit-parallel.test.ts compares the two on tampered databases).
 * Every thread rebuilds the tree from the stored leaf hashes (a fraction of a second per 100,000
 * entries), so no thread waits for another.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/connection.js';
import {
  auditShard,
  mergeShards,
  planShards,
  type AuditReport,
  type ShardOptions,
  type ShardReport,
} from './audit.js';

/** Below this many entries one thread is quicker than starting workers. */
export const PARALLEL_FROM_ENTRIES = 20_000;

/** Threads for a log of `entries` entries: the machine's parallelism (at most 8), 1 for small logs. */
export function auditThreads(entries: number): number {
  return entries < PARALLEL_FROM_ENTRIES ? 1 : Math.min(8, availableParallelism());
}

/**
 * The build starts the worker's .js. A source run (tsx: `npm run adal`, the benches, the CLI tests)
 * starts it through tsx's loader, which worker threads do not inherit on Node 20.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./audit-worker.js', import.meta.url), { workerData });
  const url = new URL('./audit-worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`,
    { eval: true, workerData }
  );
}

function runWorker(file: string, plan: unknown, opts: ShardOptions): Promise<ShardReport> {
  return new Promise((resolve, reject) => {
    const w = startWorker({ file, plan, opts });
    let report: ShardReport | undefined;
    w.once('message', (m: ShardReport) => (report = m));
    w.once('error', reject);
    w.once('exit', (code) =>
      report ? resolve(report) : reject(new Error(`audit worker exited with code ${code}`))
    );
  });
}

/**
 * Audits the database `db` (opened read-only on `file`) over `threads` threads (default: by size).
 * The result is the one-thread audit's: the same problem, or ok.
 */
export async function auditDatabaseFile(
  db: Db,
  file: string,
  opts: ShardOptions & { threads?: number }
): Promise<AuditReport> {
  const entries = db.prepare('SELECT COUNT(*) FROM log_entries').pluck().get() as number;
  const threads = Math.max(1, opts.threads ?? auditThreads(entries));
  const { plans, drawIds } = planShards(db, threads);
  const shardOpts: ShardOptions = {
    vkey: opts.vkey,
    checkFairness: opts.checkFairness,
    envelopes: opts.envelopes,
  };
  const others = plans.slice(1).map((p) => runWorker(file, p, shardOpts));
  // This thread's shard runs while the workers do theirs; their promises settle afterwards.
  const mine = auditShard(db, plans[0]!, shardOpts);
  const reports = [mine, ...(await Promise.all(others))];
  return mergeShards(db, reports, new Set(drawIds));
}
