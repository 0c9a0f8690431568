/**
 * Login throttling over HTTP (server/accounts/login-throttle.ts): 5 failures per account and 20 per
 * address in 15 minutes, answered 429 LOGIN_THROTTLED with Retry-After. The client address comes from
 * X-Forwarded-For, which the app trusts from loopback only (app.set('trust proxy', 'loopback')).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOGIN_LIMITS } from '../../../server/accounts/login-throttle.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function login(app: TestApp, username: string, password: string, ip: string) {
  return app.agent.post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });
}

describe('login throttling', () => {
  it('does throttle an account after 5 failures from any address, even with the right password', async () => {
    t = await startTestApp();
    const u = await t.createUser('operator');
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const res = await login(t, u.username, `wrong-${i}`, `198.51.100.${i + 1}`);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const blocked = await login(t, u.username, TEST_PASSWORD, '203.0.113.50');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBe(15 * 60);
    // the same address can still sign in to another account
    const other = await t.createUser('operator');
    await login(t, other.username, TEST_PASSWORD, '198.51.100.1').expect(200);
    // once the oldest failure leaves the window, one more attempt is allowed
    t.clock.advance(LOGIN_LIMITS.windowMs + 1);
    await login(t, u.username, TEST_PASSWORD, '203.0.113.50').expect(200);
  });

  it('does throttle an unknown username exactly like a known one', async () => {
    t = await startTestApp();
    const answers: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perAccount; i++)
      answers.push((await login(t, 'no-such-user', 'whatever-pw', `198.51.100.${i + 1}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('does throttle an address after 20 failures across accounts, and not other addresses', async () => {
    t = await startTestApp();
    const u = await t.createUser('observer');
    const ip = '192.0.2.7';
    const results = await Promise.all(
      Array.from({ length: LOGIN_LIMITS.perIp }, (_, i) =>
        login(t!, `guess-${i}`, 'wrong-password', ip).then((r) => r.status)
      )
    );
    expect(results).toEqual(Array(LOGIN_LIMITS.perIp).fill(401));
    const blocked = await login(t, u.username, TEST_PASSWORD, ip);
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'LOGIN_THROTTLED']);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await login(t, u.username, TEST_PASSWORD, '192.0.2.8').expect(200);
  });

  it('does clear an account’s failures after a successful sign-in', async () => {
    t = await startTestApp();
    const u = await t.createUser('observer');
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++)
      await login(t, u.username, 'wrong-password', '198.51.100.9').expect(401);
    await login(t, u.username, TEST_PASSWORD, '198.51.100.9').expect(200);
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++)
      await login(t, u.username, 'wrong-password', '198.51.100.10').expect(401);
    await login(t, u.username, TEST_PASSWORD, '198.51.100.10').expect(200);
  });

  it('does count parallel attempts at once, so a burst cannot slip past the limit', async () => {
    t = await startTestApp();
    const u = await t.createUser('observer');
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        login(t!, u.username, `wrong-${i}`, '198.51.100.20').then((r) => r.status)
      )
    );
    expect(burst.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perAccount);
    expect(burst.filter((s) => s === 429)).toHaveLength(12 - LOGIN_LIMITS.perAccount);
  });

  it('does keep counting failures across a restart (they are stored in SQLite)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'adal-throttle-'));
    try {
      const first = await startTestApp({ dataDir });
      const u = await first.createUser('observer');
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
        await login(first, u.username, 'wrong-password', '198.51.100.11').expect(401);
      await first.close();
      t = await startTestApp({ dataDir });
      const res = await login(t, u.username, TEST_PASSWORD, '198.51.100.12');
      expect([res.status, res.body.error.code]).toEqual([429, 'LOGIN_THROTTLED']);
    } finally {
      await t?.close();
      t = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
