/**
 * A draw whose server cannot reach any drand relay (issue 16): after the round's time every relay of
 * DRAND_URLS fails, and the operator pastes the round's bare signature (copied on another device from
 * the test's local relay of recorded rounds); the server rebuilds the round, BLS-verifies it and the
 * draw runs. With a reachable relay later in the list, the fetch skips the dead ones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  ROUND,
  addLot,
  baseDraft,
  drawApi,
  driveTo,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';

const DEAD = ['http://127.0.0.1:9', 'http://127.0.0.1:10'];

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];
let competitionId: number;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URLS: DEAD } });
  ({ lotIds, competitionId } = seedLot(t, 2));
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

describe('drand with no relay reachable', () => {
  it('does warn before the announcement that no relay answers, and still announce', async () => {
    const api = drawApi(op);
    t.clock.set(BEFORE_ROUND);
    const lot = addLot(t, competitionId);
    const id = (await api.create(lot, baseDraft()).expect(201)).body.id as string;
    const check = (await op.agent.get(`/api/draws/${id}/relays`).expect(200)).body;
    expect(check).toEqual({
      chain: 'quicknet',
      relays: DEAD.map((url) => ({ url, ok: false, code: 'RELAY_UNAVAILABLE' })),
    });
    t.ctx.config.DRAND_URLS = [...DEAD, relay.url];
    try {
      const again = (await op.agent.get(`/api/draws/${id}/relays`).expect(200)).body;
      expect(again.relays.map((r: { ok: boolean }) => r.ok)).toEqual([false, false, true]);
    } finally {
      t.ctx.config.DRAND_URLS = DEAD;
    }
    await api.invite(id, witness.user.username).expect(201);
    await witnessApi(witness).commit(id, COMMITMENT).expect(200);
    expect((await api.announce(id).expect(200)).body.state).toBe('announced');
    // only operators may ask
    expect((await witness.agent.get(`/api/draws/${id}/relays`)).status).toBe(403);
  });

  it('does take the bare signature pasted after the round’s time, verified, and run', async () => {
    const api = drawApi(op);
    const id = await driveTo(t, op, witness, lotIds[0]!, 'reveals_closed');
    t.clock.set(AFTER_ROUND);
    const failed = await api.fetchBeacon(id).expect(503);
    expect(failed.body.error.code).toBe('RELAY_UNAVAILABLE');
    const r = relay.recorded('quicknet').rounds.find((x) => x.round === ROUND)!;
    // a wrong signature (another round's) is refused and leaves the draw waiting
    const other = relay.recorded('quicknet').rounds.find((x) => x.round !== ROUND)!;
    const bad = await api.pasteBeacon(id, other.signature).expect(422);
    expect(bad.body.error.code).toBe('BEACON_SIGNATURE_INVALID');
    const pasted = await api.pasteBeacon(id, `${r.signature}\n`).expect(200);
    expect(pasted.body.state).toBe('beacon_received');
    expect(pasted.body.beacon).toMatchObject({
      round: ROUND,
      signature: r.signature,
      randomness: r.randomness,
      source: 'pasted',
      verified: true,
    });
    expect((await api.run(id).expect(200)).body.state).toBe('drawn');
  });

  it('does fetch from the first relay of DRAND_URLS that answers', async () => {
    t.ctx.config.DRAND_URLS = [...DEAD, relay.url];
    try {
      const id = await driveTo(t, op, witness, lotIds[1]!, 'beacon_received');
      const d = (await drawApi(op).get(id).expect(200)).body;
      expect([d.beacon.source, d.beacon.round]).toEqual(['relay', ROUND]);
    } finally {
      t.ctx.config.DRAND_URLS = DEAD;
    }
  });
});
