/**
 * deploy/README.md's same-host commands, run as written: the shell block between the
 * `<!-- same-host-commands -->` markers is taken from the README and run by bash, in a fresh
 * DATA_DIR and on free ports (the block reads DATA_DIR and its four ports from the environment,
 * with the README's defaults otherwise). Then, through haproxy: the public page, /api/public/draws,
 * the demo registry and a /live viewer's list channel are served by an edge, the console and sign-in
 * (with the password the writer printed) by the writer. Every process the block started is in the process
 * group of its bash, which is killed at the end.
 *
 * Two lines of the block are not run, and must be there exactly as listed (DONE_BY_CI): the Debian
 * packages and `npm ci`, which .ci/run has done before `npm test` (it installs haproxy and curl).
 * `npm run build` is run as written: .ci/run does not build dist/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { freePort } from '../helpers/cluster.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The block's lines that .ci/run has already done on this machine; the test does not run them. */
const DONE_BY_CI = ['apt-get update && apt-get install -y haproxy curl', 'npm ci'];
/** bash running the block: the build (tens of seconds), then the four processes coming up. */
const SCRIPT_TIMEOUT_MS = 240_000;

/** The README's block, without the DONE_BY_CI lines (each must be there exactly once). */
function sameHostCommands(readme: string): string {
  const m =
    /<!-- same-host-commands[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/same-host-commands -->/.exec(
      readme
    );
  if (!m)
    throw new Error('deploy/README.md: no ```sh block between the same-host-commands markers');
  const lines = m[1]!.split('\n');
  for (const skipped of DONE_BY_CI) {
    const n = lines.filter((l) => l === skipped).length;
    if (n !== 1) throw new Error(`deploy/README.md: the line "${skipped}" appears ${n} times`);
  }
  return lines.filter((l) => !DONE_BY_CI.includes(l)).join('\n');
}

let dataDir: string;
let bash: ChildProcess;
let out = '';
let url: string;
let edgeUrl: string;

/** The script's output and every process's log, for failure messages. */
function logs(): string {
  const files = readdirSync(dataDir).filter((f) => f.endsWith('.log'));
  return [
    `--- bash\n${out}`,
    ...files.map((f) => `--- ${f}\n${readFileSync(join(dataDir, f), 'utf8').slice(-4000)}`),
  ].join('\n');
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'adal-readme-'));
  const [writer, edge1, edge2, listen] = await Promise.all([1, 2, 3, 4].map(() => freePort()));
  url = `http://127.0.0.1:${listen}`;
  edgeUrl = `http://127.0.0.1:${edge1}`;
  const script = sameHostCommands(readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8'));
  // Its own process group (detached), so that afterAll ends bash and everything it started.
  bash = spawn('bash', ['-c', script], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      WRITER_PORT: String(writer),
      EDGE1_PORT: String(edge1),
      EDGE2_PORT: String(edge2),
      LISTEN_PORT: String(listen),
      // keeps the test off the network: the demo's draws need no beacon fetch to be served
      DRAND_URL: 'http://127.0.0.1:9',
    },
  });
  bash.stdout!.on('data', (d: Buffer) => (out += String(d)));
  bash.stderr!.on('data', (d: Buffer) => (out += String(d)));
  const code = await new Promise<number | null | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), SCRIPT_TIMEOUT_MS);
    bash.once('exit', (c) => (clearTimeout(timer), resolve(c)));
  });
  if (code !== 0) throw new Error(`the README's block ended with ${String(code)}\n${logs()}`);
}, SCRIPT_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (bash?.pid !== undefined) {
    const group = -bash.pid;
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    // wait until no process of the group is left (kill 0 throws ESRCH then)
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(group, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** haproxy's stickiness cookie names the edge that answered (e1, e2; w is the writer as backup). */
const EDGE_COOKIE = /^ADAL_EDGE=e[12];/;

describe("deploy/README.md's same-host commands", () => {
  it('does print the registry through haproxy at the end of the block', () => {
    expect(out).toMatch(/^[[{]"/m);
    expect(readFileSync(join(dataDir, 'writer.log'), 'utf8')).toContain('password: ');
  });

  it('does serve the public page, the draw list and the demo registry from an edge', async () => {
    const page = await fetch(`${url}/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([
      200,
      expect.stringContaining('text/html'),
    ]);
    expect(page.headers.get('set-cookie')).toMatch(EDGE_COOKIE);
    const draws = await fetch(`${url}/api/public/draws`);
    expect([draws.status, Array.isArray(await draws.json())]).toEqual([200, true]);
    expect(draws.headers.get('set-cookie')).toMatch(EDGE_COOKIE);
    // the demo: the writer seeded a registry of experts, which the edges serve
    const registry = await fetch(`${url}/api/public/registry`);
    expect(registry.headers.get('set-cookie')).toMatch(EDGE_COOKIE);
    expect(((await registry.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('does serve the console and sign-in from the writer', async () => {
    // an edge has no console page; through haproxy it is there, from the writer (no edge cookie)
    expect((await fetch(`${edgeUrl}/console`)).status).toBe(404);
    const consolePage = await fetch(`${url}/console`);
    expect(consolePage.status).toBe(200);
    expect(consolePage.headers.get('set-cookie') ?? '').not.toMatch(/ADAL_EDGE/);
    const password = /password: (\S+)/.exec(readFileSync(join(dataDir, 'writer.log'), 'utf8'))?.[1];
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
  });

  it("does connect a viewer to /live through haproxy and answer the draw list's channel", async () => {
    const socket = io(`${url}/live`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = (await socket.emitWithAck('draws:subscribe', {})) as {
        ok: boolean;
        data?: { draws: unknown };
      };
      expect([ack.ok, Array.isArray(ack.data?.draws)]).toEqual([true, true]);
    } finally {
      socket.close();
    }
  });
});
