/**
 * The verifier and the audit flag a re-roll (docs/PROTOCOL.md §No re-roll): a real server runs real
 * draws; a modified server (the service's own write path with the no-re-roll rule left out, as an
 * operator running altered code would) cancels one draw after its result and one after its drand
 * round's time, and opens a new attempt for the lot. The cancelled draw's bundle fails check 3 with
 * DRAW_RE_ROLLED, and so do `adal audit --db` and `--url`, naming the draw and its cancel entry; an
 * early cancellation followed by a new attempt stays clean.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { auditDatabase } from '../../auditor/audit.js';
import { auditServer } from '../../auditor/audit-remote.js';
import { lateCancel, type EntryLike } from '../../shared/verify/re-roll.js';
import { verifyBundle } from '../../shared/verify.js';
import { VerificationError } from '../../shared/errors.js';
import { cancelAnyway } from '../helpers/cancel-anyway.js';
import { startTestApp, type TestApp, type TestSession } from '../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  baseDraft,
  drawApi,
  driveTo,
  seedLot,
} from '../helpers/draws.js';

let dir: string;
let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let vkey: string;
let lotIds: number[];

function entriesOf(id: string): EntryLike[] {
  return (
    t.ctx.db
      .prepare(
        "SELECT idx, CAST(data AS TEXT) AS data FROM log_entries WHERE subject_kind = 'draw' AND subject_id = ? ORDER BY idx"
      )
      .all(id) as { idx: number; data: string }[]
  ).map((r) => ({ index: r.idx, entry: JSON.parse(r.data) as EntryLike['entry'] }));
}

function auditDb() {
  const db = new Database(join(dir, 'adal.sqlite'), { readonly: true });
  try {
    return auditDatabase(db, { vkey });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-reroll-'));
  relay = await startDrandRelay();
  t = await startTestApp({ dataDir: dir, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 3).lotIds;
  op = await t.loginAs('operator');
  vkey = t.ctx.tlog!.vkey;
}, 60_000);
afterAll(async () => {
  await t.close();
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the audit and re-rolls', () => {
  let early: string;
  it('does pass a lot whose attempt was cancelled before its seed could be known', async () => {
    const witness = await t.loginAs('observer');
    early = await driveTo(t, op, witness, lotIds[0]!, 'announced');
    t.clock.set(BEFORE_ROUND.getTime() + 60_000);
    await drawApi(op).cancel(early, 'rules revised').expect(200);
    await drawApi(op).create(lotIds[0]!, baseDraft()).expect(201);
    expect(lateCancel(early, entriesOf(early))).toBeNull();
    expect(auditDb()).toMatchObject({ ok: true });
  });

  it('when a drawn draw is cancelled and the lot drawn again, fails with DRAW_RE_ROLLED', async () => {
    const witness = await t.loginAs('observer');
    const drawn = await driveTo(t, op, witness, lotIds[1]!, 'drawn');
    await drawApi(op).cancel(drawn, 'did not like it').expect(409);
    cancelAnyway(t, op.user.username, drawn, 'did not like it');
    expect(lateCancel(drawn, entriesOf(drawn))).toMatchObject({ reason: 'reveals_closed' });
    await drawApi(op).create(lotIds[1]!, baseDraft()).expect(201);
    const cancelIndex = entriesOf(drawn).at(-1)!.index;

    const bundle = (await t.agent.get(`/api/public/draws/${drawn}/bundle`).expect(200)).body;
    expect(() => verifyBundle(bundle, { trustedKeys: [vkey] })).toThrowWithCode(
      VerificationError,
      'DRAW_RE_ROLLED'
    );
    const report = auditDb();
    expect(report).toMatchObject({
      ok: false,
      problem: { code: 'DRAW_RE_ROLLED', drawId: drawn, index: cancelIndex },
    });
    expect(report.problem!.message).toContain('after its reveals were closed');
    const remote = await auditServer(new URL(t.baseUrl), { vkey });
    expect(remote.problem).toMatchObject({ code: 'DRAW_RE_ROLLED', drawId: drawn });
  });

  it('does flag a cancel made in revealing once the round time passed (by the entry time)', async () => {
    const witness = await t.loginAs('observer');
    const id = await driveTo(t, op, witness, lotIds[2]!, 'revealing');
    t.clock.set(AFTER_ROUND);
    await drawApi(op).cancel(id, 'too late').expect(409);
    cancelAnyway(t, op.user.username, id, 'too late');
    expect(lateCancel(id, entriesOf(id))).toMatchObject({
      reason: 'input_time_reached',
      cancelledAt: AFTER_ROUND.toISOString(),
    });
    const bundle = (await t.agent.get(`/api/public/draws/${id}/bundle`).expect(200)).body;
    expect(() => verifyBundle(bundle, { trustedKeys: [vkey] })).toThrowWithCode(
      VerificationError,
      'DRAW_RE_ROLLED'
    );
  });
});
