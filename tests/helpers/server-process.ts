/**
 * The server as its own process for tests (`node server/index.ts`, the writer, tests/helpers/cluster.ts
 * startNode) on 127.0.0.1 with a fresh port, its clock driven by a file (TEST_CLOCK_FILE with
 * NODE_ENV=test, server/test-clock.ts) so recorded drand rounds can be used, and what a test asks it
 * over HTTP: a signed-in session, the log's size, the witnesses' status. Not a test file.
 */
import { writeFileSync } from 'node:fs';
import request from 'supertest';
import type { SessionUser } from '../../shared/api/auth.js';
import { TEST_PASSWORD, type TestSession } from './app.js';
import { freePort, kill, startNode, waitHealthy, type Proc } from './cluster.js';

export interface ServerProcess {
  proc: Proc;
  /** http://127.0.0.1:<port> */
  url: string;
  /** SIGTERM (a clean stop: requests in flight finish, the database closes) and the exit */
  stop(): Promise<void>;
}

/** Sets the instant a server started with this clock file reads. */
export function setClock(file: string, at: Date | string): void {
  writeFileSync(file, new Date(at).toISOString() + '\n');
}

export async function startServerProcess(
  name: string,
  env: Record<string, string> & { DATA_DIR: string; TEST_CLOCK_FILE: string }
): Promise<ServerProcess> {
  const port = await freePort();
  const proc = startNode(name, { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(`${url}/healthz`, proc);
  } catch (e) {
    await kill(proc);
    throw e;
  }
  return { proc, url, stop: () => kill(proc, 'SIGTERM') };
}

/** Signs in over HTTP as an existing user (password TEST_PASSWORD). */
export async function signIn(url: string, username: string): Promise<TestSession> {
  const agent = request.agent(url);
  const res = await agent.post('/api/auth/login').send({ username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${res.text}`);
  const body = res.body as { user: SessionUser; csrfToken: string };
  return { agent, csrf: body.csrfToken, user: body.user, password: TEST_PASSWORD };
}

/** The log's size (its latest signed checkpoint's). */
export async function logSize(url: string): Promise<number> {
  const r = await fetch(`${url}/api/public/log/checkpoint`);
  return ((await r.json()) as { size: number }).size;
}

export interface WitnessState {
  name: string;
  cosignedSize: number | null;
  lastError: string | null;
  conflict: boolean;
}

/** The console's view of the witnesses (GET /api/log/witnesses, an operator's session). */
export async function witnessStatus(op: TestSession): Promise<WitnessState[]> {
  const r = await op.agent.get('/api/log/witnesses');
  if (r.status !== 200) throw new Error(`witness status: ${r.status}`);
  return (r.body as { witnesses: WitnessState[] }).witnesses;
}

/** Polls the witnesses' status until `test` holds (or throws after `ms`, with the last status). */
export async function untilWitnesses(
  op: TestSession,
  test: (s: WitnessState[]) => boolean,
  ms = 30_000
): Promise<WitnessState[]> {
  const until = Date.now() + ms;
  let s = await witnessStatus(op);
  while (!test(s)) {
    if (Date.now() > until) throw new Error(`witnesses did not settle: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
    s = await witnessStatus(op);
  }
  return s;
}

/** Polls an asynchronous test until it holds or `ms` pass; returns whether it held. */
export async function until(test: () => Promise<boolean>, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!(await test()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return test();
}
