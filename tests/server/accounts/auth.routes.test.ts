/**
 * Sign-in, sessions and CSRF over real HTTP on a real SQLite file (server/accounts/auth.routes.ts,
 * server/accounts/session.ts): cookie attributes, server-side storage, expiry, logout, restart,
 * cross-origin sign-in, password change, disabled accounts.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { disableAccount } from '../../../server/accounts/accounts.js';
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  sessionUserFromCookie,
} from '../../../server/accounts/session.js';
import {
  countUserSessions,
  startTestApp,
  withCsrf,
  TEST_PASSWORD,
  type TestApp,
} from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function sessionCookie(res: request.Response): { header: string; token: string } {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!;
  const pair = raw.split(';')[0]!;
  return { header: raw, token: pair.slice(pair.indexOf('=') + 1) };
}

describe('sign-in and sessions', () => {
  it('does sign in, answer /me with user and csrfToken, and sign out', async () => {
    t = await startTestApp();
    const op = await t.loginAs('operator');
    expect(op.user.role).toBe('operator');
    const me = await op.agent.get('/api/auth/me').expect(200);
    expect(me.body).toEqual({ user: op.user, csrfToken: op.csrf });
    expect(me.headers['cache-control']).toBe('no-store');
    await op.agent.post('/api/auth/logout').set(withCsrf(op)).expect(200);
    await op.agent.get('/api/auth/me').expect(401);
  });

  it('does set an httpOnly, SameSite=Strict, Path=/ cookie and store only the token hash', async () => {
    t = await startTestApp();
    const u = await t.createUser('observer');
    const res = await t.agent
      .post('/api/auth/login')
      .send({ username: u.username, password: TEST_PASSWORD })
      .expect(200);
    const { header, token } = sessionCookie(res);
    expect(header).toMatch(/^adal_session=[A-Za-z0-9_-]{43};/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/; Secure/);
    const rows = t.ctx.db.prepare('SELECT token_hash AS h FROM sessions').all() as { h: string }[];
    expect(rows).toEqual([{ h: createHash('sha256').update(token).digest('hex') }]);
  });

  it('when SECURE_COOKIES=1, does mark the cookie Secure with the __Host- prefix', async () => {
    t = await startTestApp({ config: { SECURE_COOKIES: true } });
    const u = await t.createUser('observer');
    const res = await t.agent
      .post('/api/auth/login')
      .send({ username: u.username, password: TEST_PASSWORD })
      .expect(200);
    const { header } = sessionCookie(res);
    expect(header).toMatch(/^__Host-adal_session=/);
    expect(header).toMatch(/; Secure/);
  });

  it('does answer the same 401 for an unknown user and a wrong password', async () => {
    t = await startTestApp();
    const u = await t.createUser('operator');
    const wrong = await t.agent
      .post('/api/auth/login')
      .send({ username: u.username, password: 'not-the-password' });
    const unknown = await t.agent
      .post('/api/auth/login')
      .send({ username: 'nobody-here', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('does accept the username in any letter case', async () => {
    t = await startTestApp();
    const u = await t.createUser('operator', { username: 'aigerim.operator' });
    const s = await t.loginAs('operator', { username: 'Aigerim.Operator' });
    expect(s.user.id).toBe(u.id);
  });

  it('does refuse a cross-origin sign-in by Origin or Sec-Fetch-Site, and accept a same-origin one', async () => {
    t = await startTestApp();
    const u = await t.createUser('operator');
    const body = { username: u.username, password: TEST_PASSWORD };
    for (const headers of [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ]) {
      const res = await t.agent.post('/api/auth/login').set(headers).send(body);
      expect([headers, res.status, res.body.error?.code]).toEqual([
        headers,
        403,
        'CROSS_ORIGIN_REFUSED',
      ]);
    }
    const host = new URL(t.baseUrl).host;
    await t.agent
      .post('/api/auth/login')
      .set({ Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' })
      .send(body)
      .expect(200);
  });

  it('does delete the server-side session at logout, so the old cookie no longer works', async () => {
    t = await startTestApp();
    const u = await t.createUser('operator');
    const login = await t.agent
      .post('/api/auth/login')
      .send({ username: u.username, password: TEST_PASSWORD });
    const cookie = `adal_session=${sessionCookie(login).token}`;
    const csrf = login.body.csrfToken as string;
    await request(t.server).get('/api/auth/me').set('Cookie', cookie).expect(200);
    const out = await request(t.server)
      .post('/api/auth/logout')
      .set({ Cookie: cookie, 'X-CSRF-Token': csrf })
      .expect(200);
    expect(sessionCookie(out).header).toMatch(/^adal_session=;/);
    expect(countUserSessions(t.ctx.db, u.id)).toBe(0);
    await request(t.server).get('/api/auth/me').set('Cookie', cookie).expect(401);
  });

  it('does end a session after 2 idle hours, and keep it while it is used', async () => {
    t = await startTestApp();
    const s = await t.loginAs('observer');
    t.clock.advance(SESSION_IDLE_MS - 1000);
    await s.agent.get('/api/auth/me').expect(200);
    t.clock.advance(SESSION_IDLE_MS - 1000);
    await s.agent.get('/api/auth/me').expect(200);
    t.clock.advance(SESSION_IDLE_MS + 1000);
    await s.agent.get('/api/auth/me').expect(401);
    expect(countUserSessions(t.ctx.db, s.user.id)).toBe(0);
  });

  it('does end a session 12 hours after sign-in even when it is used', async () => {
    t = await startTestApp();
    const s = await t.loginAs('observer');
    for (let used = 0; used < SESSION_ABSOLUTE_MS - 60 * 60 * 1000; used += 60 * 60 * 1000) {
      t.clock.advance(60 * 60 * 1000);
      await s.agent.get('/api/auth/me').expect(200);
    }
    t.clock.advance(60 * 60 * 1000 + 1000);
    await s.agent.get('/api/auth/me').expect(401);
  });

  it('does keep sessions across a restart on the same data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'adal-restart-'));
    try {
      const first = await startTestApp({ dataDir });
      const u = await first.createUser('operator');
      const login = await first.agent
        .post('/api/auth/login')
        .send({ username: u.username, password: TEST_PASSWORD })
        .expect(200);
      await first.close();
      t = await startTestApp({ dataDir });
      const cookie = `adal_session=${sessionCookie(login).token}`;
      const me = await request(t.server).get('/api/auth/me').set('Cookie', cookie).expect(200);
      expect(me.body).toEqual(login.body);
    } finally {
      await t?.close();
      t = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('does end the sessions of a disabled account and refuse its sign-in', async () => {
    t = await startTestApp();
    const op = await t.loginAs('operator');
    disableAccount(t.ctx, op.user.id);
    await op.agent.get('/api/auth/me').expect(401);
    const res = await t.agent
      .post('/api/auth/login')
      .send({ username: op.user.username, password: TEST_PASSWORD });
    expect([res.status, res.body.error.code]).toEqual([401, 'ACCOUNT_DISABLED']);
    expect(countUserSessions(t.ctx.db, op.user.id)).toBe(0);
  });

  it('does change one’s own password, end the other sessions and keep this one', async () => {
    t = await startTestApp();
    const here = await t.loginAs('operator');
    const elsewhere = await t.loginAs('operator', {
      username: here.user.username,
      password: here.password,
    });
    const newPassword = 'a-new-password-for-here';
    await here.agent
      .post('/api/auth/password')
      .set(withCsrf(here))
      .send({ currentPassword: here.password, newPassword })
      .expect(200);
    await here.agent.get('/api/auth/me').expect(200);
    await elsewhere.agent.get('/api/auth/me').expect(401);
    await t.agent
      .post('/api/auth/login')
      .send({ username: here.user.username, password: here.password })
      .expect(401);
    await t.loginAs('operator', { username: here.user.username, password: newPassword });
  });

  it('does refuse a password change with a wrong current password or a short new one', async () => {
    t = await startTestApp();
    const s = await t.loginAs('observer');
    const wrong = await s.agent
      .post('/api/auth/password')
      .set(withCsrf(s))
      .send({ currentPassword: 'wrong-password', newPassword: 'long-enough-password' });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'WRONG_PASSWORD']);
    const short = await s.agent
      .post('/api/auth/password')
      .set(withCsrf(s))
      .send({ currentPassword: s.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.issues).toEqual([
      { path: 'body.newPassword', message: 'must be at least 10 characters' },
    ]);
  });

  it('does ignore a session cookie on sign-in without its CSRF token and replace the session', async () => {
    t = await startTestApp();
    const s = await t.loginAs('operator');
    const again = await s.agent
      .post('/api/auth/login')
      .send({ username: s.user.username, password: s.password })
      .expect(200);
    expect(again.body.csrfToken).not.toBe(s.csrf);
    expect(countUserSessions(t.ctx.db, s.user.id)).toBe(1);
  });

  it('does resolve a raw Cookie header (socket handshakes) with the same checks', async () => {
    t = await startTestApp();
    const u = await t.createUser('observer');
    const login = await t.agent
      .post('/api/auth/login')
      .send({ username: u.username, password: TEST_PASSWORD })
      .expect(200);
    const cookie = `other=1; adal_session=${sessionCookie(login).token}`;
    expect(sessionUserFromCookie(t.ctx, cookie)).toEqual(login.body.user);
    expect(sessionUserFromCookie(t.ctx, undefined)).toBeNull();
    expect(sessionUserFromCookie(t.ctx, `adal_session=${'B'.repeat(43)}`)).toBeNull();
    t.clock.advance(SESSION_IDLE_MS + 1);
    expect(sessionUserFromCookie(t.ctx, cookie)).toBeNull();
  });
});
