/**
 * The public draw API: past and upcoming draws with their state; a cancelled draw stays public with
 * its reason and the state it left; a new attempt for the same lot lists the earlier ones (and they
 * list it); no personal data is served; bad input answers 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp, TestSession } from '../../helpers/app.js';
import {
  baseDraft,
  drawApi,
  drawEntries,
  driveTo,
  startDrawWorld,
  type DrawWorld,
} from '../../helpers/draws.js';
import { DrawSummary, PublicDrawDetail } from '../../../shared/api/draws.js';

let world: DrawWorld;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];

beforeAll(async () => {
  world = await startDrawWorld(2);
  ({ t, op, witness, lotIds } = world);
});
afterAll(() => world.close());

describe('public draws', () => {
  it('does keep a cancelled draw public and list it as an earlier attempt of the next one', async () => {
    const api = drawApi(op);
    const first = await driveTo(t, op, witness, lotIds[0]!, 'revealing');
    const busy = await api.create(lotIds[0]!, baseDraft()).expect(409);
    expect(busy.body.error.code).toBe('LOT_HAS_ACTIVE_DRAW');

    const reason = 'the lot list was published with an error';
    const before = drawEntries(t, first).length;
    const cancelled = (await api.cancel(first, reason).expect(200)).body;
    expect(cancelled).toMatchObject({
      state: 'cancelled',
      cancelReason: reason,
      cancelledFrom: 'revealing',
    });
    expect(
      drawEntries(t, first)
        .slice(before)
        .map((e) => e.type)
    ).toEqual(['draw.cancelled']);

    const second = await driveTo(t, op, witness, lotIds[0]!, 'announced');
    const pub = PublicDrawDetail.parse(
      (await t.agent.get(`/api/public/draws/${second}`).expect(200)).body
    );
    expect(pub.attempt).toBe(2);
    expect(pub.previousAttempts).toEqual([
      { id: first, attempt: 1, state: 'cancelled', cancelReason: reason },
    ]);
    const old = PublicDrawDetail.parse(
      (await t.agent.get(`/api/public/draws/${first}`).expect(200)).body
    );
    expect(old).toMatchObject({ state: 'cancelled', cancelReason: reason });
    expect(old.laterAttempts).toEqual([{ id: second, attempt: 2, state: 'announced' }]);
    // The draw.created entry of attempt 2 names attempt 1.
    const created = drawEntries(t, second)[0]!;
    const row = t.ctx.db
      .prepare('SELECT data FROM log_entries WHERE idx = ?')
      .get(created.index) as {
      data: Buffer;
    };
    expect(JSON.parse(Buffer.from(row.data).toString('utf8')).data).toMatchObject({
      attempt: 2,
      previousDrawIds: [first],
    });
  });

  it('does list past and upcoming draws with their state, without a session', async () => {
    const draft = await driveTo(t, op, witness, lotIds[1]!, 'draft');
    const res = await t.agent.get('/api/public/draws').expect(200);
    const list = DrawSummary.array().parse(res.body);
    // Nothing is listed before its announcement: the draft is on the operator's list only.
    expect(list.map((d) => d.state).sort()).toEqual(['announced', 'cancelled']);
    expect((await t.agent.get('/api/public/draws?state=draft').expect(200)).body).toEqual([]);
    const opList = DrawSummary.array().parse((await op.agent.get('/api/draws').expect(200)).body);
    expect(opList.map((d) => d.state).sort()).toEqual(['announced', 'cancelled', 'draft']);
    expect(opList.find((d) => d.state === 'draft')!.id).toBe(draft);
    expect(list.find((d) => d.state === 'cancelled')!.cancelReason).toBeTruthy();
    const onlyCancelled = await t.agent.get('/api/public/draws?state=cancelled').expect(200);
    expect(onlyCancelled.body).toHaveLength(1);
  });

  it('does serve no personal data', async () => {
    const list = (await op.agent.get('/api/draws').expect(200)).body as { id: string }[];
    for (const d of list) {
      const text = JSON.stringify(
        (await t.agent.get(`/api/public/draws/${d.id}`).expect(200)).body
      );
      expect(text).not.toContain(witness.user.username);
      expect(text).not.toContain(op.user.username);
      expect(text).not.toMatch(/"(userId|iin|phone|email|username)"/);
    }
  });

  it('when input is bad, answers 400 naming the field and writes nothing', async () => {
    const api = drawApi(op);
    const size = await api.create(lotIds[1]!, { ...baseDraft(), size: 4 }).expect(400);
    expect(size.body.error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.draft.size' })])
    );
    const lot = await op.agent
      .post('/api/draws')
      .set({ 'X-CSRF-Token': op.csrf })
      .send({ lotId: 'x' });
    expect(lot.status).toBe(400);
    expect(lot.body.error.issues[0].path).toBe('body.lotId');
    const unknownLot = await api.create(999_999, baseDraft()).expect(404);
    expect(unknownLot.body.error.code).toBe('LOT_NOT_FOUND');
    const id = (await op.agent.get('/api/draws?state=draft').expect(200)).body[0].id;
    const patch = await api.patch(id, { quotas: [{ category: 'gender', value: 'x', max: 1 }] });
    expect(patch.status).toBe(400);
    expect(patch.body.error.issues[0].path).toMatch(/^body\.quotas\.0/);
    const empty = await api.patch(id, {}).expect(400);
    expect(empty.body.error.code).toBe('INVALID_INPUT');
    const cancel = await api.cancel(id, '   ').expect(400);
    expect(cancel.body.error.issues[0].path).toBe('body.reason');
    const invite = await api.invite(id, 'nobody-here').expect(400);
    expect(invite.body.error.issues[0].path).toBe('body.username');
    const opInvite = await api.invite(id, op.user.username).expect(400);
    expect(opInvite.body.error.code).toBe('WITNESS_ACCOUNT_INVALID');
    const commit = await witness.agent
      .post(`/api/witness/draws/${id}/commitment`)
      .set({ 'X-CSRF-Token': witness.csrf })
      .send({ commitment: 'XYZ' })
      .expect(400);
    expect(commit.body.error.issues[0].path).toBe('body.commitment');
    const badId = await t.agent.get('/api/public/draws/D-1').expect(400);
    expect(badId.body.error.issues[0].path).toBe('params.id');
    await t.agent.get('/api/public/draws/D-2023-9999').expect(404);
    expect(drawEntries(t, id).map((e) => e.type)).toEqual([
      'draw.created',
      'draw.witness_invited',
      'draw.witness_committed',
    ]);
  });
});
