/**
 * The app shell (server/app.ts, server/http/error-handler.ts): security headers, body limit, malformed
 * JSON, unknown API routes and the health check answer JSON 4xx, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, withCsrf, type TestApp, type TestSession } from '../helpers/app.js';

let t: TestApp;
let admin: TestSession;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t.close();
});

describe('app shell', () => {
  it('does answer /healthz without a session', async () => {
    const res = await t.agent.get('/healthz').expect(200);
    expect(res.body).toEqual({ ok: true });
  });

  it('does send helmet security headers and no X-Powered-By', async () => {
    const res = await t.agent.get('/healthz');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('does answer malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.agent
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "a", "password":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('does answer a body over the limit with 413 PAYLOAD_TOO_LARGE as JSON', async () => {
    const big = JSON.stringify({ username: 'a', password: 'x'.repeat(3 * 1024 * 1024) });
    const res = await t.agent
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('does answer an unknown /api route with a JSON 404', async () => {
    for (const path of ['/api/nothing-here', '/api/accounts/1/unknown-action']) {
      const res = await admin.agent.get(path);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('does answer a malformed URL escape with a 400, not a 500', async () => {
    const res = await admin.agent.post('/api/accounts/%E0%A4%A/disable').set(withCsrf(admin));
    expect(res.status).toBe(400);
    expect(res.body.error).toBeDefined();
  });

  it('does answer a wrong body shape with 400 naming the fields', async () => {
    const res = await t.agent.post('/api/auth/login').send({ user: 'x', password: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
    const paths = (res.body.error.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['body', 'body.password', 'body.username']);
  });

  it('does answer a JSON array or a non-JSON body on a JSON route with a 400', async () => {
    const arr = await t.agent.post('/api/auth/login').send([1, 2]);
    expect(arr.status).toBe(400);
    const text = await t.agent
      .post('/api/auth/login')
      .set('Content-Type', 'text/plain')
      .send('username=a&password=b');
    expect(text.status).toBe(400);
  });
});
