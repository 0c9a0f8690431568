/**
 * Preview and the fairness report off the event loop (server/draws/fairness-pool.ts, issue 18): a
 * preview over HTTP is built in a worker thread over its own read-only connection, the announce's
 * report in another, and each is the very one the main thread computes (previewDraw); the announcement's transaction ignores a precomputed report whose
 * announcement hash is not the one it seals.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fairnessPool, previewPool } from '../../../server/draws/fairness-pool.js';
import {
  announceDraw,
  announceParts,
  frozenHere,
  previewDraw,
} from '../../../server/draws/announce.js';
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
let witness: TestSession;
let lotIds: number[];

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 4).lotIds;
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

  it('does freeze the pool once, in the worker, when the log shows no change since its snapshot', async () => {
    const id = await ready(lotIds[2]!);
    const deps = { db: t.ctx.db, clock: t.ctx.clock, hasher: t.ctx.tlog!.hasher };
    const expected = announceParts(deps, id)!;
    const here = frozenHere.count;
    await drawApi(op).announce(id).expect(200);
    // the worker froze it; neither the request nor its transaction froze it on this thread
    expect(frozenHere.count).toBe(here);
    const d = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(d.announcementHash).toBe(expected.hash);
    expect(d.announcement).toEqual(expected.announcement);
    expect(d.fairness).toEqual(expected.fairness);
    expect(d.pool.map(({ poolNo: _, ...e }: { poolNo: number }) => e)).toEqual(
      expected.pool.entries
    );
  });

  it('does freeze it again in the transaction when the registry changed after the snapshot', async () => {
    const id = await ready(lotIds[3]!);
    const deps = { db: t.ctx.db, clock: t.ctx.clock, hasher: t.ctx.tlog!.hasher };
    const logSize = t.ctx.tlog!.size();
    const parts = announceParts(deps, id)!;
    // an expert registered after the snapshot: the pool the worker froze lacks them
    createExpert(t.ctx, 'setup', expert(9001));
    const here = frozenHere.count;
    const rec = announceDraw(t.ctx, op.user.username, id, {
      hash: parts.hash,
      fairness: parts.fairness,
      parts: { logSize, parts },
    });
    expect(frozenHere.count).toBe(here + 1);
    expect(rec.announcementHash).not.toBe(parts.hash);
    const d = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(d.pool.map((e: { registryNo: string }) => e.registryNo)).toContain('R-9001');
    expect(d.pool).toHaveLength(parts.pool.entries.length + 1);
  });
});
