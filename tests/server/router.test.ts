/**
 * The router built from RouteDefs (server/router.ts) over the real context of the test app
 * (SQLite sessions), with a route table of its own on a real HTTP server: a public route looks the
 * session up only when its handler reads `user` (a public read neither parses the cookie nor keeps
 * the session alive), a public write without the CSRF token runs as anonymous, and synchronous and
 * asynchronous handlers are answered alike, errors included. The access rules of the app's own
 * table are tests/server/access.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { NotFoundError, type NotFoundErrorCode } from '../../shared/errors.js';
import { errorHandler } from '../../server/http/error-handler.js';
import { Reply, route } from '../../server/http/route.js';
import { buildRouter } from '../../server/router.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/app.js';

let t: TestApp;
let app: express.Express;
let cookie: string;
let csrf: string;
let username: string;
// A code no route answers, cast past the closed union: the router passes any thrown error through.
const NOTHING_HERE = 'NOTHING_HERE' as NotFoundErrorCode;

beforeAll(async () => {
  t = await startTestApp();
  username = (await t.createUser('observer')).username;
  const login = await request(t.server)
    .post('/api/auth/login')
    .send({ username, password: TEST_PASSWORD })
    .expect(200);
  cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;
  csrf = login.body.csrfToken as string;
  app = express();
  app.use(express.json());
  app.use(
    buildRouter(t.ctx, [
      route({ method: 'get', path: '/t/anon', access: 'public', summary: 'x', handler: () => 1 }),
      route({
        method: 'get',
        path: '/t/who',
        access: 'public',
        summary: 'x',
        handler: ({ user }) => ({ user: user?.username ?? null }),
      }),
      route({
        method: 'post',
        path: '/t/who',
        access: 'public',
        summary: 'x',
        handler: ({ user }) => ({ user: user?.username ?? null }),
      }),
      route({
        method: 'get',
        path: '/t/async',
        access: 'public',
        summary: 'x',
        handler: async () => ({ later: true }),
      }),
      route({
        method: 'post',
        path: '/t/created',
        access: 'public',
        summary: 'x',
        handler: () => new Reply(201, { created: true }),
      }),
      route({
        method: 'get',
        path: '/t/missing',
        access: 'public',
        summary: 'x',
        handler: () => {
          throw new NotFoundError(NOTHING_HERE, 'thrown');
        },
      }),
      route({
        method: 'get',
        path: '/t/missing-later',
        access: 'public',
        summary: 'x',
        handler: async () => {
          throw new NotFoundError(NOTHING_HERE, 'rejected');
        },
      }),
    ])
  );
  app.use(errorHandler(t.ctx.log));
});
afterAll(async () => {
  await t.close();
});

const lastSeen = () =>
  t.ctx.db.prepare('SELECT last_seen_ms FROM sessions').pluck().get() as number;

describe('router', () => {
  it('does look the session up for a public route only when its handler reads user', async () => {
    const seen = lastSeen();
    t.clock.advance(5 * 60 * 1000);
    await request(app).get('/t/anon').set('Cookie', cookie).expect(200);
    expect(lastSeen()).toBe(seen);
    const who = await request(app).get('/t/who').set('Cookie', cookie).expect(200);
    expect(who.body).toEqual({ user: username });
    expect(lastSeen()).toBe(t.clock.now().getTime());
    expect((await request(app).get('/t/who').expect(200)).body).toEqual({ user: null });
  });

  it('when a public write comes without the CSRF token, does run it as anonymous', async () => {
    const bare = await request(app).post('/t/who').set('Cookie', cookie).send({}).expect(200);
    expect(bare.body).toEqual({ user: null });
    const signed = await request(app)
      .post('/t/who')
      .set({ Cookie: cookie, 'X-CSRF-Token': csrf })
      .send({})
      .expect(200);
    expect(signed.body).toEqual({ user: username });
  });

  it('does answer synchronous and asynchronous handlers, and a Reply with its status', async () => {
    expect((await request(app).get('/t/anon').expect(200)).body).toBe(1);
    expect((await request(app).get('/t/async').expect(200)).body).toEqual({ later: true });
    expect((await request(app).post('/t/created').expect(201)).body).toEqual({ created: true });
  });

  it('does map thrown and rejected errors alike', async () => {
    for (const path of ['/t/missing', '/t/missing-later']) {
      const res = await request(app).get(path).expect(404);
      expect(res.body.error.code).toBe('NOTHING_HERE');
    }
  });
});
