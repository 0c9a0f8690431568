/**
 * Bundle assembly off the event loop (server/draws/bundle.ts, bundle-assembly.ts, issue 18): over
 * real HTTP, a draw whose entries are large (an announced pool of hundreds of experts with its
 * fairness report) has its bundle assembled in a worker thread, and the bytes served are exactly
 * those of the bundle assembled in-process (JSON.stringify(buildBundle(…))); a small draw's bundle is
 * assembled on the main thread, with the same bytes; an unchanged bundle is served from the cache,
 * and concurrent requests share one assembly. A lot's later attempt (protocol version 4) carries its
 * previous attempt's entries (docs/PROTOCOL.md §Previous attempts) in the worker's bytes too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { planBundle } from '../../../server/draws/bundle-assembly.js';
import { buildBundle, BUNDLE_OFF_THREAD_BYTES, bundlePool } from '../../../server/draws/bundle.js';
import { createExpert } from '../../../server/registry/experts.js';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  BEFORE_ROUND,
  COMMITMENT,
  baseDraft,
  drawApi,
  expert,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let small: string;
let large: string;
let firstAttempt: string;
let laterAttempt: string;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  const { lotIds } = seedLot(t, 3);
  op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  const api = drawApi(op);
  // the small draw: created only (its entries are a few hundred bytes)
  small = (await api.create(lotIds[0]!, baseDraft()).expect(201)).body.id as string;
  for (let n = 100; n < 700; n++) createExpert(t.ctx, 'setup', expert(n));
  large = (await api.create(lotIds[1]!, baseDraft()).expect(201)).body.id as string;
  await api.invite(large, witness.user.username).expect(201);
  await witnessApi(witness).commit(large, COMMITMENT).expect(200);
  await api.announce(large).expect(200);
  // a lot whose first attempt is cancelled before its seed can be known, and its later attempt
  const announced = async () => {
    const id = (await api.create(lotIds[2]!, baseDraft()).expect(201)).body.id as string;
    await api.invite(id, witness.user.username).expect(201);
    await witnessApi(witness).commit(id, COMMITMENT).expect(200);
    await api.announce(id).expect(200);
    return id;
  };
  firstAttempt = await announced();
  await api.cancel(firstAttempt, 'rules revised').expect(200);
  laterAttempt = await announced();
}, 240_000);
afterAll(async () => {
  await t.close();
  await relay.close();
});

const bytes = (r: Response) => Buffer.from(r.text);
const inProcess = (id: string) =>
  Buffer.from(JSON.stringify(buildBundle(t.ctx.tlog!, id, t.ctx.cosigning)));
const get = (id: string) => t.agent.get(`/api/public/draws/${id}/bundle`).buffer(true);

describe('bundle assembly off the event loop', () => {
  it('does assemble a large draw’s bundle in a worker, byte for byte the in-process one', async () => {
    expect(planBundle(t.ctx.db, t.ctx.tlog!, large).bytes).toBeGreaterThanOrEqual(
      BUNDLE_OFF_THREAD_BYTES
    );
    const before = bundlePool().ran;
    // three requests at once: one assembly
    const [a, b, c] = await Promise.all([get(large), get(large), get(large)]);
    expect(bundlePool().ran - before).toBe(1);
    const expected = inProcess(large);
    for (const r of [a, b, c]) {
      expect(r.status).toBe(200);
      expect(bytes(r).equals(expected)).toBe(true);
    }
    // unchanged: from the cache, revalidated by its ETag
    const again = await get(large).expect(200);
    expect(bytes(again).equals(expected)).toBe(true);
    await get(large).set('If-None-Match', again.headers.etag!).expect(304);
    expect(bundlePool().ran - before).toBe(1);
  });

  it('does assemble a small draw’s bundle on the main thread, with the same bytes', async () => {
    expect(planBundle(t.ctx.db, t.ctx.tlog!, small).bytes).toBeLessThan(BUNDLE_OFF_THREAD_BYTES);
    const before = bundlePool().ran;
    const r = await get(small).expect(200);
    expect(bundlePool().ran).toBe(before);
    expect(bytes(r).equals(inProcess(small))).toBe(true);
  });

  it('does assemble it again, in the worker, once the log grew', async () => {
    await get(large).expect(200);
    const before = bundlePool().ran;
    createExpert(t.ctx, 'setup', expert(900));
    const r = await get(large).expect(200);
    expect(bundlePool().ran - before).toBe(1);
    expect(bytes(r).equals(inProcess(large))).toBe(true);
    await get('D-2026-9999').expect(404);
  });

  it('does put a later attempt’s previous attempts in the worker’s bytes, as in-process', async () => {
    const plan = planBundle(t.ctx.db, t.ctx.tlog!, laterAttempt);
    expect(plan.bytes).toBeGreaterThanOrEqual(BUNDLE_OFF_THREAD_BYTES);
    expect(plan.previousAttempts.map((a) => a.drawId)).toEqual([firstAttempt]);
    const before = bundlePool().ran;
    const r = await get(laterAttempt).expect(200);
    expect(bundlePool().ran - before).toBe(1);
    const expected = inProcess(laterAttempt);
    expect(bytes(r).equals(expected)).toBe(true);
    const served = JSON.parse(r.text) as {
      previousAttempts?: { drawId: string; entries: unknown[] }[];
    };
    expect(served.previousAttempts?.map((a) => a.drawId)).toEqual([firstAttempt]);
    expect(served.previousAttempts![0]!.entries.length).toBeGreaterThan(0);
  });
});
