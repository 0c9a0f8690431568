/**
 * A hostile viewer on the public namespace (real socket.io-client against the real app): operator
 * events, unknown events, junk payloads, missing acks, oversized packets and floods. Nothing it sends
 * may change the log or the draw; every payload is validated and refused in the one ack shape; a
 * flood ends with the server disconnecting it, while other viewers keep being served.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckFailure } from '../../../shared/api/events.js';
import { MAX_CLIENT_PACKET_BYTES } from '../../../server/live/io.js';
import { VIEWER_BUCKET } from '../../../server/live/rate-limit.js';
import { MAX_DRAWS_PER_SOCKET } from '../../../server/live/subscribe.js';
import { addLot, baseDraft, drawApi, driveTo, seedLot } from '../../helpers/draws.js';
import type { TestSession } from '../../helpers/app.js';
import {
  connected,
  connectViewer,
  emitRaw,
  sendRaw,
  RecordingViewer,
  startLiveApp,
  type LiveTestApp,
  type ViewerSocket,
} from '../../helpers/live.js';

let app: LiveTestApp;
let op: TestSession;
let competitionId: number;
let id: string;

beforeAll(async () => {
  app = await startLiveApp();
  op = await app.t.loginAs('operator');
  const witness = await app.t.loginAs('observer');
  const seeded = seedLot(app.t);
  competitionId = seeded.competitionId;
  id = await driveTo(app.t, op, witness, seeded.lotId, 'beacon_received');
});
afterAll(async () => {
  await app?.close();
});

/** What a viewer must never change: the log's size and root, and the public draw. */
async function observable() {
  const draw = await app.t.agent.get(`/api/public/draws/${id}`).expect(200);
  return { checkpoint: app.t.ctx.tlog!.latestCheckpoint(), draw: draw.body as unknown };
}

async function openViewer(): Promise<ViewerSocket> {
  const v = connectViewer(app.t.baseUrl);
  await connected(v);
  return v;
}

function disconnection(v: ViewerSocket): Promise<string> {
  return new Promise((resolve) => v.once('disconnect', (reason) => resolve(reason)));
}

describe('/live against a hostile viewer', () => {
  it('does nothing for operator events and unknown events', async () => {
    const before = await observable();
    const v = await openViewer();
    const raw = (event: string, ...args: unknown[]) => sendRaw(v, event, ...args);
    raw('draw:run', { drawId: id });
    raw('draw:cancel', { drawId: id, reason: 'from a viewer' });
    raw('draw:announce', { drawId: id });
    raw('draw:decline', { drawId: id, registryNo: 'R-0001', reason: 'x' });
    raw('log:append', { type: 'draw.closed', data: { drawId: id } });
    raw('hello');
    // Packets are handled in order: this ack comes after all of the above were.
    const ack = await emitRaw(v, 'draw:subscribe', { drawId: id });
    expect(ack).toMatchObject({ ok: true, data: { drawId: id } });
    expect(v.connected).toBe(true);
    expect(await observable()).toEqual(before);
    v.disconnect();
  });

  it('does validate every payload and refuse junk with INVALID_PAYLOAD naming the field', async () => {
    const before = await observable();
    const v = await openViewer();
    const junk: [unknown, string][] = [
      [42, ''],
      ['D-2023-0001', ''],
      [null, ''],
      [[id], ''],
      [{}, 'drawId'],
      [{ drawId: id, afterSeq: -1 }, 'afterSeq'],
      [{ drawId: id, afterSeq: 1.5 }, 'afterSeq'],
      [{ drawId: id, extra: true }, ''],
      [{ drawId: '../../etc/passwd' }, 'drawId'],
    ];
    expect(junk.length).toBeLessThan(VIEWER_BUCKET.capacity);
    for (const [payload, path] of junk) {
      const ack = await emitRaw(v, 'draw:subscribe', payload);
      const parsed = AckFailure.parse(ack);
      expect([payload, parsed.error.code]).toEqual([payload, 'INVALID_PAYLOAD']);
      expect(parsed.error.issues!.map((i) => i.path)).toContain(path);
    }
    expect(v.connected).toBe(true);
    expect(await observable()).toEqual(before);
    v.disconnect();
  });

  it('does refuse lone surrogates in a payload value or key with INVALID_PAYLOAD naming it', async () => {
    const v = await openViewer();
    const junk: [string, unknown, string][] = [
      ['draw:subscribe', { drawId: 'D-2026-\uD800' }, 'drawId'],
      ['draw:subscribe', { drawId: id, ['\uDC00']: 1 }, '\uFFFD'],
      ['draws:subscribe', { ['a\uD800']: 1 }, 'a\uFFFD'],
    ];
    for (const [event, payload, path] of junk) {
      const parsed = AckFailure.parse(await emitRaw(v, event, payload));
      expect([path, parsed.error.code]).toEqual([path, 'INVALID_PAYLOAD']);
      expect(parsed.error.issues!.map((i) => i.path)).toEqual([path]);
    }
    expect(v.connected).toBe(true);
    v.disconnect();
  });

  it('does refuse a list subscription with parameters, and survive payloads sent without an ack', async () => {
    const v = await openViewer();
    const listAck = AckFailure.parse(await emitRaw(v, 'draws:subscribe', { state: 'drawn' }));
    expect(listAck.error.code).toBe('INVALID_PAYLOAD');
    const raw = (event: string, ...args: unknown[]) => sendRaw(v, event, ...args);
    raw('draw:subscribe', { drawId: id });
    raw('draw:subscribe', 'junk');
    raw('draws:subscribe');
    const ack = await emitRaw(v, 'draw:subscribe', { drawId: id, afterSeq: 1 });
    expect(ack).toMatchObject({ ok: true, data: { drawId: id } });
    expect(v.connected).toBe(true);
    v.disconnect();
  });

  it('does disconnect a viewer that exceeds the rate limit, and keep serving the others', async () => {
    const before = await observable();
    const calm = new RecordingViewer(app.t.baseUrl, id);
    await calm.connect();
    const v = await openViewer();
    const gone = disconnection(v);
    const raw = (event: string, ...args: unknown[]) => sendRaw(v, event, ...args);
    for (let i = 0; i < VIEWER_BUCKET.capacity * 3; i++) raw('draw:subscribe', { drawId: id });
    expect(await gone).toBe('io server disconnect');
    const again = await calm.connect(calm.lastSeq);
    expect(again).toMatchObject({ ok: true, data: { drawId: id, events: [] } });
    expect(await observable()).toEqual(before);
    calm.close();
  });

  it('does drop a connection that sends a packet over the size limit', async () => {
    const v = await openViewer();
    const gone = disconnection(v);
    sendRaw(v, 'draw:subscribe', {
      drawId: 'x'.repeat(MAX_CLIENT_PACKET_BYTES + 1),
    });
    expect(await gone).toBe('transport close');
  });

  it('does not let one connection watch more than MAX_DRAWS_PER_SOCKET draws', async () => {
    const api = drawApi(op);
    const ids: string[] = [];
    for (let n = 0; n <= MAX_DRAWS_PER_SOCKET; n++) {
      const lotId = addLot(app.t, competitionId);
      ids.push((await api.create(lotId, baseDraft()).expect(201)).body.id as string);
    }
    const v = await openViewer();
    for (const drawId of ids.slice(0, MAX_DRAWS_PER_SOCKET))
      expect(await emitRaw(v, 'draw:subscribe', { drawId })).toMatchObject({ ok: true });
    const refused = AckFailure.parse(await emitRaw(v, 'draw:subscribe', { drawId: ids.at(-1) }));
    expect(refused.error.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    v.disconnect();
  });
});
