/**
 * `adal witness serve` as a real child process (one node process, so SIGKILL hits the witness
 * itself) on 127.0.0.1 with a fresh port, its stderr collected line by line. Not a test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface WitnessProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> (POST <base>/add-checkpoint) */
  base: string;
  /** stderr lines so far */
  stderr: string[];
}

/** Spawns `adal <args>` in one node process; lines of stdout and stderr are collected. */
export function spawnAdal(args: string[]): {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = (stream: NodeJS.ReadableStream, into: string[]) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        into.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  };
  const stdout: string[] = [];
  const stderr: string[] = [];
  lines(child.stdout!, stdout);
  lines(child.stderr!, stderr);
  return { child, stdout, stderr };
}

export async function serveWitness(args: string[]): Promise<WitnessProcess> {
  const p = spawnAdal(['witness', 'serve', '--host', '127.0.0.1', '--port', '0', ...args]);
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = p.stdout
        .map((l) => /serving \d+ log\(s\) on (http:\/\/127\.0\.0\.1:\d+)\/add-checkpoint$/.exec(l))
        .find((x) => x);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
      if (p.child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`witness exited ${p.child.exitCode}: ${p.stderr.join('\n')}`));
      }
    }, 20);
  });
  return { child: p.child, base, stderr: p.stderr };
}

export const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())
  );

/** Polls until `test` holds or `ms` pass; returns whether it held. */
export async function eventually(test: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!test() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return test();
}
