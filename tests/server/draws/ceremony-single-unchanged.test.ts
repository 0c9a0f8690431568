/**
 * Ceremonies leave single draws as they were (docs/LIFECYCLE.md §Ceremonies): next to a ceremony, a
 * single draw's entries, views, list rows, decline body and bundle are those of before — no `kind`,
 * no `lotIds`, no lot in a decline, verified by the single draw's checks — and a cancelled ceremony
 * frees its lots for single draws, which list no ceremony as an earlier attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  BEFORE_ROUND,
  addLot,
  baseDraft,
  drawEntries,
  driveTo,
  seedLot,
} from '../../helpers/draws.js';
import { ceremonyApi, driveCeremony } from '../../helpers/ceremonies.js';
import { DrawSummary, PublicDrawDetail } from '../../../shared/api/draws.js';
import { VERIFY_CHECKS, verifyBundle } from '../../../shared/verify.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];
let ceremony: string;
let single: string;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URLS: [relay.url] } });
  ({ lotIds } = seedLot(t, 4));
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
  ceremony = await driveCeremony(t, op, [witness], relay, lotIds.slice(0, 2), baseDraft());
  single = await driveTo(t, op, witness, lotIds[2]!, 'drawn');
}, 90_000);

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

describe('a single draw next to a ceremony', () => {
  it('does keep its entries, detail and list row as before', async () => {
    expect(drawEntries(t, single).map((e) => e.type)).toEqual([
      'draw.created',
      'draw.witness_invited',
      'draw.witness_committed',
      'draw.announced',
      'draw.reveals_opened',
      'draw.revealed',
      'draw.reveals_closed',
      'draw.beacon',
      'draw.result',
    ]);
    const pub = (await t.agent.get(`/api/public/draws/${single}`).expect(200)).body;
    expect(PublicDrawDetail.safeParse(pub).success).toBe(true);
    expect(['kind' in pub, 'lotIds' in pub]).toEqual([false, false]);
    const list = (await t.agent.get('/api/public/draws').expect(200)).body as DrawSummary[];
    expect(list.find((d) => d.id === single)).not.toHaveProperty('lotIds');
    expect(list.find((d) => d.id === ceremony)?.lotIds).toEqual(lotIds.slice(0, 2));
    // listed under each of its lots
    const second = (await t.agent.get(`/api/public/draws?lotId=${lotIds[1]}`).expect(200)).body;
    expect(second.map((d: DrawSummary) => d.id)).toEqual([ceremony]);
  });

  it('does refuse a lot in a single draw’s decline, and take one without', async () => {
    const api = ceremonyApi(op);
    const d = (await api.get(single).expect(200)).body;
    const bad = await api.declineIn(single, lotIds[2]!, d.commission[0]).expect(400);
    expect(bad.body.error.message).toContain('body.lotId');
    await api.decline(single, d.commission[0]).expect(200);
    await api.close(single).expect(200);
  });

  it('does verify its bundle by the single draw’s checks', async () => {
    const bundle = (await t.agent.get(`/api/public/draws/${single}/bundle`).expect(200)).body;
    const v = verifyBundle(bundle, { trustedKeys: [t.ctx.tlog.vkey] });
    expect([v.ceremony, v.history?.created.data.lotId]).toEqual([undefined, lotIds[2]]);
    // (check 8a, 'time', is reported for a checkpoint with a time line, as always)
    expect(v.checks.map((c) => c.id).filter((c) => c !== 'time')).toEqual(VERIFY_CHECKS);
    expect(bundle.drand.metadata.beaconID).toBe('quicknet');
  });

  it('does free a cancelled ceremony’s lots for single draws, listing no ceremony', async () => {
    const api = ceremonyApi(op);
    t.clock.set(BEFORE_ROUND);
    const c = (await api.createCeremony([lotIds[3]!, lotIds[0]!]).expect(409)).body;
    expect(c.error.code).toBe('LOT_HAS_ACTIVE_DRAW');
    const free = seedLotless(t);
    const id = (await api.createCeremony([lotIds[3]!, free], baseDraft()).expect(201)).body
      .id as string;
    // a lot's override, logged naming the lot, and the preview per lot
    const patched = (await api.patchLot(id, free, { size: 1, reserves: 1 }).expect(200)).body;
    expect(patched.lots[1].lotDraft).toEqual({ size: 1, reserves: 1 });
    const logged = t.ctx.tlog.entriesAbout('draw', id).at(-1)!.entry;
    expect([logged.type, logged.data]).toEqual([
      'draw.draft_updated',
      { drawId: id, lotId: free, lotDraft: { size: 1, reserves: 1 } },
    ]);
    await api.patchLot(id, lotIds[0]!, { size: 1 }).expect(404);
    const preview = (await api.preview(id).expect(200)).body;
    expect(preview.kind).toBe('ceremony');
    expect(
      preview.lots.map((l: { spec: { version: number; size: number } }) => l.spec.size)
    ).toEqual([3, 1]);
    expect(preview.lots[0].spec.version).toBe(3);
    await api.cancel(id, 'wrong lots').expect(200);
    const after = await driveTo(t, op, witness, lotIds[3]!, 'announced');
    const created = t.ctx.tlog
      .entriesAbout('draw', after)
      .find((e) => e.entry.type === 'draw.created')!.entry.data as {
      previousDrawIds: string[];
    };
    expect(created.previousDrawIds).toEqual([]);
  });
});

/** Another lot of the seeded competition, in no draw yet. */
function seedLotless(app: TestApp): number {
  const lot = app.ctx.db
    .prepare('SELECT competition_id AS c FROM lots WHERE id = ?')
    .get(lotIds[0]) as {
    c: number;
  };
  return addLot(app, lot.c);
}
