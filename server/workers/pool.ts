/**
 * A small pool of worker threads for pure work that would otherwise stall the event loop — and with
 * it every live viewer — for hundreds of milliseconds: rendering a PDF, the fairness report of a
 * large pool, parsing a large CSV, assembling a large bundle (issue 18). The worker gets plain data
 * and returns plain data; reading the database, transactions and log entries stay on the main
 * thread, so "a change and its log entry commit together" is untouched.
 *
 * Threads start on first use, one task at a time each; an idle thread is unref'd (an idle pool keeps
 * no process alive). A thread that dies fails its task and is replaced on the next one. Under tsx or
 * jest the entry is TypeScript: it is loaded through tsx's tsImport, as `npm run adal` loads ours.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TaskReply, TaskRequest } from './serve.js';

export interface WorkerPool<I, O> {
  run(input: I): Promise<O>;
  /** tasks answered by a worker thread (tests check the work left the main thread) */
  readonly ran: number;
  /** tasks queued or running now (tests check what happens while one is in flight) */
  readonly running: number;
  close(): Promise<void>;
}

/** One thread fewer than the cores (the main thread keeps one), at least one, at most four. */
export const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * A worker entry beside the calling module, with the caller's own extension: `.ts` under tsx and
 * jest, `.js` in dist/ (`siblingEntry(import.meta.url, 'pdf.worker')`).
 */
export function siblingEntry(callerUrl: string, name: string): URL {
  const ext = fileURLToPath(callerUrl).endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, callerUrl);
}

function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const require = createRequire(import.meta.url);
  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) =>
    (m.tsImport ? m : m.default).tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true });
}

interface Task<I, O> {
  input: I;
  resolve: (out: O) => void;
  reject: (e: Error) => void;
}

export function workerPool<I, O>(entry: URL, size: number = POOL_SIZE): WorkerPool<I, O> {
  const idle: Worker[] = [];
  const busy = new Map<Worker, Task<I, O>>();
  const queue: Task<I, O>[] = [];
  let ran = 0;
  let started = 0;

  const next = () => {
    while (queue.length > 0) {
      let w = idle.pop();
      if (!w && started < size) w = spawn();
      if (!w) return;
      const task = queue.shift()!;
      busy.set(w, task);
      // a thread with a task keeps the process alive (its caller awaits it); an idle one does not
      w.ref();
      w.postMessage({ input: task.input } satisfies TaskRequest<I>);
    }
  };

  const spawn = (): Worker => {
    const w = startWorker(entry);
    started += 1;
    w.on('message', (reply: TaskReply<O>) => {
      const task = busy.get(w);
      busy.delete(w);
      idle.push(w);
      w.unref();
      ran += 1;
      if (task) {
        if (reply.ok) task.resolve(reply.out);
        else task.reject(new Error(reply.message));
      }
      next();
    });
    const gone = (e: Error) => {
      const task = busy.get(w);
      busy.delete(w);
      const at = idle.indexOf(w);
      if (at >= 0) idle.splice(at, 1);
      started -= 1;
      task?.reject(e);
      next();
    };
    w.on('error', gone);
    w.on('exit', (code) => gone(new Error(`worker exited with code ${code}`)));
    return w;
  };

  return {
    run: (input) =>
      new Promise<O>((resolve, reject) => {
        queue.push({ input, resolve, reject });
        next();
      }),
    get ran() {
      return ran;
    },
    get running() {
      return queue.length + busy.size;
    },
    async close() {
      const all = [...idle, ...busy.keys()];
      idle.length = 0;
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
