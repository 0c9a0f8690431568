/**
 * Account administration over HTTP (server/accounts/accounts.routes.ts, server/accounts/accounts.ts):
 * create with a role, list without secrets, change role, disable/enable, reset password, and the
 * last-admin guard.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  countUserSessions,
  startTestApp,
  withCsrf,
  type TestApp,
  type TestSession,
} from '../../helpers/app.js';

let t: TestApp;
let admin: TestSession;
beforeEach(async () => {
  t = await startTestApp();
  admin = await t.loginAs('admin');
});
afterEach(async () => {
  await t.close();
});

const create = (body: object) => admin.agent.post('/api/accounts').set(withCsrf(admin)).send(body);

describe('account administration', () => {
  it('does create an account that can sign in with its role', async () => {
    const res = await create({
      username: 'Dana.Observer',
      displayName: 'Дана Observer',
      role: 'observer',
      password: 'observer-password-1',
    }).expect(201);
    expect(res.body).toMatchObject({
      username: 'dana.observer',
      role: 'observer',
      disabled: false,
    });
    const s = await t.loginAs('observer', {
      username: 'dana.observer',
      password: 'observer-password-1',
    });
    expect(s.user).toEqual({
      id: res.body.id,
      username: 'dana.observer',
      displayName: 'Дана Observer',
      role: 'observer',
    });
  });

  it('does list accounts without any password hash', async () => {
    const res = await admin.agent.get('/api/accounts').expect(200);
    expect(res.body.accounts.map((a: { username: string }) => a.username)).toEqual([
      admin.user.username,
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
  });

  it('does refuse a taken username (any case) with 409 and a bad role with 400 naming the field', async () => {
    const dup = await create({
      username: admin.user.username.toUpperCase(),
      displayName: 'x',
      role: 'operator',
      password: 'long-enough-password',
    });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'USERNAME_TAKEN']);
    const bad = await create({
      username: 'someone',
      displayName: 'x',
      role: 'superuser',
      password: 'long-enough-password',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.role']);
    const extra = await create({
      username: 'someone',
      displayName: 'x',
      role: 'operator',
      password: 'long-enough-password',
      isRoot: true,
    });
    expect(extra.status).toBe(400);
  });

  it('does change a role, and the new role applies to the open session at once', async () => {
    const op = await t.loginAs('operator');
    await op.agent.get('/api/accounts').expect(403);
    const res = await admin.agent
      .put(`/api/accounts/${op.user.id}/role`)
      .set(withCsrf(admin))
      .send({ role: 'admin' })
      .expect(200);
    expect(res.body.role).toBe('admin');
    await op.agent.get('/api/accounts').expect(200);
  });

  it('does disable an account (its sessions end) and enable it again', async () => {
    const op = await t.loginAs('operator');
    const res = await admin.agent
      .post(`/api/accounts/${op.user.id}/disable`)
      .set(withCsrf(admin))
      .expect(200);
    expect(res.body.disabled).toBe(true);
    expect(countUserSessions(t.ctx.db, op.user.id)).toBe(0);
    await op.agent.get('/api/auth/me').expect(401);
    await admin.agent.post(`/api/accounts/${op.user.id}/enable`).set(withCsrf(admin)).expect(200);
    await t.loginAs('operator', { username: op.user.username, password: op.password });
  });

  it('does reset a password: the old one stops working and the sessions end', async () => {
    const op = await t.loginAs('operator');
    await admin.agent
      .post(`/api/accounts/${op.user.id}/password`)
      .set(withCsrf(admin))
      .send({ newPassword: 'reset-by-the-admin' })
      .expect(200);
    await op.agent.get('/api/auth/me').expect(401);
    await t.agent
      .post('/api/auth/login')
      .send({ username: op.user.username, password: op.password })
      .expect(401);
    await t.loginAs('operator', { username: op.user.username, password: 'reset-by-the-admin' });
  });

  it('does keep at least one active admin', async () => {
    const id = admin.user.id;
    const demote = await admin.agent
      .put(`/api/accounts/${id}/role`)
      .set(withCsrf(admin))
      .send({ role: 'operator' });
    expect([demote.status, demote.body.error.code]).toEqual([409, 'LAST_ADMIN']);
    const disable = await admin.agent.post(`/api/accounts/${id}/disable`).set(withCsrf(admin));
    expect([disable.status, disable.body.error.code]).toEqual([409, 'LAST_ADMIN']);
    // with a second admin, the first may step down
    await t.createUser('admin');
    await admin.agent
      .put(`/api/accounts/${id}/role`)
      .set(withCsrf(admin))
      .send({ role: 'operator' })
      .expect(200);
  });

  it('does answer 404 for an unknown account and 400 for a non-numeric id', async () => {
    const missing = await admin.agent.post('/api/accounts/424242/disable').set(withCsrf(admin));
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    const bad = await admin.agent.post('/api/accounts/abc/disable').set(withCsrf(admin));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('params.id');
  });
});
