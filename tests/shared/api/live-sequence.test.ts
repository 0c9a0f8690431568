/**
 * The viewer sequence derived from a real draw's real log entries: a ceremony driven through the
 * HTTP API on a real app (SQLite file, transparency log, local drand relay with recorded rounds),
 * with the test clock placing every entry at a known instant.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  classifyEvent,
  extendLiveSequence,
  liveSequence,
  sequenceEnd,
  visibleCount,
} from '../../../shared/api/live-sequence.js';
import { DrawError } from '../../../shared/errors.js';
import { LiveEvent } from '../../../shared/api/events.js';
import type { LogEntryRecord } from '../../../shared/schemas/log.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import { drawApi, driveTo, seedLot } from '../../helpers/draws.js';

const I = 1500;
let relay: TestDrandRelay;
let t: TestApp;
let id: string;
let runAt: number;
let declineAt: number;
let records: LogEntryRecord[];

const ms = (iso: string) => Date.parse(iso);

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URL: relay.url } });
  const op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  id = await driveTo(t, op, witness, seedLot(t).lotId, 'beacon_received');
  const api = drawApi(op);
  runAt = t.clock.now().getTime();
  const drawn = (await api.run(id).expect(200)).body as { commission: string[] };
  // A member declines while the playback of the result is still running, then the draw closes.
  t.clock.advance(I);
  declineAt = t.clock.now().getTime();
  await api.decline(id, drawn.commission[0]!).expect(200);
  await api.close(id).expect(200);
  records = t.ctx.tlog!.entriesAbout('draw', id);
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

describe('liveSequence', () => {
  it('does number the events 1, 2, 3, … and keep every plain entry verbatim', () => {
    const events = liveSequence(id, records, I);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const e of events) expect(LiveEvent.safeParse(e).success).toBe(true);
    const plain = records.filter((r) => !['draw.result', 'draw.declined'].includes(r.entry.type));
    const entries = events.filter((e) => e.kind === 'entry');
    expect(entries.map((e) => [e.logIndex, e.entry.type, e.entry.data])).toEqual(
      plain.map((r) => [r.index, r.entry.type, r.entry.data])
    );
    // Entries before the result show at their own time (later ones wait for the playback).
    for (const e of entries.filter((x) => ms(x.at) <= runAt))
      expect(ms(e.at)).toBe(ms(records.find((r) => r.index === e.logIndex)!.entry.at));
    expect(entries.map((e) => e.entry.type).slice(0, 4)).toEqual([
      'draw.created',
      'draw.witness_invited',
      'draw.witness_committed',
      'draw.announced',
    ]);
  });

  it('does expand a result into seed, one event per step at entry time + k·interval, then the result', () => {
    const events = liveSequence(id, records, I);
    const result = records.find((r) => r.entry.type === 'draw.result')!;
    const data = result.entry.data as {
      seed: string;
      result: { steps: unknown[]; commission: string[]; reserves: string[] };
    };
    const n = data.result.steps.length;
    const played = events.filter((e) => e.logIndex === result.index);
    expect(played.map((e) => e.kind)).toEqual(['seed', ...Array(n).fill('step'), 'result']);
    expect(played[0]).toMatchObject({ kind: 'seed', seed: data.seed, stepCount: n });
    expect(ms(played[0]!.at)).toBe(runAt);
    played.slice(1, n + 1).forEach((e, i) => {
      expect(e).toMatchObject({ kind: 'step', k: i + 1, of: n, step: data.result.steps[i] });
      expect(ms(e.at)).toBe(runAt + (i + 1) * I);
    });
    expect(played[n + 1]).toMatchObject({
      kind: 'result',
      source: 'draw.result',
      commission: data.result.commission,
      reserves: data.result.reserves,
    });
    expect(ms(played[n + 1]!.at)).toBe(runAt + (n + 1) * I);
  });

  it('does hold a skipped step on screen skipHold intervals and a pick one (issue 17)', () => {
    // this draw skips nobody: its second candidate is made a skip (the pace reads outcomes only)
    const result = structuredClone(records.find((r) => r.entry.type === 'draw.result')!);
    const data = result.entry.data as { result: { steps: { outcome: string; rule?: string }[] } };
    Object.assign(data.result.steps[1]!, { outcome: 'skipped', rule: 'NO_VALID_COMPLETION' });
    const edited = records.map((r) => (r.index === result.index ? result : r));
    const events = liveSequence(id, edited, { stepMs: I, skipHold: 3 });
    const played = events.filter((e) => e.logIndex === result.index);
    const steps = played.filter((e) => e.kind === 'step');
    expect(steps.some((e) => e.step.outcome === 'skipped')).toBe(true);
    // each event follows the step before it by 3 intervals after a skip, by 1 after anything else
    let expected = runAt + I;
    for (const [i, e] of played.slice(1).entries()) {
      expect([i, ms(e.at)]).toEqual([i, expected]);
      if (e.kind === 'step') expected += (e.step.outcome === 'skipped' ? 3 : 1) * I;
    }
    // the same as the plain interval when a skip is held one interval
    expect(liveSequence(id, records, { stepMs: I, skipHold: 1 })).toEqual(
      liveSequence(id, records, I)
    );
    expect(() => liveSequence(id, records, { stepMs: I, skipHold: 0 })).toThrowWithCode(
      DrawError,
      'LIVE_INTERVAL_INVALID'
    );
  });

  it('does hold a decline recorded during a playback until that playback has ended', () => {
    const events = liveSequence(id, records, I);
    const resultEnd = events.find((e) => e.kind === 'result' && e.source === 'draw.result')!;
    const decline = events.filter(
      (e) => e.logIndex === records.find((r) => r.entry.type === 'draw.declined')!.index
    );
    expect(declineAt).toBeLessThan(ms(resultEnd.at));
    expect(decline[0]).toMatchObject({ kind: 'decline', seq: resultEnd.seq + 1 });
    expect(ms(decline[0]!.at)).toBe(ms(resultEnd.at));
    decline.slice(1, -1).forEach((e, i) => expect(ms(e.at)).toBe(ms(resultEnd.at) + (i + 1) * I));
    const closed = events.at(-1)!;
    expect(closed).toMatchObject({ kind: 'entry', entry: { type: 'draw.closed' } });
    expect(ms(closed.at)).toBe(ms(decline.at(-1)!.at));
    // visibility never goes backwards
    for (let i = 1; i < events.length; i++)
      expect(ms(events[i]!.at)).toBeGreaterThanOrEqual(ms(events[i - 1]!.at));
  });

  it('does give the same events when extended entry by entry', () => {
    const whole = liveSequence(id, records, I);
    for (let cut = 0; cut <= records.length; cut++) {
      const head = extendLiveSequence(id, sequenceEnd([]), records.slice(0, cut), I);
      const tail = extendLiveSequence(id, sequenceEnd(head), records.slice(cut), I);
      expect([cut, [...head, ...tail]]).toEqual([cut, whole]);
    }
  });

  it('does show a whole playback at its entry time with a zero interval', () => {
    const events = liveSequence(id, records, 0);
    const resultIndex = records.find((r) => r.entry.type === 'draw.result')!.index;
    const played = events.filter((e) => e.logIndex === resultIndex);
    expect(played.every((e) => ms(e.at) === runAt)).toBe(true);
    expect(visibleCount(events, runAt)).toBe(played.at(-1)!.seq);
  });

  it('when an entry is not this draw’s, does refuse with LIVE_ENTRY_INVALID', () => {
    const other = records.map((r) => ({
      ...r,
      entry: { ...r.entry, subject: { kind: 'draw', id: 'D-2023-9999' } },
    }));
    expect(() => liveSequence(id, other, I)).toThrowWithCode(DrawError, 'LIVE_ENTRY_INVALID');
    const registry = [
      { index: 0, entry: { ...records[0]!.entry, type: 'registry.expert_created' } },
    ];
    expect(() => liveSequence(id, registry, I)).toThrowWithCode(DrawError, 'LIVE_ENTRY_INVALID');
    const tampered = [
      { index: 0, entry: { ...records[0]!.entry, data: { drawId: id, lotId: 'x' } } },
    ];
    expect(() => liveSequence(id, tampered, I)).toThrowWithCode(DrawError, 'LIVE_ENTRY_INVALID');
    const foreignData = [
      {
        index: 0,
        entry: {
          ...records[0]!.entry,
          data: { ...(records[0]!.entry.data as object), drawId: 'D-2023-9999' },
        },
      },
    ];
    expect(() => liveSequence(id, foreignData, I)).toThrowWithCode(DrawError, 'LIVE_ENTRY_INVALID');
    expect(() => liveSequence(id, records, -1)).toThrowWithCode(DrawError, 'LIVE_INTERVAL_INVALID');
    expect(() => liveSequence(id, records, 0.5)).toThrowWithCode(
      DrawError,
      'LIVE_INTERVAL_INVALID'
    );
  });
});

describe('visibleCount', () => {
  it('does count the prefix visible at an instant, step by step', () => {
    const events = liveSequence(id, records, I);
    const seed = events.find((e) => e.kind === 'seed')!;
    expect(visibleCount(events, runAt - 1)).toBe(events.filter((e) => ms(e.at) < runAt).length);
    expect(visibleCount(events, runAt)).toBe(seed.seq);
    expect(visibleCount(events, runAt + 2 * I + I / 2)).toBe(seed.seq + 2);
    expect(visibleCount(events, Number.MAX_SAFE_INTEGER)).toBe(events.length);
    expect(visibleCount([], runAt)).toBe(0);
  });
});

describe('classifyEvent', () => {
  it('does tell the next event from a duplicate and a gap', () => {
    expect(classifyEvent(0, { seq: 1 })).toBe('next');
    expect(classifyEvent(4, { seq: 5 })).toBe('next');
    expect(classifyEvent(4, { seq: 4 })).toBe('duplicate');
    expect(classifyEvent(4, { seq: 2 })).toBe('duplicate');
    expect(classifyEvent(4, { seq: 6 })).toBe('gap');
  });
});
