/**
 * The beacon scheduler against a real local drand relay serving recorded real rounds: it waits for
 * the round's time by the injected clock, records a relay that is down (or a round not yet out, or a
 * forged answer) as a clear waiting state with backoff and no log entry, accepts a pasted round while
 * waiting, and picks up after a restart from the database alone.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  ROUND,
  REVEAL_DEADLINE,
  ROUND_AT,
  drawApi,
  drawEntries,
  driveTo,
  seedLot,
} from '../../helpers/draws.js';
import { BeaconScheduler } from '../../../server/draws/beacon-scheduler.js';
import type { BeaconRetryPolicy } from '../../../server/draws/entropy.js';

const POLICY: BeaconRetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 60_000, timeoutMs: 2_000 };

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];
let next = 0;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 8).lotIds;
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});
afterAll(async () => {
  await t.close();
  await relay.close();
});
beforeEach(() => relay.reset());
afterEach(async () => relay.up());

/** A draw waiting for quicknet round 123, the clock left just before the round's time. */
async function waitingDraw(): Promise<string> {
  const id = await driveTo(t, op, witness, lotIds[next++]!, 'reveals_closed');
  t.clock.set(ROUND_AT.getTime() - 1000);
  return id;
}

const publicState = async (id: string) =>
  (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;

describe('the beacon scheduler', () => {
  it('does wait for the round time by the clock, then fetch, verify and store the round', async () => {
    const id = await waitingDraw();
    const s = new BeaconScheduler(t.ctx, { policy: POLICY });
    expect(s.due()).not.toContain(id);
    await s.tick();
    expect((await publicState(id)).state).toBe('reveals_closed');
    t.clock.set(ROUND_AT);
    expect(s.due()).toContain(id);
    await s.tick();
    const d = await publicState(id);
    expect(d.state).toBe('beacon_received');
    expect(d.beacon).toMatchObject({ round: ROUND, source: 'relay', verified: true });
    expect(d.beaconStatus).toBeNull();
    expect(drawEntries(t, id).at(-1)!.type).toBe('draw.beacon');
  });

  it('when the relay is down, shows a waiting state, backs off, and accepts a pasted round', async () => {
    const id = await waitingDraw();
    const before = drawEntries(t, id).length;
    await relay.down();
    t.clock.set(AFTER_ROUND);
    const s = new BeaconScheduler(t.ctx, { policy: POLICY });
    await s.tick();
    let d = await publicState(id);
    expect(d.state).toBe('reveals_closed');
    expect(d.beaconStatus).toMatchObject({
      lastError: 'RELAY_UNAVAILABLE',
      attempts: 1,
      nextRetryAt: new Date(AFTER_ROUND.getTime() + 2000).toISOString(),
    });
    await s.tick(); // not due yet: no second try
    expect((await publicState(id)).beaconStatus.attempts).toBe(1);
    t.clock.advance(2000);
    await s.tick();
    d = await publicState(id);
    expect(d.beaconStatus).toMatchObject({
      attempts: 2,
      nextRetryAt: new Date(AFTER_ROUND.getTime() + 2000 + 4000).toISOString(),
    });
    expect(drawEntries(t, id)).toHaveLength(before);

    const fetchNow = await drawApi(op).fetchBeacon(id).expect(503);
    expect(fetchNow.body.error.code).toBe('RELAY_UNAVAILABLE');
    expect(fetchNow.body.beaconStatus.attempts).toBe(3);

    const round = relay.recorded('quicknet').rounds.find((r) => r.round === ROUND)!;
    const { source: _source, ...pasted } = round;
    const res = await drawApi(op).pasteBeacon(id, JSON.stringify(pasted)).expect(200);
    expect(res.body.state).toBe('beacon_received');
    expect(res.body.beacon).toMatchObject({ source: 'pasted', randomness: round.randomness });
    expect(
      drawEntries(t, id)
        .slice(before)
        .map((e) => e.type)
    ).toEqual(['draw.beacon']);
    expect(s.due()).not.toContain(id);
  });

  it('when the relay has not produced the round yet, records BEACON_NOT_YET_AVAILABLE and retries', async () => {
    const id = await waitingDraw();
    relay.setHead('quicknet', ROUND - 1);
    t.clock.set(AFTER_ROUND);
    const s = new BeaconScheduler(t.ctx, { policy: POLICY });
    await s.tick();
    expect((await publicState(id)).beaconStatus).toMatchObject({
      lastError: 'BEACON_NOT_YET_AVAILABLE',
      attempts: 1,
    });
    relay.setHead('quicknet', undefined);
    t.clock.advance(2000);
    await s.tick();
    expect((await publicState(id)).state).toBe('beacon_received');
  });

  it('when the relay serves a forged round, refuses it and keeps waiting', async () => {
    const id = await waitingDraw();
    relay.tamper('quicknet', ROUND);
    t.clock.set(AFTER_ROUND);
    await new BeaconScheduler(t.ctx, { policy: POLICY }).tick();
    const d = await publicState(id);
    expect(d.state).toBe('reveals_closed');
    expect(d.beacon).toBeNull();
    expect(d.beaconStatus.lastError).toBe('BEACON_SIGNATURE_INVALID');
    const forged = await drawApi(op).fetchBeacon(id).expect(422);
    expect(forged.body.error.code).toBe('BEACON_SIGNATURE_INVALID');
  });

  it('when a pasted round is not the announced one or does not verify, refuses it', async () => {
    const id = await waitingDraw();
    const rounds = relay.recorded('quicknet').rounds;
    const other = rounds.find((r) => r.round !== ROUND)!;
    const wrong = await drawApi(op).pasteBeacon(id, JSON.stringify(other)).expect(422);
    expect(wrong.body.error.code).toBe('BEACON_ROUND_MISMATCH');
    const r = rounds.find((x) => x.round === ROUND)!;
    const flipped = r.signature.slice(0, -1) + (r.signature.endsWith('0') ? '1' : '0');
    const bad = await drawApi(op)
      .pasteBeacon(id, { round: ROUND, signature: flipped, randomness: r.randomness })
      .expect(422);
    expect(bad.body.error.code).toMatch(/^BEACON_(SIGNATURE_INVALID|RANDOMNESS_MISMATCH)$/);
    const junk = await drawApi(op).pasteBeacon(id, 'not json').expect(400);
    expect(junk.body.error.code).toBe('BEACON_PASTE_INVALID');
    expect((await publicState(id)).state).toBe('reveals_closed');
  });

  it('does pick up waiting draws after a restart, polling on its own until stopped', async () => {
    const id = await waitingDraw();
    t.clock.set(AFTER_ROUND);
    const first = new BeaconScheduler(t.ctx, { policy: POLICY, pollMs: 10 });
    await relay.down();
    first.start();
    for (let i = 0; i < 100 && (await publicState(id)).beaconStatus.attempts === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    expect((await publicState(id)).beaconStatus.lastError).toBe('RELAY_UNAVAILABLE');

    await relay.up();
    t.clock.advance(60_000);
    const second = new BeaconScheduler(t.ctx, { policy: POLICY, pollMs: 10 });
    second.start();
    second.start(); // a second start is a no-op
    for (let i = 0; i < 200 && (await publicState(id)).state !== 'beacon_received'; i++)
      await new Promise((r) => setTimeout(r, 10));
    await second.stop();
    expect((await publicState(id)).state).toBe('beacon_received');
  });
});

describe('the reveal deadline', () => {
  it('does close the reveal window at the deadline, as the system, and then wait for the round', async () => {
    const id = await driveTo(t, op, witness, lotIds[next++]!, 'revealing');
    const s = new BeaconScheduler(t.ctx, { policy: POLICY });
    t.clock.set(REVEAL_DEADLINE.getTime() - 1);
    await s.tick();
    expect((await publicState(id)).state).toBe('revealing');
    t.clock.set(REVEAL_DEADLINE);
    await s.tick();
    const d = await publicState(id);
    expect(d.state).toBe('reveals_closed');
    expect(d.beaconStatus).toMatchObject({ attempts: 0, nextRetryAt: ROUND_AT.toISOString() });
    const last = drawEntries(t, id).at(-1)!;
    const row = t.ctx.db.prepare('SELECT data FROM log_entries WHERE idx = ?').get(last.index) as {
      data: Buffer;
    };
    expect(JSON.parse(Buffer.from(row.data).toString('utf8'))).toMatchObject({
      type: 'draw.reveals_closed',
      actor: null,
      data: { drawId: id, missing: [] },
    });
  });
});
