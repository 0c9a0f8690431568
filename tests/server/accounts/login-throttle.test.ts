/**
 * Login throttling over HTTP (server/accounts/login-throttle.ts): an account's failures count at the
 * address they came from (5 free), an address's across accounts (20 free); then each attempt waits
 * 1 minute after the last failure, doubling per further failure up to 15 minutes, answered 429
 * LOGIN_THROTTLED with Retry-After. The client address comes from X-Forwarded-For only when the peer
 * is a proxy TRUST_PROXY names (here loopback, as the tests' requests come from 127.0.0.1); without
 * TRUST_PROXY the header changes nothing.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOGIN_LIMITS } from '../../../server/accounts/login-throttle.js';
import {
  startTestApp,
  TEST_PASSWORD,
  type StartTestAppOptions,
  type TestApp,
} from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The app behind a proxy on loopback: X-Forwarded-For names the client. */
const behindProxy = (o: StartTestAppOptions = {}) =>
  startTestApp({ ...o, config: { TRUST_PROXY: ['loopback'], ...o.config } });

function login(app: TestApp, username: string, password: string, ip: string) {
  return app.agent.post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });
}

describe('login throttling', () => {
  it('does throttle an account at one address after 5 failures, with back-off, even with the right password', async () => {
    t = await behindProxy();
    const u = await t.createUser('operator');
    const ip = '198.51.100.1';
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const res = await login(t, u.username, `wrong-${i}`, ip);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const blocked = await login(t, u.username, TEST_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBe(60);
    // the same address can still sign in to another account
    const other = await t.createUser('operator');
    await login(t, other.username, TEST_PASSWORD, ip).expect(200);
    // after the wait one more attempt; failing it doubles the wait, up to 15 minutes
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      t.clock.advance(
        Number((await login(t, u.username, 'wrong', ip)).headers['retry-after']) * 1000
      );
      await login(t, u.username, 'wrong', ip).expect(401);
      waits.push(Number((await login(t, u.username, TEST_PASSWORD, ip)).headers['retry-after']));
    }
    expect(waits).toEqual([120, 240, 480, 900, 900, 900]);
    t.clock.advance(900 * 1000);
    await login(t, u.username, TEST_PASSWORD, ip).expect(200);
  });

  it('does let the right password in from another address while one address is locked out', async () => {
    t = await behindProxy();
    const u = await t.createUser('operator');
    for (let i = 0; i < LOGIN_LIMITS.perIp + 5; i++)
      await login(t, u.username, `wrong-${i}`, '203.0.113.66');
    const blocked = await login(t, u.username, TEST_PASSWORD, '203.0.113.66');
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'LOGIN_THROTTLED']);
    await login(t, u.username, TEST_PASSWORD, '198.51.100.77').expect(200);
    // and the attacker's address stays locked: the success elsewhere cleared nothing of it
    expect((await login(t, u.username, TEST_PASSWORD, '203.0.113.66')).status).toBe(429);
  });

  it('does let 8 parallel sign-ins with the right password all in, near the limit too', async () => {
    t = await behindProxy();
    const u = await t.createUser('observer');
    const ip = '198.51.100.30';
    const all = () =>
      Promise.all(
        Array.from({ length: 8 }, () =>
          login(t!, u.username, TEST_PASSWORD, ip).then((r) => r.status)
        )
      );
    expect(await all()).toEqual(Array(8).fill(200));
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++)
      await login(t, u.username, 'wrong-password', ip).expect(401);
    expect(await all()).toEqual(Array(8).fill(200));
  });

  it('does ignore X-Forwarded-For from a peer TRUST_PROXY does not name (the default)', async () => {
    t = await startTestApp();
    const u = await t.createUser('observer');
    // rotating the header: every attempt is still 127.0.0.1's
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
      await login(t, u.username, 'wrong-password', `198.51.100.${100 + i}`).expect(401);
    const res = await login(t, u.username, TEST_PASSWORD, '198.51.100.200');
    expect([res.status, res.body.error.code]).toEqual([429, 'LOGIN_THROTTLED']);
  });

  it('does take the client from the right of X-Forwarded-For, past trusted hops only', async () => {
    t = await behindProxy({ config: { TRUST_PROXY: ['loopback', '10.0.0.0/8'] } });
    const u = await t.createUser('observer');
    // a client that forges a left part of the header gets the key of the address haproxy saw
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
      await login(t, u.username, 'wrong-password', `203.0.113.${i}, 192.0.2.9, 10.1.2.3`).expect(
        401
      );
    expect((await login(t, u.username, TEST_PASSWORD, '192.0.2.9')).status).toBe(429);
    await login(t, u.username, TEST_PASSWORD, '192.0.2.10').expect(200);
  });

  it('does throttle an unknown username exactly like a known one', async () => {
    t = await behindProxy();
    const answers: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perAccount; i++)
      answers.push((await login(t, 'no-such-user', 'whatever-pw', '198.51.100.1')).status);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('does throttle an address after 20 failures across accounts, and not other addresses', async () => {
    t = await behindProxy();
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
    t = await behindProxy();
    const u = await t.createUser('observer');
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++)
      await login(t, u.username, 'wrong-password', '198.51.100.9').expect(401);
    await login(t, u.username, TEST_PASSWORD, '198.51.100.9').expect(200);
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++)
      await login(t, u.username, 'wrong-password', '198.51.100.10').expect(401);
    await login(t, u.username, TEST_PASSWORD, '198.51.100.10').expect(200);
  });

  it('does count parallel attempts at once, so a burst cannot slip past the limit', async () => {
    t = await behindProxy();
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
      const first = await behindProxy({ dataDir });
      const u = await first.createUser('observer');
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
        await login(first, u.username, 'wrong-password', '198.51.100.11').expect(401);
      await first.close();
      t = await behindProxy({ dataDir });
      const res = await login(t, u.username, TEST_PASSWORD, '198.51.100.11');
      expect([res.status, res.body.error.code]).toEqual([429, 'LOGIN_THROTTLED']);
    } finally {
      await t?.close();
      t = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
