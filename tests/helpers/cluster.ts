/**
 * A real deployment on 127.0.0.1 for tests and benches (deploy/README.md): the writer and edges as
 * separate `node server/index.ts` processes (ROLE=writer / ROLE=edge) over one data folder, and
 * haproxy running the shipped deploy/haproxy.cfg with its addresses from the environment. Each
 * process's output is kept for failure messages; stop() ends every process still running. Not a
 * test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const HAPROXY_CFG = `${ROOT}deploy/haproxy.cfg`;
const HAPROXY = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

export interface Proc {
  name: string;
  child: ChildProcess;
  /** stdout and stderr so far (the last 20,000 characters) */
  output(): string;
  /** resolves when the process has exited */
  exited: Promise<void>;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function track(name: string, child: ChildProcess): Proc {
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return { name, child, output: () => out, exited };
}

/** Waits until GET url answers 200 (or throws with the process's output). */
export async function waitHealthy(url: string, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`${proc.name} exited: ${proc.output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc.name} not healthy at ${url}: ${proc.output()}`);
}

/** Starts `node server/index.ts` (one node process, so a signal hits the server itself). */
export function startNode(name: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(name, child);
}

/** haproxy in the foreground on the shipped configuration. */
export function startHaproxy(env: Record<string, string>): Proc {
  const child = spawn(HAPROXY, ['-db', '-f', HAPROXY_CFG], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track('haproxy', child);
}

/** SIGKILL (a crash, nothing cleaned up) and wait for the exit. */
export async function kill(p: Proc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await p.exited;
}

export interface ClusterOptions {
  dataDir: string;
  vkey: string;
  edges: number;
  /** environment both roles get (STEP_INTERVAL_MS must be the same everywhere) */
  env?: Record<string, string>;
  /** haproxy's limits and anything else it reads from the environment */
  haproxyEnv?: Record<string, string>;
}

export interface Cluster {
  /** http://127.0.0.1:<haproxy port> */
  url: string;
  writer: Proc;
  edges: Proc[];
  edgeUrls: string[];
  haproxy: Proc;
  stop(): Promise<void>;
}

/** Writer, then edges (each healthy), then haproxy (answering through an edge). */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const procs: Proc[] = [];
  const stop = async () => {
    await Promise.all(procs.map((p) => kill(p)));
  };
  try {
    const [writerPort, haproxyPort, ...edgePorts] = await Promise.all(
      Array.from({ length: o.edges + 2 }, () => freePort())
    );
    const writer = startNode('writer', { ...o.env, DATA_DIR: o.dataDir, PORT: String(writerPort) });
    procs.push(writer);
    await waitHealthy(`http://127.0.0.1:${writerPort}/healthz`, writer);
    const edges = edgePorts.map((port, i) =>
      startNode(`edge${i + 1}`, {
        ...o.env,
        ROLE: 'edge',
        LOG_VKEY: o.vkey,
        DATA_DIR: o.dataDir,
        PORT: String(port),
      })
    );
    procs.push(...edges);
    const edgeUrls = edgePorts.map((p) => `http://127.0.0.1:${p}`);
    await Promise.all(edges.map((e, i) => waitHealthy(`${edgeUrls[i]}/healthz`, e)));
    const haproxy = startHaproxy({
      ADAL_LISTEN: `127.0.0.1:${haproxyPort}`,
      ADAL_WRITER: `127.0.0.1:${writerPort}`,
      ...Object.fromEntries(edgePorts.map((p, i) => [`ADAL_EDGE${i + 1}`, `127.0.0.1:${p}`])),
      ...o.haproxyEnv,
    });
    procs.push(haproxy);
    const url = `http://127.0.0.1:${haproxyPort}`;
    await waitHealthy(`${url}/api/public/log/checkpoint`, haproxy);
    return { url, writer, edges, edgeUrls, haproxy, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
