/**
 * startTestApp(): the real app on a real HTTP server (127.0.0.1, port 0) over a real SQLite file in a
 * fresh temp folder, with a silent logger and a clock the test moves. Users are created through the
 * real accounts service and sign in through POST /api/auth/login, so tests hold a real session cookie.
 *
 *   const t = await startTestApp();
 *   const op = await t.loginAs('operator');
 *   await op.agent.post('/api/experts').set(withCsrf(op)).send({...}).expect(201);
 *   await t.close();
 *
 * Every non-GET to a non-public route must carry the session's CSRF token in the X-CSRF-Token header
 * (withCsrf(session) gives that header); without it the answer is 403 CSRF_TOKEN_INVALID.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import request from 'supertest';
import { closeDb, openDb, type Db } from '../../db/connection.js';
import { createApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import type { Role, SessionUser } from '../../shared/api/auth.js';
import { createLogger } from '../../server/logger.js';
import { createAccount } from '../../server/accounts/accounts.js';
import { DrawEventBus } from '../../server/draws/events-bus.js';
import { createTransparencyLog } from '../../server/log/transparency-log.js';
import { createCosigning } from '../../server/log/create-cosigning.js';
import { createLiveServer, type LiveServer } from '../../server/live/io.js';

export type TestAgent = ReturnType<typeof request.agent>;

/** The password every helper-created user gets (long enough for the password policy). */
export const TEST_PASSWORD = 'test-password-0123456789';

/** The stored sessions of a user (no feature reads this count; tests watch sessions end). */
export function countUserSessions(db: Db, userId: number): number {
  return (
    db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?').get(userId) as { n: number }
  ).n;
}

/** The header a write needs: `.set(withCsrf(session))`. */
export function withCsrf(session: { csrf: string }): Record<string, string> {
  return { 'X-CSRF-Token': session.csrf };
}

export interface TestClock {
  /** what ctx.clock() returns now */
  now(): Date;
  set(to: Date | string | number): void;
  advance(ms: number): void;
}

export interface StartTestAppOptions {
  /** config overrides on top of the defaults (DEMO off, LOG_LEVEL silent, DATA_DIR = the temp folder) */
  config?: Partial<Config>;
  /** reuse a folder (e.g. to restart on the same data); it is then NOT deleted by close() */
  dataDir?: string;
  /** initial clock time; default 2026-03-01T09:00:00Z */
  now?: Date | string | number;
  /** a logger to capture output; default silent */
  log?: Logger;
  /** extra or replaced context members, for parts that add to AppContext */
  context?: Partial<AppContext>;
  /** attach the socket.io live server (server/live/io.ts) to the HTTP server, as server/index.ts does */
  sockets?: boolean;
}

export interface TestSession {
  /** a supertest agent carrying the session cookie */
  agent: TestAgent;
  /** the session's CSRF token; send it as X-CSRF-Token on writes (see withCsrf) */
  csrf: string;
  user: SessionUser;
  password: string;
}

export interface TestApp {
  ctx: AppContext;
  app: Express;
  server: Server;
  /** the socket.io live server, when started with `sockets: true` */
  live?: LiveServer;
  /** http://127.0.0.1:<port> (for socket.io clients) */
  baseUrl: string;
  /** an agent without a session */
  agent: TestAgent;
  dataDir: string;
  clock: TestClock;
  /** creates a user through the accounts service (password TEST_PASSWORD unless given) */
  createUser(role: Role, opts?: { username?: string; password?: string }): Promise<SessionUser>;
  /** creates a user with this role (or uses opts.username's password) and signs in over HTTP */
  loginAs(role: Role, opts?: { username?: string; password?: string }): Promise<TestSession>;
  /** closes the server and the database; deletes the temp folder unless it was given */
  close(): Promise<void>;
}

let userCounter = 0;

export async function startTestApp(opts: StartTestAppOptions = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'adal-test-'));
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'silent' }),
    ...opts.config,
  };
  let current = new Date(opts.now ?? '2026-03-01T09:00:00Z').getTime();
  const clock: TestClock = {
    now: () => new Date(current),
    set: (to) => {
      current = new Date(to).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
  const db = openDb(join(dataDir, 'adal.sqlite'));
  const ctx: AppContext = {
    db,
    config,
    log: opts.log ?? createLogger('silent'),
    clock: () => clock.now(),
    tlog: createTransparencyLog(db, dataDir, config.LOG_ORIGIN),
    drawEvents: new DrawEventBus(),
    ...opts.context,
  };
  // with WITNESSES configured, the log asks them as server/writer.ts does
  const cosigning = ctx.cosigning ?? createCosigning(ctx);
  if (cosigning && !ctx.cosigning) {
    ctx.cosigning = cosigning;
    const bus = ctx.drawEvents;
    cosigning.start(bus && ((l) => bus.on('entry', (e) => l(e.type))));
  }
  const app = createApp(ctx);
  const server = createServer(app);
  const live = opts.sockets ? createLiveServer(ctx, server) : undefined;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const createUser: TestApp['createUser'] = async (role, o = {}) => {
    userCounter += 1;
    const username = o.username ?? `${role}-${process.pid}-${userCounter}`;
    const a = await createAccount(ctx, {
      username,
      displayName: `Test ${role} ${userCounter}`,
      role,
      password: o.password ?? TEST_PASSWORD,
    });
    return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
  };

  const loginAs: TestApp['loginAs'] = async (role, o = {}) => {
    const password = o.password ?? TEST_PASSWORD;
    const username = o.username ?? (await createUser(role, { password })).username;
    const agent = request.agent(server);
    const res = await agent.post('/api/auth/login').send({ username, password });
    if (res.status !== 200)
      throw new Error(`loginAs(${role}): ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as { user: SessionUser; csrfToken: string };
    return { agent, csrf: body.csrfToken, user: body.user, password };
  };

  return {
    ctx,
    app,
    server,
    ...(live ? { live } : {}),
    baseUrl,
    agent: request.agent(server),
    dataDir,
    clock,
    createUser,
    loginAs,
    close: async () => {
      await live?.close();
      await cosigning?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeDb(db);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
