/**
 * The public namespace with real socket.io-client viewers against the real app (port 0, temp SQLite
 * file, transparency log, local drand relay): a draw is driven through the operator and witness HTTP
 * APIs while viewers watch; every viewer must end with exactly the sequence derived from the stored
 * log — each event once, in order — whether it watched from the start, dropped out mid-draw, came
 * after the end, or asked a restarted server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DrawListUpdate, DrawsSnapshot, type LiveEvent } from '../../../shared/api/events.js';
import type { TestSession } from '../../helpers/app.js';
import { addLot, drawApi, driveTo, seedLot } from '../../helpers/draws.js';
import {
  connected,
  connectViewer,
  RecordingViewer,
  startLiveApp,
  until,
  type LiveTestApp,
} from '../../helpers/live.js';

const STEP_MS = 50;
const dataDir = mkdtempSync(join(tmpdir(), 'adal-live-'));
let app: LiveTestApp;
let op: TestSession;
let id: string;
let competitionId: number;
/** the draw's sequence after run, read from the stored log once everything was played */
let afterRun: LiveEvent[];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const eventsOf = (v: RecordingViewer) => v.received.map((r) => r.event);

beforeAll(async () => {
  app = await startLiveApp({ dataDir, stepIntervalMs: STEP_MS });
  op = await app.t.loginAs('operator');
  const witness = await app.t.loginAs('observer');
  const seeded = seedLot(app.t);
  competitionId = seeded.competitionId;
  id = await driveTo(app.t, op, witness, seeded.lotId, 'beacon_received');
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/live draw:subscribe', () => {
  it('does deliver every step to 200 viewers exactly once, in order, never before its time', async () => {
    const now = () => app.nowMs();
    const viewers = Array.from({ length: 200 }, () => new RecordingViewer(app.t.baseUrl, id, now));
    const acks = await Promise.all(viewers.map((v) => v.connect()));
    const before = app.live.feed.readSequence(id);
    for (const a of acks)
      expect(a).toEqual({ ok: true, data: { drawId: id, events: before, lastSeq: before.length } });

    // One more viewer drops out after the second step and comes back with afterSeq.
    const dropper = new RecordingViewer(app.t.baseUrl, id, now);
    await dropper.connect();
    let dropped = false;
    dropper.socket.on('draw:event', (e) => {
      if (e.kind === 'step' && e.k === 2 && !dropped) {
        dropped = true;
        dropper.socket.disconnect();
      }
    });
    const list = connectViewer(app.t.baseUrl);
    const updates: DrawListUpdate[] = [];
    list.on('draws:update', (u) => updates.push(DrawListUpdate.parse(u)));
    await connected(list);
    const snapshot = await new Promise((r) => list.emit('draws:subscribe', {}, r));
    expect(DrawsSnapshot.parse((snapshot as { data: unknown }).data).draws).toEqual([
      expect.objectContaining({ id, state: 'beacon_received' }),
    ]);

    await drawApi(op).run(id).expect(200);
    const total = app.live.feed.readSequence(id);
    const steps = total.filter((e) => e.kind === 'step');
    expect(steps.length).toBeGreaterThanOrEqual(5);
    await until(() => dropped, 10_000, 'the dropper to see step 2');
    await sleep(2 * STEP_MS);
    const again = await dropper.connect(dropper.lastSeq);
    expect(again.ok && again.data.events.length).toBeGreaterThan(0);

    await until(() => [...viewers, dropper].every((v) => v.lastSeq >= total.length), 20_000, 'all');
    await sleep(3 * STEP_MS);
    afterRun = total;
    for (const v of [...viewers, dropper]) {
      expect(eventsOf(v)).toEqual(total);
      for (const r of v.received) expect(r.atMs).toBeGreaterThanOrEqual(Date.parse(r.event.at));
    }
    expect(dropper.received.some((r) => r.via === 'ack' && r.event.kind === 'step')).toBe(true);
    expect(updates).toEqual([
      { drawId: id, seq: total.length, draw: expect.objectContaining({ id, state: 'drawn' }) },
    ]);
    for (const v of [...viewers, dropper]) v.close();
    list.disconnect();
  }, 60_000);

  it('does give a viewer who comes after the end everything, and nothing twice on a resubscribe', async () => {
    const late = new RecordingViewer(app.t.baseUrl, id);
    const ack = await late.connect();
    expect(ack).toEqual({
      ok: true,
      data: { drawId: id, events: afterRun, lastSeq: afterRun.length },
    });
    const twice = await late.connect(afterRun.length);
    expect(twice).toEqual({ ok: true, data: { drawId: id, events: [], lastSeq: afterRun.length } });
    const fromMiddle = await new RecordingViewer(app.t.baseUrl, id).connect(5);
    expect(fromMiddle.ok && fromMiddle.data.events).toEqual(afterRun.slice(5));
    late.close();
  });

  it('does play a decline and the close after the result to viewers still watching', async () => {
    const viewer = new RecordingViewer(app.t.baseUrl, id, () => app.nowMs());
    await viewer.connect();
    const api = drawApi(op);
    const member = afterRun.findLast((e) => e.kind === 'result');
    if (member?.kind !== 'result') throw new Error('no result event');
    await api.decline(id, member.commission[0]!).expect(200);
    await api.close(id).expect(200);
    const total = app.live.feed.readSequence(id);
    expect(total.slice(-1)[0]).toMatchObject({ kind: 'entry', entry: { type: 'draw.closed' } });
    await until(() => viewer.lastSeq >= total.length, 10_000, 'decline playback');
    await sleep(2 * STEP_MS);
    expect(eventsOf(viewer)).toEqual(total);
    expect(total.slice(afterRun.length).map((e) => e.kind)).toEqual([
      'decline',
      ...total.slice(afterRun.length + 1, -2).map(() => 'step'),
      'result',
      'entry',
    ]);
    viewer.close();
  });

  it('does serve a viewer over HTTP long-polling (where a browser starts, or stays behind a proxy)', async () => {
    const v = connectViewer(app.t.baseUrl, { polling: true });
    await connected(v);
    expect(v.io.engine.transport.name).toBe('polling');
    const ack = await new Promise((r) => v.emit('draw:subscribe', { drawId: id }, r));
    expect(ack).toEqual({
      ok: true,
      data: { drawId: id, events: app.live.feed.readSequence(id), lastSeq: expect.any(Number) },
    });
    v.disconnect();
  });

  it('does answer an unknown draw with DRAW_NOT_FOUND in the one ack shape', async () => {
    const v = new RecordingViewer(app.t.baseUrl, 'D-2023-9999');
    expect(await v.connect()).toEqual({
      ok: false,
      // `params` for a page to say it in its reader's language (shared/i18n/ack-text.ts)
      error: {
        code: 'DRAW_NOT_FOUND',
        message: 'no draw D-2023-9999',
        params: { drawId: 'D-2023-9999' },
      },
    });
    v.close();
  });

  it('does keep drafts off the public list channel until they are announced', async () => {
    const witness = await app.t.loginAs('observer');
    const list = connectViewer(app.t.baseUrl);
    const updates: DrawListUpdate[] = [];
    list.on('draws:update', (u) => updates.push(DrawListUpdate.parse(u)));
    await connected(list);
    await new Promise((r) => list.emit('draws:subscribe', {}, r));
    const draft = await driveTo(app.t, op, witness, addLot(app.t, competitionId), 'draft');
    const snapshot = await new Promise((r) => list.emit('draws:subscribe', {}, r));
    const ids = DrawsSnapshot.parse((snapshot as { data: unknown }).data).draws.map((d) => d.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(draft);
    // Another draw driven through its draft to the announcement shows up only once announced.
    const later = await driveTo(app.t, op, witness, addLot(app.t, competitionId), 'announced');
    await until(() => updates.some((u) => u.drawId === later), 10_000, 'the announcement');
    expect(updates.map((u) => [u.drawId, u.draw.state])).toEqual([[later, 'announced']]);
    list.disconnect();
  });

  it('does serve the same sequence after a restart on the same database', async () => {
    const before = app.live.feed.readSequence(id);
    // Closing the server ends every connection, subscribed or not.
    const idle = connectViewer(app.t.baseUrl);
    const watching = new RecordingViewer(app.t.baseUrl, id);
    await connected(idle);
    await watching.connect();
    const ended = [idle, watching.socket].map(
      (s) => new Promise<string>((resolve) => s.once('disconnect', resolve))
    );
    await app.close();
    expect(await Promise.all(ended)).toEqual(['io server disconnect', 'io server disconnect']);
    app = await startLiveApp({ dataDir, stepIntervalMs: STEP_MS });
    const v = new RecordingViewer(app.t.baseUrl, id);
    const ack = await v.connect();
    expect(ack).toEqual({ ok: true, data: { drawId: id, events: before, lastSeq: before.length } });
    v.close();
  });
});

describe('a restart during the playback', () => {
  it('does release the rest of the steps from the stored log, none early, none twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adal-live-restart-'));
    const slow = 300;
    let current = await startLiveApp({ dataDir: dir, stepIntervalMs: slow });
    try {
      const o = await current.t.loginAs('operator');
      const w = await current.t.loginAs('observer');
      const drawId = await driveTo(current.t, o, w, seedLot(current.t).lotId, 'beacon_received');
      const v = new RecordingViewer(current.t.baseUrl, drawId, () => current.nowMs());
      await v.connect();
      await drawApi(o).run(drawId).expect(200);
      const planned = current.live.feed.readSequence(drawId);
      await until(() => v.received.some((r) => r.event.kind === 'step'), 10_000, 'a first step');
      const stoppedAt = current.nowMs();
      v.close();
      await current.close();

      current = await startLiveApp({ dataDir: dir, stepIntervalMs: slow, now: stoppedAt });
      v.baseUrl = current.t.baseUrl;
      const seen = v.lastSeq;
      await v.connect(seen);
      expect(current.live.feed.readSequence(drawId)).toEqual(planned);
      await until(() => v.lastSeq >= planned.length, 15_000, 'the rest of the playback');
      await sleep(slow);
      expect(eventsOf(v)).toEqual(planned);
      for (const r of v.received) expect(r.atMs).toBeGreaterThanOrEqual(Date.parse(r.event.at));
      expect(
        v.received.filter((r) => r.event.seq > seen && r.via === 'live').length
      ).toBeGreaterThan(0);
      v.close();
    } finally {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
