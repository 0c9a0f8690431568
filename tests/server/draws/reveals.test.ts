/**
 * Commit–reveal through the witness API: a mismatching reveal is refused (422) and logged with the
 * refused secret; reveals after the deadline are refused; closing early is refused while a witness is
 * missing; after the deadline the missing witness is recorded and dropped from the seed, never a
 * reason to re-draw. Only invited observers act for a witness.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  REVEAL_DEADLINE,
  SECRET,
  baseDraft,
  drawApi,
  drawEntries,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import { commitmentFor } from '../../../shared/seed.js';
import { MAX_REJECTED_REVEALS } from '../../../server/draws/reveals.js';

const SECRET_B = 'b7'.repeat(32);

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let alice: TestSession;
let bob: TestSession;
let stranger: TestSession;
let id: string;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  const { lotId } = seedLot(t);
  op = await t.loginAs('operator');
  alice = await t.loginAs('observer');
  bob = await t.loginAs('observer');
  stranger = await t.loginAs('observer');
  const api = drawApi(op);
  id = (await api.create(lotId, baseDraft()).expect(201)).body.id;
  await api.invite(id, alice.user.username).expect(201);
  await api.invite(id, bob.user.username).expect(201);
  await witnessApi(alice).commit(id, COMMITMENT).expect(200);
  await witnessApi(bob).commit(id, commitmentFor(SECRET_B)).expect(200);
  await api.announce(id).expect(200);
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

const entryData = (index: number) =>
  JSON.parse(
    Buffer.from(
      (
        t.ctx.db.prepare('SELECT data FROM log_entries WHERE idx = ?').get(index) as {
          data: Buffer;
        }
      ).data
    ).toString('utf8')
  );

describe('witness commitments and reveals', () => {
  it('does show each witness only their own invitations', async () => {
    const res = await witnessApi(alice).invitations().expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({ drawId: id, witnessId: 'W-1', commitment: COMMITMENT }),
    ]);
    expect((await witnessApi(stranger).invitations().expect(200)).body).toEqual([]);
  });

  it('when an observer who is not invited reveals, answers 403 and logs nothing', async () => {
    await drawApi(op).openReveals(id).expect(200);
    const before = drawEntries(t, id).length;
    const res = await witnessApi(stranger).reveal(id, SECRET).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(drawEntries(t, id)).toHaveLength(before);
  });

  it('when a reveal does not match the commitment, refuses it with 422 REVEAL_MISMATCH and logs the refusal', async () => {
    const wrong = 'ab'.repeat(32);
    const before = drawEntries(t, id).length;
    const res = await witnessApi(bob).reveal(id, wrong).expect(422);
    expect(res.body.error.code).toBe('REVEAL_MISMATCH');
    const entries = drawEntries(t, id);
    expect(entries).toHaveLength(before + 1);
    const last = entryData(entries.at(-1)!.index);
    expect(last).toMatchObject({
      type: 'draw.reveal_rejected',
      data: { drawId: id, witnessId: 'W-2', secret: wrong, code: 'REVEAL_MISMATCH' },
    });
    expect(commitmentFor(wrong)).not.toBe(commitmentFor(SECRET_B));
    const pub = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(pub.witnesses[1]).toMatchObject({ id: 'W-2', secret: null, rejectedAttempts: 1 });
  });

  it('does accept a matching reveal once', async () => {
    await witnessApi(alice).reveal(id, SECRET).expect(200);
    const again = await witnessApi(alice).reveal(id, SECRET).expect(409);
    expect(again.body.error.code).toBe('ALREADY_REVEALED');
  });

  it('when a witness is still missing before the deadline, refuses to close reveals', async () => {
    const res = await drawApi(op).closeReveals(id).expect(409);
    expect(res.body.error.code).toBe('REVEALS_STILL_OPEN');
  });

  it('when the deadline has passed, refuses a reveal with 409 and logs nothing', async () => {
    t.clock.set(REVEAL_DEADLINE);
    const before = drawEntries(t, id).length;
    const res = await witnessApi(bob).reveal(id, SECRET_B).expect(409);
    expect(res.body.error.code).toBe('REVEAL_DEADLINE_PASSED');
    expect(drawEntries(t, id)).toHaveLength(before);
  });

  it('does record the missing witness at close and draw without them', async () => {
    const api = drawApi(op);
    const closed = (await api.closeReveals(id).expect(200)).body;
    expect(
      closed.witnesses.map((w: { id: string; missing: boolean }) => [w.id, w.missing])
    ).toEqual([
      ['W-1', false],
      ['W-2', true],
    ]);
    t.clock.set(AFTER_ROUND);
    await api.fetchBeacon(id).expect(200);
    const drawn = (await api.run(id).expect(200)).body;
    expect(drawn.seedInput.missing).toEqual(['W-2']);
    expect(drawn.seedInput.reveals).toEqual([{ witnessId: 'W-1', secret: SECRET }]);
    expect(drawn.commission).toHaveLength(3);
  });
});

describe('refused reveals are bounded', () => {
  it(`does log at most ${MAX_REJECTED_REVEALS} refused reveals per witness and still accept the matching one`, async () => {
    const t2 = await startTestApp({ now: BEFORE_ROUND });
    try {
      const { lotId } = seedLot(t2);
      const op2 = await t2.loginAs('operator');
      const w2 = await t2.loginAs('observer');
      const api = drawApi(op2);
      const d = (await api.create(lotId, baseDraft()).expect(201)).body.id;
      await api.invite(d, w2.user.username).expect(201);
      await witnessApi(w2).commit(d, COMMITMENT).expect(200);
      await api.announce(d).expect(200);
      await api.openReveals(d).expect(200);
      for (let i = 0; i < MAX_REJECTED_REVEALS; i++)
        await witnessApi(w2).reveal(d, 'cd'.repeat(32)).expect(422);
      const before = drawEntries(t2, d).length;
      const res = await witnessApi(w2).reveal(d, 'ef'.repeat(32)).expect(409);
      expect(res.body.error.code).toBe('REVEAL_ATTEMPTS_EXCEEDED');
      expect(drawEntries(t2, d)).toHaveLength(before);
      await witnessApi(w2).reveal(d, SECRET).expect(200);
      expect(
        drawEntries(t2, d)
          .map((e) => e.type)
          .slice(before)
      ).toEqual(['draw.revealed']);
    } finally {
      await t2.close();
    }
  });
});
