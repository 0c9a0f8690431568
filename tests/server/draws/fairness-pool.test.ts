/**
 * Preview and the fairness report off the event loop (server/draws/fairness-pool.ts, issue 18): a
 * preview over HTTP is built in a worker thread over its own read-only connection, the announce's
 * report in another, and each is the very one the main thread computes (previewDraw); the announcement's transaction ignores a precomputed report whose
 * announcement hash is not the one it seals.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fairnessPool, previewPool } from '../../../server/draws/fairness-pool.js';
import { announceDraw, previewDraw } from '../../../server/draws/announce.js';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  BEFORE_ROUND,
  COMMITMENT,
  baseDraft,
  drawApi,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 2).lotIds;
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

/** A draft ready to announce: created, its witness invited and committed. */
async function ready(lotId: number): Promise<string> {
  const api = drawApi(op);
  const id = (await api.create(lotId, baseDraft()).expect(201)).body.id as string;
  await api.invite(id, witness.user.username).expect(201);
  await witnessApi(witness).commit(id, COMMITMENT).expect(200);
  return id;
}

describe('the fairness report in a worker thread', () => {
  it('does preview and announce in worker threads, with what the main thread computes', async () => {
    const id = await ready(lotIds[0]!);
    const here = previewDraw(t.ctx, id);
    expect(here.fairness).not.toBeNull();
    const previews = previewPool().ran;
    const preview = (await drawApi(op).preview(id).expect(200)).body;
    expect(previewPool().ran - previews).toBe(1);
    expect(preview).toEqual(JSON.parse(JSON.stringify(here)));
    await drawApi(op).preview('D-2026-9999').expect(404);
    const before = fairnessPool().ran;
    await drawApi(op).announce(id).expect(200);
    expect(fairnessPool().ran - before).toBe(1);
    const d = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(d.fairness).toEqual(here.fairness);
  });

  it('does ignore a precomputed report made for another announcement', async () => {
    const id = await ready(lotIds[1]!);
    const real = previewDraw(t.ctx, id).fairness!;
    const bogus = { ...real, k: 1 };
    const rec = announceDraw(t.ctx, op.user.username, id, {
      hash: '00'.repeat(32),
      fairness: bogus,
    });
    expect(rec.fairness).toEqual(real);
  });
});
