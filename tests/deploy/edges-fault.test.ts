/**
 * The deployment of deploy/README.md under faults, for real: the writer, three read-only edges and
 * haproxy on the shipped deploy/haproxy.cfg, as separate processes on 127.0.0.1, and 3,000
 * socket.io viewers (one in ten on HTTP long-polling, which needs haproxy's stickiness) watching one
 * draw. The draw is run through haproxy; one edge is SIGKILLed mid-playback (its viewers reconnect
 * through haproxy to the other edges and resume with afterSeq), then the writer is SIGKILLed
 * mid-playback too (the edges keep releasing what is already logged). Every viewer must receive
 * every event of the draw exactly once and in order — counted as received, before any filtering.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { listEntriesBySubject } from '../../db/repos/log.repo.js';
import { fromUtf8 } from '../../shared/bytes.js';
import { liveSequence } from '../../shared/api/live-sequence.js';
import type { LogEntry } from '../../shared/schemas/log.js';
import { startTestApp, TEST_PASSWORD } from '../helpers/app.js';
import { kill, startCluster, type Cluster } from '../helpers/cluster.js';
import { baseDraft, driveTo, seedLot } from '../helpers/draws.js';
import { startDrandRelay } from '../helpers/drand-relay.js';
import { closeViewers, openViewers, type Viewer } from '../helpers/viewers.js';

const VIEWERS = 3000;
const STEP_MS = 800;

const dataDir = mkdtempSync(join(tmpdir(), 'adal-edges-'));
let cluster: Cluster | undefined;
let viewers: Viewer[] = [];
afterAll(async () => {
  await closeViewers(viewers);
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A draw ready to run (beacon received), made in-process; returns its id, the vkey and the operator. */
async function prepareDraw() {
  const relay = await startDrandRelay();
  const t = await startTestApp({ dataDir, config: { DRAND_URL: relay.url } });
  try {
    const { lotId } = seedLot(t);
    const op = await t.loginAs('operator');
    const witness = await t.loginAs('observer');
    // 3 members and 5 reserves out of 9 eligible: a long playback to fail in the middle of
    const drawId = await driveTo(
      t,
      op,
      witness,
      lotId,
      'beacon_received',
      baseDraft({ reserves: 5 })
    );
    return { drawId, vkey: t.ctx.tlog.vkey, operator: op.user.username };
  } finally {
    await t.close();
    await relay.close();
  }
}

/** The draw's whole viewer sequence, from the stored log after the fact. */
function expectedSeqs(drawId: string): number[] {
  const db = new Database(join(dataDir, 'adal.sqlite'), { readonly: true });
  try {
    const records = listEntriesBySubject(db, 'draw', drawId).map((e) => ({
      index: e.index,
      entry: JSON.parse(fromUtf8(e.data)) as LogEntry,
    }));
    return liveSequence(drawId, records, STEP_MS).map((e) => e.seq);
  } finally {
    db.close();
  }
}

const until = async (what: string, ok: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('writer + 3 edges behind haproxy, 3,000 viewers, an edge and the writer killed', () => {
  it('does deliver every event to every viewer exactly once and in order', async () => {
    const { drawId, vkey, operator } = await prepareDraw();
    cluster = await startCluster({
      dataDir,
      vkey,
      edges: 3,
      env: { STEP_INTERVAL_MS: String(STEP_MS), EDGE_POLL_MS: '100' },
      // every viewer comes from 127.0.0.1: the per-address limits are tested on their own
      haproxyEnv: { ADAL_CONN_PER_ADDR: '100000', ADAL_REQ_PER_ADDR: '1000000' },
    });
    const c = cluster;
    viewers = await openViewers(c.url, drawId, VIEWERS, { pollingEvery: 10 });
    const before = Math.max(...viewers.map((v) => v.lastSeq));
    expect(viewers.every((v) => v.lastSeq === before)).toBe(true);

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

    const reached = (seq: number) => () => viewers.some((v) => v.lastSeq >= seq);
    const resultSeen = () => viewers.some((v) => [...v.kinds.values()].includes('result'));
    // seed = before + 1, step k = before + 1 + k
    await until('step 2', reached(before + 3), 30_000);
    expect(resultSeen()).toBe(false);
    await kill(c.edges[0]!);
    await until('step 5', reached(before + 6), 30_000);
    expect(resultSeen()).toBe(false);
    await kill(c.writer);

    const expected = expectedSeqs(drawId);
    const last = expected[expected.length - 1]!;
    await until(
      'every viewer has the result',
      () => viewers.every((v) => v.lastSeq >= last),
      60_000
    );

    const wrong = viewers.filter(
      (v) => v.received.length !== expected.length || v.received.some((s, i) => s !== expected[i])
    );
    expect(wrong.map((v) => v.received.join(',')).slice(0, 3)).toEqual([]);
    expect(viewers.every((v) => v.subscribeFailures === 0)).toBe(true);
    // the killed edge's viewers (about a third, long-polling ones among them) came back elsewhere
    const back = viewers.filter((v) => v.connects > 1);
    expect(back.length).toBeGreaterThan(VIEWERS / 6);
    expect(back.some((v) => v.polling)).toBe(true);

    // With the writer dead, the edges still serve what is logged: the bundle, and a late viewer.
    const bundle = await fetch(`${c.url}/api/public/draws/${drawId}/bundle`);
    expect(bundle.status).toBe(200);
    const [late] = await openViewers(c.url, drawId, 1);
    viewers.push(late!);
    expect(late!.received).toEqual(expected);
  }, 240_000);
});
