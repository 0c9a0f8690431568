/**
 * client/live/ceremony-model.ts against a real draw: driven through the HTTP API on a real app (the
 * beacon from a local drand relay serving a recorded round), declined once and closed; its live
 * sequence is built from the stored log by the protocol's own liveSequence (shared/api/live-sequence.ts)
 * and folded event by event. The fold must end with exactly what the public API publishes, show the
 * commission forming step by step before the result, and refuse a gap, a duplicate or another draw.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { liveSequence } from '../../shared/api/live-sequence.js';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import type { LiveEvent } from '../../shared/api/events.js';
import {
  SequenceError,
  applyLiveEvent,
  emptyCeremony,
  poolEntry,
} from '../../client/live/ceremony-model.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { COMMITMENT, SECRET, drawApi, driveTo, seedLot } from '../helpers/draws.js';

let t: TestApp;
let relay: TestDrandRelay;
let drawId: string;
let events: LiveEvent[];
let detail: PublicDrawDetail;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URL: relay.url } });
  const { lotId } = seedLot(t);
  const op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  drawId = await driveTo(t, op, witness, lotId, 'drawn');
  const drawn = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
  await drawApi(op).decline(drawId, drawn.commission[0]!).expect(200);
  await drawApi(op).close(drawId).expect(200);
  detail = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
  events = liveSequence(drawId, t.ctx.tlog!.entriesAbout('draw', drawId), 0);
});

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

function fold(upTo = events.length) {
  const m = emptyCeremony(drawId);
  for (const e of events.slice(0, upTo)) applyLiveEvent(m, e);
  return m;
}

describe('ceremony model', () => {
  test('does end with exactly what the public API publishes', () => {
    const m = fold();
    expect(m.lastSeq).toBe(events.length);
    expect(m.events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(m.state).toBe('closed');
    expect(m.announcementHash).toBe(detail.announcementHash);
    expect(m.announcement).toEqual(detail.announcement);
    expect(m.pool.map((p, i) => ({ ...p, poolNo: i + 1 }))).toEqual(detail.pool);
    expect(poolEntry(m, detail.pool[3]!.registryNo)?.poolNo).toBe(4);
    expect(m.announcement!.exclusions).toEqual(detail.exclusions);
    expect(m.fairness).toEqual(detail.fairness);
    expect(m.witnesses.map((w) => [w.id, w.name, w.commitment, w.secret, w.missing])).toEqual(
      detail.witnesses.map((w) => [w.id, w.name, w.commitment, w.secret, w.missing])
    );
    expect(m.witnesses[0]!.commitment).toBe(COMMITMENT);
    expect(m.witnesses[0]!.secret).toBe(SECRET);
    // the entry's own members aside: its time, its draw, and (protocol version 2) its link to the
    // draw's earlier entries, which the public beacon does not repeat
    const { at: _at, drawId: _id, history, ...beacon } = m.beacon!;
    expect(history?.entries).toBeGreaterThan(0);
    expect({ ...beacon, verified: true }).toEqual(detail.beacon);
    expect(m.seed?.seed).toBe(detail.seed);
    expect(m.seed?.seedInput).toEqual(detail.seedInput);
    expect([...m.steps, ...m.declines.flatMap((d) => d.steps)]).toEqual(detail.steps);
    expect(m.declines.map((d) => [d.registryNo, d.done])).toEqual([
      [detail.replacements[0]!.registryNo, true],
    ]);
    expect(m.declines[0]!.steps).toEqual(detail.replacements);
    expect(m.commission).toEqual(detail.commission);
    expect(m.reserves).toEqual(detail.reserves);
    expect(m.resultShown).toBe(true);
    expect(m.closedAt).not.toBeNull();
  });

  test('does form the commission seat by seat while the steps play', () => {
    const seedAt = events.findIndex((e) => e.kind === 'seed');
    const resultAt = events.findIndex((e) => e.kind === 'result');
    const firstSteps = events.slice(seedAt + 1, resultAt);
    expect(firstSteps.every((e) => e.kind === 'step')).toBe(true);
    for (let k = 1; k <= firstSteps.length; k++) {
      const m = fold(seedAt + 1 + k);
      const played = firstSteps.slice(0, k).map((e) => (e.kind === 'step' ? e.step : null)!);
      expect([k, m.commission]).toEqual([
        k,
        played.filter((s) => s.outcome === 'accepted').map((s) => s.registryNo),
      ]);
      expect([k, m.reserves]).toEqual([
        k,
        played.filter((s) => s.outcome === 'reserve').map((s) => s.registryNo),
      ]);
      expect(m.current?.k).toBe(k);
      expect(m.resultShown).toBe(false);
      expect(m.state).toBe('drawn');
    }
  });

  test('when an event is repeated, skipped or of another draw, does refuse it and change nothing', () => {
    const m = fold(5);
    expect(() => applyLiveEvent(m, events[4]!)).toThrow(SequenceError);
    expect(() => applyLiveEvent(m, events[6]!)).toThrow(SequenceError);
    expect(() => applyLiveEvent(m, { ...events[5]!, drawId: 'D-2099-0001' })).toThrow(
      SequenceError
    );
    expect(m.lastSeq).toBe(5);
    expect(m.events).toHaveLength(5);
    applyLiveEvent(m, events[5]!);
    expect(m.lastSeq).toBe(6);
  });
});
