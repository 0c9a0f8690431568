/**
 * The deployment of deploy/README.md under faults, for real: the writer, three read-only edges and
 * haproxy on the shipped deploy/haproxy.cfg, as separate processes on 127.0.0.1, and 3,000
 * socket.io viewers (one in ten on HTTP long-polling, which needs haproxy's stickiness) in a process
 * of their own, watching one draw. The draw is run through haproxy; one edge is SIGKILLed
 * mid-playback (its viewers reconnect through haproxy to the other edges and resume with afterSeq),
 * then the writer is SIGKILLed mid-playback too (the edges keep releasing what is already logged).
 * "Mid-playback" is checked against the log: both kills happen before the result is due. Every
 * viewer must receive every event of the draw exactly once and in order — counted as received,
 * before any filtering.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { listEntriesBySubject } from '../../db/repos/log.repo.js';
import { fromUtf8 } from '../../shared/bytes.js';
import { liveSequence } from '../../shared/api/live-sequence.js';
import type { LiveEvent } from '../../shared/api/events.js';
import type { LogEntry } from '../../shared/schemas/log.js';
import { startTestApp, TEST_PASSWORD } from '../helpers/app.js';
import { kill, startCluster, type Cluster } from '../helpers/cluster.js';
import { baseDraft, driveTo, seedLot } from '../helpers/draws.js';
import { startDrandRelay } from '../helpers/drand-relay.js';
import type { SwarmCommand, SwarmMessage } from '../helpers/viewer-swarm.js';

const VIEWERS = 3000;
/** the production pace: a playback of about 15 s, so both kills land well inside it */
const STEP_MS = 1500;

const dataDir = mkdtempSync(join(tmpdir(), 'adal-edges-'));
let cluster: Cluster | undefined;
let swarm: ChildProcess | undefined;
afterAll(async () => {
  if (swarm && swarm.exitCode === null) {
    const gone = new Promise((r) => swarm!.once('exit', r));
    if (swarm.connected) swarm.send({ type: 'close' } satisfies SwarmCommand);
    const stop = setTimeout(() => swarm!.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(stop);
  }
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A draw ready to run (beacon received), made in-process; its id, the vkey and the operator. */
async function prepareDraw() {
  const relay = await startDrandRelay();
  const t = await startTestApp({ dataDir, config: { DRAND_URL: relay.url } });
  try {
    const { lotId } = seedLot(t);
    const op = await t.loginAs('operator');
    const witness = await t.loginAs('observer');
    // 3 members and 5 reserves out of 9 eligible: a long playback to fail in the middle of
    const draft = baseDraft({ reserves: 5 });
    const drawId = await driveTo(t, op, witness, lotId, 'beacon_received', draft);
    return { drawId, vkey: t.ctx.tlog.vkey, operator: op.user.username };
  } finally {
    await t.close();
    await relay.close();
  }
}

/** The draw's whole viewer sequence, from the stored log (read-only). */
function storedSequence(drawId: string): LiveEvent[] {
  const db = new Database(join(dataDir, 'adal.sqlite'), { readonly: true });
  try {
    const records = listEntriesBySubject(db, 'draw', drawId).map((e) => ({
      index: e.index,
      entry: JSON.parse(fromUtf8(e.data)) as LogEntry,
    }));
    return liveSequence(drawId, records, STEP_MS);
  } finally {
    db.close();
  }
}

/** The swarm's next message of a type (or its failure). */
function next<T extends SwarmMessage['type']>(
  child: ChildProcess,
  type: T
): Promise<Extract<SwarmMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: SwarmMessage) => {
      if (m.type === 'failed') return done(() => reject(new Error(m.message)));
      if (m.type === type) done(() => resolve(m as Extract<SwarmMessage, { type: T }>));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`the viewer process exited (${code})`)));
    const done = (f: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      f();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(ms - Date.now(), 0)));

