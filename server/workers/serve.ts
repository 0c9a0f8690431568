/**
 * The worker side of pool.ts: `serveTasks(fn)` answers each task the pool posts with fn's result,
 * or with the error's message (the pool rejects the task with it).
 */
import { parentPort } from 'node:worker_threads';

export interface TaskRequest<I> {
  input: I;
}
export type TaskReply<O> = { ok: true; out: O } | { ok: false; message: string };

export function serveTasks<I, O>(fn: (input: I) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread');
  port.on('message', (m: TaskRequest<I>) => {
    Promise.resolve()
      .then(() => fn(m.input))
      .then(
        (out) => port.postMessage({ ok: true, out } satisfies TaskReply<O>),
        (e: unknown) =>
          port.postMessage({
            ok: false,
            message: e instanceof Error ? e.message : String(e),
          } satisfies TaskReply<O>)
      );
  });
}
