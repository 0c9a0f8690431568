/**
 * The shipped deploy/haproxy.cfg in front of a real writer and a real same-host edge: what reaches
 * which (the console, sign-in, operator routes, writes and signed-in sockets go to the writer; public
 * reads and viewers' sockets to the edge), the stickiness cookie, and the per-address limits of the
 * stick table — open connections and requests per 10 s, set low here through the environment.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { loadConfig } from '../../server/config.js';
import { startEdge } from '../../server/edge.js';
import { createLogger } from '../../server/logger.js';
import type { Role } from '../../server/role.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import { freePort, kill, startHaproxy, waitHealthy, type Proc } from '../helpers/cluster.js';

let t: TestApp;
let edge: Role;
const haproxies: Proc[] = [];

beforeAll(async () => {
  t = await startTestApp({ sockets: true });
  edge = await startEdge(
    loadConfig({
      ROLE: 'edge',
      LOG_LEVEL: 'silent',
      DATA_DIR: t.dataDir,
      LOG_VKEY: t.ctx.tlog.vkey,
    }),
    createLogger('silent')
  );
  await new Promise<void>((r) => edge.server.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  await Promise.all(haproxies.map((h) => kill(h)));
  await edge.closeSockets();
  edge.server.closeAllConnections();
  await new Promise<void>((r) => edge.server.close(() => r()));
  await edge.close();
  await t.close();
});

/** haproxy on the shipped file: the writer, and the edge as both edge1 and edge2. */
async function haproxy(env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const edgeAddr = `127.0.0.1:${(edge.server.address() as AddressInfo).port}`;
  const h = startHaproxy({
    ADAL_LISTEN: `127.0.0.1:${port}`,
    ADAL_WRITER: t.baseUrl.replace('http://', ''),
    ADAL_EDGE1: edgeAddr,
    ADAL_EDGE2: edgeAddr,
    ...env,
  });
  haproxies.push(h);
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(`${url}/healthz`, h);
  return url;
}

describe('deploy/haproxy.cfg', () => {
  it('does send operators and writes to the writer, public reads to the edges', async () => {
    const url = await haproxy();
    // the edge answers its /healthz with role edge; the writer's has none
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ role: 'edge' });
    // the writer answers operator routes 401 (an edge would say 421 NOT_ON_EDGE)
    expect((await fetch(`${url}/api/draws`)).status).toBe(401);
    expect((await fetch(`${url}/api/auth/me`)).status).toBe(401);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password-123' }),
    });
    expect(login.status).toBe(401);
    // a write to a public path still goes to the writer (404 there, 421 on an edge)
    expect((await fetch(`${url}/api/public/draws`, { method: 'POST' })).status).toBe(404);
    // the console page is the writer's (an edge has none: 404)
    expect((await fetch(`${url}/console`)).status).not.toBe(404);
    const checkpoint = await fetch(`${url}/api/public/log/checkpoint`);
    expect([checkpoint.status, checkpoint.headers.get('set-cookie')]).toEqual([
      200,
      expect.stringMatching(/^ADAL_EDGE=e[12]; path=\/; HttpOnly$/),
    ]);
  });

  it('does send a signed-in operator socket to the writer and viewers to an edge', async () => {
    const url = await haproxy();
    const user = await t.createUser('operator');
    const login = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: TEST_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const outcome = (ns: string, headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const s = io(`${url}${ns}`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          extraHeaders: headers,
        });
        s.on('connect_error', (e) => (s.close(), resolve(e.message)));
        s.on('connect', () => (s.close(), resolve('connected')));
      });
    expect(cookie).toMatch(/adal_session=/);
    expect(await outcome('/operator', { cookie })).toBe('connected');
    // without the cookie the handshake reaches an edge, which has no /operator namespace
    expect(await outcome('/operator', {})).toBe('Invalid namespace');
    expect(await outcome('/live', {})).toBe('connected');
  });

  it('does refuse requests over the per-address rate with 429', async () => {
    const url = await haproxy({ ADAL_REQ_PER_ADDR: '20' });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await fetch(`${url}/api/public/log/checkpoint`)).status);
    expect(statuses.slice(0, 19).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });

  it('does close connections over the per-address limit', async () => {
    const url = await haproxy({ ADAL_CONN_PER_ADDR: '5' });
    const { port } = new URL(url);
    const open: Socket[] = [];
    /** held: connected and still open a moment later; refused: closed (haproxy resets it) */
    const dial = () =>
      new Promise<'held' | 'refused'>((resolve) => {
        const s = connect(Number(port), '127.0.0.1');
        open.push(s);
        s.on('error', () => undefined);
        s.once('close', () => resolve('refused'));
        s.once('connect', () => setTimeout(() => resolve('held'), 300));
      });
    const outcomes: string[] = [];
    while (outcomes.length < 8 && outcomes.filter((o) => o === 'refused').length < 2)
      outcomes.push(await dial());
    for (const s of open) s.destroy();
    // five at most (the health check's keep-alive connection may hold one of them), then refused
    const first = outcomes.indexOf('refused');
    expect([4, 5]).toContain(first);
    expect(outcomes.slice(first).every((o) => o === 'refused')).toBe(true);
  });
});