describe('writer + 3 edges behind haproxy, 3,000 viewers, an edge and the writer killed', () => {
  it('does deliver every event to every viewer exactly once and in order', async () => {
    const { drawId, vkey, operator } = await prepareDraw();
    cluster = await startCluster({
      dataDir,
      vkey,
      edges: 3,
      // every viewer comes from 127.0.0.1: the per-address limits are tested on their own
      env: {
        STEP_INTERVAL_MS: String(STEP_MS),
        EDGE_POLL_MS: '100',
        LIVE_SOCKETS_PER_ADDR: '100000',
      },
      haproxyEnv: { ADAL_CONN_PER_ADDR: '100000', ADAL_REQ_PER_ADDR: '1000000' },
    });
    const c = cluster;
    swarm = fork(
      new URL('../helpers/viewer-swarm.ts', import.meta.url).pathname,
      [c.url, drawId, String(VIEWERS), '10'],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }
    );
    const { lastSeqs } = await next(swarm, 'subscribed');
    const before = storedSequence(drawId).length;
    expect(lastSeqs.every((s) => s === before)).toBe(true);

    // The run goes through haproxy to the writer: sign-in and a write.
    const op = request.agent(c.url);
    const login = await op
      .post('/api/auth/login')
      .send({ username: operator, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const run = await op
      .post(`/api/draws/${drawId}/run`)
      .set('X-CSRF-Token', login.body.csrfToken as string);
    expect(run.status).toBe(200);

    // The playback's schedule is in the log: the seed at T, step k at T + k·STEP_MS, then the result.
    const events = storedSequence(drawId);
    const seedAt = Date.parse(events[before]!.at);
    const resultAt = Date.parse(events[events.length - 1]!.at);
    expect(events[events.length - 1]!.kind).toBe('result');
    expect(resultAt - seedAt).toBeGreaterThanOrEqual(6 * STEP_MS);

    await sleepUntil(seedAt + 1.5 * STEP_MS);
    await kill(c.edges[0]!);
    const edgeKilledAt = Date.now();
    await sleepUntil(seedAt + 3.5 * STEP_MS);
    await kill(c.writer);
    const writerKilledAt = Date.now();
    // both inside the playback: its last events come from the surviving edges alone
    expect(edgeKilledAt).toBeLessThan(resultAt);
    expect(writerKilledAt).toBeLessThan(resultAt);

    const last = events[events.length - 1]!.seq;
    swarm.send({ type: 'waitFor', seq: last, timeoutMs: 60_000 } satisfies SwarmCommand);
    expect(await next(swarm, 'reached')).toMatchObject({ all: true, behind: 0 });
    swarm.send({ type: 'report' } satisfies SwarmCommand);
    const { viewers } = await next(swarm, 'report');
    expect(viewers).toHaveLength(VIEWERS);

    const expected = events.map((e) => e.seq);
    const wrong = viewers.filter(
      (v) => v.received.length !== expected.length || v.received.some((s, i) => s !== expected[i])
    );
    expect(wrong.map((v) => v.received.join(',')).slice(0, 3)).toEqual([]);
    expect(viewers.every((v) => v.subscribeFailures === 0)).toBe(true);
    // the killed edge's viewers (about a third, long-polling ones among them) came back elsewhere
    const back = viewers.filter((v) => v.connects > 1);
    expect(back.length).toBeGreaterThan(VIEWERS / 6);
    expect(back.some((v) => v.polling)).toBe(true);

    // With the writer dead, the edges still serve what is logged: the bundle, and the whole
    // sequence to a viewer that comes late.
    const bundle = await fetch(`${c.url}/api/public/draws/${drawId}/bundle`);
    expect(bundle.status).toBe(200);
    const late = fork(
      new URL('../helpers/viewer-swarm.ts', import.meta.url).pathname,
      [c.url, drawId, '1', '0'],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }
    );
    await next(late, 'subscribed');
    late.send({ type: 'report' } satisfies SwarmCommand);
    expect((await next(late, 'report')).viewers.map((v) => v.received)).toEqual([expected]);
    late.send({ type: 'close' } satisfies SwarmCommand);
  }, 240_000);
});
