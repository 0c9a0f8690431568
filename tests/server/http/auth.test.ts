/**
 * Sign-in, sessions and CSRF over real HTTP on a real SQLite file (server/http/auth.routes.ts,
 * server/http/session.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startTestApp, withCsrf, type TestApp } from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('auth routes', () => {
  it('does sign in, answer /me with user and csrfToken, and sign out', async () => {
    t = await startTestApp();
    const op = await t.loginAs('operator');
    expect(op.user.role).toBe('operator');
    const me = await op.agent.get('/api/auth/me').expect(200);
    expect(me.body).toEqual({ user: op.user, csrfToken: op.csrf });
    await op.agent.post('/api/auth/logout').set(withCsrf(op)).expect(200);
    await op.agent.get('/api/auth/me').expect(401);
  });
});
