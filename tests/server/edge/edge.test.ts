/**
 * A same-host edge (server/edge.ts, ROLE=edge) beside a real writer on one data folder: it serves
 * the writer's log read-only and follows it, answers operator routes 421 NOT_ON_EDGE, serves no
 * console and no /operator namespace, and holds a key that cannot sign. A remote edge
 * (UPSTREAM_URL) serves only a log it verified and passes table views on from the writer.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config.js';
import { createLogger } from '../../../server/logger.js';
import { startEdge } from '../../../server/edge.js';
import { verifierOnlyKey } from '../../../server/edge/edge-log.js';
import type { Role } from '../../../server/role.js';
import { createDirection } from '../../../server/lots/lots.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../helpers/app.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function writer(): Promise<TestApp> {
  const t = await startTestApp();
  cleanups.push(() => t.close());
  return t;
}

async function edge(env: Record<string, string>): Promise<{ url: string; role: Role }> {
  const config = loadConfig({ ROLE: 'edge', LOG_LEVEL: 'silent', EDGE_POLL_MS: '20', ...env });
  const role = await startEdge(config, createLogger('silent'));
  await new Promise<void>((r) => role.server.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    await role.closeSockets();
    role.server.closeAllConnections();
    await new Promise<void>((r) => role.server.close(() => r()));
    await role.close();
  });
  return { url: `http://127.0.0.1:${(role.server.address() as AddressInfo).port}`, role };
}

let n = 0;
const direction = (t: TestApp) => {
  n += 1;
  createDirection(t.ctx, 'setup', {
    code: `d${n}`,
    nameKk: `Бағыт ${n}`,
    nameRu: `Направление ${n}`,
    nameEn: `Direction ${n}`,
  });
};

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('never happened');
}

describe('a same-host edge', () => {
  it('does serve the writer log read-only and follow it as it grows', async () => {
    const t = await writer();
    const e = await edge({ DATA_DIR: t.dataDir, LOG_VKEY: t.ctx.tlog.vkey });
    const health = await request(e.url).get('/healthz').expect(200);
    expect(health.body).toMatchObject({ ok: true, role: 'edge' });
    const before = (await request(e.url).get('/api/public/log/checkpoint').expect(200)).body;
    expect(before).toEqual(t.ctx.tlog.latestCheckpoint());
    direction(t);
    await eventually(
      async () =>
        (await request(e.url).get('/api/public/log/checkpoint')).body.size ===
        t.ctx.tlog.latestCheckpoint().size
    );
    const dirs = await request(e.url).get('/api/public/directions').expect(200);
    expect(JSON.stringify(dirs.body)).toContain(`d${n}`);
  });

  it('does answer operator routes 421 NOT_ON_EDGE and serve no console', async () => {
    const t = await writer();
    const e = await edge({ DATA_DIR: t.dataDir, LOG_VKEY: t.ctx.tlog.vkey });
    const login = await request(e.url)
      .post('/api/auth/login')
      .send({ username: 'a', password: 'b' });
    expect([login.status, login.body.error.code]).toEqual([421, 'NOT_ON_EDGE']);
    expect((await request(e.url).get('/api/draws')).status).toBe(421);
    expect((await request(e.url).post('/api/public/draws')).status).toBe(421);
    expect((await request(e.url).get('/console')).status).toBe(404);
    // a signed-in viewer's session is never looked up on an edge (a lookup may write): anonymous
    const user = await t.createUser('operator');
    const signedIn = await request(t.baseUrl)
      .post('/api/auth/login')
      .send({ username: user.username, password: TEST_PASSWORD })
      .expect(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^adal_session=/);
    await request(e.url).get('/api/public/draws').set('Cookie', cookie).expect(200);
  });

  it('does refuse the /operator namespace and serve /live', async () => {
    const t = await writer();
    const e = await edge({ DATA_DIR: t.dataDir, LOG_VKEY: t.ctx.tlog.vkey });
    const errorOf = (ns: string) =>
      new Promise<string>((resolve) => {
        const s = io(`${e.url}${ns}`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        s.on('connect_error', (err) => (s.close(), resolve(err.message)));
        s.on('connect', () => (s.close(), resolve('connected')));
      });
    expect(await errorOf('/operator')).toBe('Invalid namespace');
    expect(await errorOf('/live')).toBe('connected');
  });

  it('does refuse a key that is not the log key, and never sign', async () => {
    const t = await writer();
    const other = await startTestApp({ config: { LOG_ORIGIN: 'other.example/log' } });
    cleanups.push(() => other.close());
    await expect(edge({ DATA_DIR: t.dataDir, LOG_VKEY: other.ctx.tlog.vkey })).rejects.toThrow(
      /does not verify|signs for/
    );
    const key = verifierOnlyKey(t.ctx.tlog.vkey);
    expect(() => key.signer.sign(new Uint8Array(1))).toThrow(/never signs/);
  });
});

describe('a remote edge', () => {
  it('does serve a verified copy of the log and pass table views on from the writer', async () => {
    const t = await writer();
    direction(t);
    const dir = mkdtempSync(join(tmpdir(), 'adal-remote-edge-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const e = await edge({ DATA_DIR: dir, LOG_VKEY: t.ctx.tlog.vkey, UPSTREAM_URL: t.baseUrl });
    expect((await request(e.url).get('/api/public/log/checkpoint')).body).toEqual(
      t.ctx.tlog.latestCheckpoint()
    );
    direction(t);
    await eventually(
      async () =>
        (await request(e.url).get('/api/public/log/checkpoint')).body.size ===
        t.ctx.tlog.latestCheckpoint().size
    );
    const size = t.ctx.tlog.latestCheckpoint().size;
    const proof = await request(e.url).get(`/api/public/log/proof/consistency?from=1&to=${size}`);
    expect(proof.body).toEqual(t.ctx.tlog.consistencyProof(1, size));
    const dirs = await request(e.url).get('/api/public/directions').expect(200);
    expect(dirs.body).toEqual((await request(t.baseUrl).get('/api/public/directions')).body);
  });
});
