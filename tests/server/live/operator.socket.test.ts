/**
 * The operator namespace with real socket.io-client sockets against the real app: the handshake
 * needs a real operator session cookie (signed in over HTTP) from one of our own origins; operators
 * get the viewers' stream plus draw:status, e.g. the beacon retries of a draw whose relay is down.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DrawStatus, type LiveEvent } from '../../../shared/api/events.js';
import type { TestSession } from '../../helpers/app.js';
import { AFTER_ROUND, drawApi, driveTo, seedLot } from '../../helpers/draws.js';
import {
  connected,
  connectViewer,
  emitRaw,
  RecordingViewer,
  startLiveApp,
  until,
  type LiveTestApp,
  type OperatorSocket,
} from '../../helpers/live.js';

let app: LiveTestApp;
let op: TestSession;
let witness: TestSession;
let lotId: number;

/** A second session of the same account, as a raw Cookie header and its CSRF token. */
async function signIn(s: TestSession): Promise<{ cookie: string; csrf: string }> {
  const res = await request(app.t.server)
    .post('/api/auth/login')
    .send({ username: s.user.username, password: s.password })
    .expect(200);
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]!;
  return { cookie: raw.split(';')[0]!, csrf: (res.body as { csrfToken: string }).csrfToken };
}

function operatorSocket(cookie?: string, origin?: string): OperatorSocket {
  return connectViewer(app.t.baseUrl, {
    namespace: '/operator',
    ...(cookie ? { cookie } : {}),
    ...(origin ? { origin } : {}),
  }) as unknown as OperatorSocket;
}

function refusal(s: OperatorSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    s.once('connect', () => reject(new Error('the handshake was accepted')));
    s.once('connect_error', (e) => resolve(e.message));
  });
}

beforeAll(async () => {
  app = await startLiveApp();
  op = await app.t.loginAs('operator');
  witness = await app.t.loginAs('observer');
  lotId = seedLot(app.t).lotId;
});
afterAll(async () => {
  await app?.close();
});

describe('/operator handshake', () => {
  it('does refuse a handshake without a session', async () => {
    const s = operatorSocket();
    expect(await refusal(s)).toBe('AUTH_REQUIRED');
    s.close();
  });

  it('does refuse a session that is not an operator’s, or has ended', async () => {
    const { cookie } = await signIn(witness);
    const s = operatorSocket(cookie);
    expect(await refusal(s)).toBe('AUTH_REQUIRED');
    s.close();
    const forged = operatorSocket(`adal_session=${'A'.repeat(43)}`);
    expect(await refusal(forged)).toBe('AUTH_REQUIRED');
    forged.close();
  });

  it('does refuse an operator’s cookie sent from another site, and accept our own origin', async () => {
    const { cookie } = await signIn(op);
    const foreign = operatorSocket(cookie, 'https://evil.example');
    expect(await refusal(foreign)).toBe('ORIGIN_REFUSED');
    foreign.close();
    const own = operatorSocket(cookie, app.t.baseUrl);
    await connected(own);
    own.close();
  });
});

describe('/operator stream', () => {
  it('does stream the viewers’ events plus draw:status with the beacon retries', async () => {
    const { cookie } = await signIn(op);
    const id = await driveTo(app.t, op, witness, lotId, 'reveals_closed');
    const s = operatorSocket(cookie);
    const statuses: DrawStatus[] = [];
    const events: LiveEvent[] = [];
    s.on('draw:status', (x) => statuses.push(DrawStatus.parse(x)));
    s.on('draw:event', (e) => events.push(e));
    await connected(s);
    const viewer = new RecordingViewer(app.t.baseUrl, id);
    const viewerStatus: unknown[] = [];
    await viewer.connect();
    viewer.socket.on('draw:status' as 'draw:event', (x: unknown) => viewerStatus.push(x));

    const ack = await emitRaw(s, 'draw:subscribe', { drawId: id });
    // The same catch-up as a viewer's, from the same log.
    expect(ack).toEqual({
      ok: true,
      data: { drawId: id, events: viewer.received.map((r) => r.event), lastSeq: viewer.lastSeq },
    });
    await until(() => statuses.length === 1, 5000, 'the first status');
    expect(statuses[0]).toMatchObject({
      drawId: id,
      state: 'reveals_closed',
      beaconStatus: { attempts: 0, lastError: null },
    });

    // The relay is down: the fetch fails and the waiting status changes without a log entry.
    await app.relay.down();
    app.t.clock.set(AFTER_ROUND);
    const api = drawApi(op);
    const failed = await api.fetchBeacon(id);
    expect(failed.status).toBe(503);
    await until(() => statuses.length === 2, 5000, 'the retry status');
    expect(statuses[1]!.beaconStatus).toMatchObject({
      attempts: 1,
      lastError: 'RELAY_UNAVAILABLE',
    });

    await app.relay.up();
    await api.fetchBeacon(id).expect(200);
    await until(() => statuses.some((x) => x.state === 'beacon_received'), 5000, 'beacon status');
    await until(() => viewer.lastSeq === events.at(-1)?.seq, 5000, 'the beacon event');
    expect(events.at(-1)).toMatchObject({ kind: 'entry', entry: { type: 'draw.beacon' } });
    expect(viewer.received.at(-1)!.event).toEqual(events.at(-1));
    expect(statuses.at(-1)).toMatchObject({ beaconStatus: null, seq: events.at(-1)!.seq });
    expect(viewerStatus).toEqual([]);
    s.close();
    viewer.close();
  });

  it('does refuse subscriptions once the session has ended, then drop the socket', async () => {
    const { cookie, csrf } = await signIn(op);
    const s = operatorSocket(cookie);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    await request(app.t.server)
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .expect(200);
    const ack = await emitRaw(s, 'draws:subscribe', {});
    expect(ack).toEqual({
      ok: false,
      error: { code: 'AUTH_REQUIRED', message: 'the session has ended' },
    });
    expect(await gone).toBe('io server disconnect');
  }, 15_000);
});
