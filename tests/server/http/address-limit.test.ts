/**
 * The heavy public routes' per-address limit (server/http/address-limit.ts, `heavy: true` in the
 * route table, answered by server/router.ts): a bucket of HEAVY_REQ_PER_MIN per address, refilled
 * over the minute, 429 RATE_LIMITED with Retry-After beyond; other addresses and light routes are
 * not touched.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { addressLimit } from '../../../server/http/address-limit.js';
import { allRoutes } from '../../../server/routes.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('addressLimit', () => {
  it('does let perMinute requests through at once, then one per 60/perMinute seconds', () => {
    const l = addressLimit(6);
    expect(Array.from({ length: 7 }, () => l.take('a', 0))).toEqual([0, 0, 0, 0, 0, 0, 10]);
    expect(l.take('b', 0)).toBe(0);
    expect(l.take('a', 5_000)).toBe(5);
    expect(l.take('a', 10_000)).toBe(0);
    expect(l.take('a', 10_000)).toBe(10);
  });
});

describe('heavy public routes', () => {
  it('does mark the PDF, the bundle and the registry CSV heavy, and nothing that is not public', async () => {
    t = await startTestApp();
    const heavy = allRoutes(t.ctx).filter((r) => r.heavy);
    expect(heavy.map((r) => r.path).sort()).toEqual([
      '/api/public/draws/:id/bundle',
      '/api/public/draws/:id/protocol.pdf',
      '/api/public/registry.csv',
    ]);
    expect(heavy.every((r) => r.access === 'public' && r.method === 'get')).toBe(true);
  });

  it('does answer 429 RATE_LIMITED with Retry-After past the limit, per address', async () => {
    t = await startTestApp({ config: { HEAVY_REQ_PER_MIN: 3, TRUST_PROXY: ['loopback'] } });
    const get = (path: string, ip: string) => t!.agent.get(path).set('X-Forwarded-For', ip);
    for (let i = 0; i < 3; i++) await get('/api/public/registry.csv', '198.51.100.1').expect(200);
    // the limit is one bucket for every heavy route of an address
    const refused = await get('/api/public/draws/D-2026-0001/bundle', '198.51.100.1');
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(20);
    await get('/api/public/registry.csv', '198.51.100.2').expect(200);
    // light routes are not limited
    for (let i = 0; i < 5; i++) await get('/api/public/registry', '198.51.100.1').expect(200);
  });
});
