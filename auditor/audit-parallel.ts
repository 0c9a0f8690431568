/**
 * `adal audit --db` over several threads: the log, its draws and its checkpoints are cut into
 * shards (audit.ts auditShard — each row, draw and checkpoint in exactly one), several per thread;
 * this thread and the worker threads, each on its own read-only connection, take shards from one
 * shared counter until none are left, so a thread that started late or runs slower simply takes
 * fewer. The reports are merged into the first problem over all of them, as one thread would have
 * found it (tests/auditor/commands/audit.test.ts compares the two on tampered databases). Only a thread
 * that takes a checkpoint shard rebuilds the tree from the stored leaf hashes (once), so no thread
 * waits for another.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { entryCount } from '../db/repos/log.repo.js';
import {
  auditShard,
  mergeShards,
  planShards,
  shardContext,
  type AuditReport,
  type ShardOptions,
  type ShardPlan,
  type ShardReport,
} from './audit.js';

/** Shards per thread: enough for the threads to even out, few enough to keep per-shard costs low. */
const SHARDS_PER_THREAD = 4;
/**
 * Threads per checkpoint shard. A checkpoint shard rebuilds the whole tree in its thread (about a
 * twentieth of the audit's work) and checks a range of checkpoints (about a fifth of it, split);
 * one per four threads keeps the trees few and no checkpoint shard the last one to finish.
 */
const CHECKPOINT_THREADS = 4;

/** What a worker is started with: the database file, which it opens while the shards are planned. */
export interface WorkerStart {
  file: string;
}

/** What each thread is given: every shard's plan and the counter that hands them out. */
export interface ShardJob {
  plans: ShardPlan[];
  opts: ShardOptions;
  /** Int32Array over a SharedArrayBuffer: [0] is the next shard to take */
  counter: Int32Array;
}

/**
 * The read-only connection a thread runs its shards on. Pages are read through a memory map
 * (PRAGMA mmap_size), which spares SQLite a copy of each page into its cache: the audit reads every
 * page of the file, and this takes about 4% off it. The one risk SQLite names, a crash if the file
 * shrinks while mapped, needs a VACUUM during the audit; Adal Draw never vacuums.
 */
export function openShardConnection(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  return db as unknown as Db;
}
/** The first GiB of the file mapped (SQLite's own cap is 2 GiB); the rest is read as usual. */
const MMAP_BYTES = 1 << 30;

/** Runs shards taken from the shared counter until none are left; each report with its shard. */
export function runShards(db: Db, job: ShardJob): { shard: number; report: ShardReport }[] {
  const ctx = shardContext();
  const done: { shard: number; report: ShardReport }[] = [];
  for (;;) {
    const k = Atomics.add(job.counter, 0, 1);
    if (k >= job.plans.length) return done;
    done.push({ shard: k, report: auditShard(db, job.plans[k]!, job.opts, ctx) });
  }
}

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

type Done = ReturnType<typeof runShards>;

/**
 * A worker started before the shards are planned, so that loading its modules (the larger part of a
 * worker's start) overlaps the planning here: `run` hands it the job once there is one, and gives
 * its shards' reports as soon as it posts them. `stop` ends a worker that will get no job.
 */
function startAuditWorker(file: string): { run(job: ShardJob): Promise<Done>; stop(): void } {
  const w = startWorker({ file } satisfies WorkerStart);
  let settled = false;
  const done = new Promise<Done>((resolve, reject) => {
    w.once('message', (m: Done) => {
      settled = true;
      resolve(m);
    });
    w.once('error', (e) => {
      settled = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!settled) reject(new Error(`audit worker exited with code ${code}`));
    });
  });
  done.catch(() => {}); // a worker stopped or failed before its job: awaited (and thrown) in run
  return {
    run: (job) => {
      w.postMessage(job);
      return done;
    },
    stop: () => void w.terminate(),
  };
}

/**
 * Audits the database `db` (opened read-only on `file`) over `threads` threads (default: by size):
 * `db` plans the shards and merges their reports, which this thread and each worker run on a
 * connection of their own. The result is the one-thread audit's: the same problem, or ok.
 */
export async function auditDatabaseFile(
  db: Db,
  file: string,
  opts: ShardOptions & { threads?: number }
): Promise<AuditReport> {
  const threads = Math.max(1, opts.threads ?? auditThreads(entryCount(db)));
  const workers = Array.from({ length: threads - 1 }, () => startAuditWorker(file));
  let job: ShardJob;
  let drawIds: string[];
  try {
    const planned =
      threads === 1
        ? planShards(db, 1)
        : planShards(db, threads * SHARDS_PER_THREAD, Math.ceil(threads / CHECKPOINT_THREADS));
    drawIds = planned.drawIds;
    job = {
      plans: planned.plans,
      opts: {
        vkey: opts.vkey,
        checkFairness: opts.checkFairness,
        envelopes: opts.envelopes,
        ...(opts.drand ? { drand: opts.drand } : {}),
      },
      counter: new Int32Array(new SharedArrayBuffer(4)),
    };
  } catch (e) {
    for (const w of workers) w.stop();
    throw e;
  }
  const running = workers.map((w) => w.run(job));
  // This thread takes shards too while the workers start; their promises settle afterwards.
  const own = openShardConnection(file);
  let mine;
  try {
    mine = runShards(own, job);
  } finally {
    own.close();
  }
  const reports = [mine, ...(await Promise.all(running))].flat();
  if (reports.length !== job.plans.length) throw new Error('audit: a shard was lost');
  reports.sort((a, b) => a.shard - b.shard);
  return mergeShards(
    db,
    reports.map((r) => r.report),
    new Set(drawIds)
  );
}
