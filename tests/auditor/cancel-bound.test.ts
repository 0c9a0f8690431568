/**
 * The time of a cancel bounded by real checkpoints (docs/PROTOCOL.md §No re-roll, "Time of a
 * cancel"): a real server fetches a real recorded drand round (quicknet 123) for one draw, so every
 * checkpoint it signs from then on carries the time line `drand quicknet 123 …`. A modified server
 * whose clock is set back (the write path with the no-re-roll rule left out) then cancels a draw
 * announced for that same round, its entry dated before the round's time: by its `at` alone the cancel
 * looks early, but the first checkpoint holding it was signed no earlier than round 123's time, when
 * the seed could be known — `adal audit --db` and `--url --all-checkpoints` flag DRAW_RE_ROLLED from
 * that proof, naming the checkpoint and round. A draw announced for a later round, cancelled while the
 * time line still names an earlier one, stays clean.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { auditDatabase } from '../../auditor/audit.js';
import { auditServer } from '../../auditor/audit-remote.js';
import { findCheckpointCovering } from '../../db/repos/log.repo.js';
import { coveringTime } from '../../shared/verify/cancel-bound.js';
import { lateCancel } from '../../shared/verify/re-roll.js';
import { verifyBundle } from '../../shared/verify.js';
import { cancelAnyway } from '../helpers/cancel-anyway.js';
import { startTestApp, type TestApp, type TestSession } from '../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  BEFORE_ROUND,
  ROUND,
  ROUND_AT,
  baseDraft,
  drawApi,
  drawEntries,
  driveTo,
  seedLot,
} from '../helpers/draws.js';

let dir: string;
let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let vkey: string;
let lotIds: number[];
/** announced for round 123, revealing; announced for a later round; beacon received */
let backdated: string;
let later: string;

function auditDb() {
  const db = new Database(join(dir, 'adal.sqlite'), { readonly: true });
  try {
    return auditDatabase(db, { vkey });
  } finally {
    db.close();
  }
}

function cancelIndex(id: string): number {
  return drawEntries(t, id).find((e) => e.type === 'draw.cancelled')!.index;
}

function entriesOf(id: string) {
  return (
    t.ctx.db
      .prepare(
        "SELECT idx, CAST(data AS TEXT) AS data FROM log_entries WHERE subject_kind = 'draw' AND subject_id = ? ORDER BY idx"
      )
      .all(id) as { idx: number; data: string }[]
  ).map((r) => ({
    index: r.idx,
    entry: JSON.parse(r.data) as { type: string; at: string; data: unknown },
  }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-cancel-bound-'));
  relay = await startDrandRelay();
  t = await startTestApp({ dataDir: dir, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 4).lotIds;
  op = await t.loginAs('operator');
  vkey = t.ctx.tlog!.vkey;
  const witness = await t.loginAs('observer');
  backdated = await driveTo(t, op, witness, lotIds[0]!, 'revealing');
  const draft = baseDraft();
  draft.entropy = { ...draft.entropy!, drand: { ...draft.entropy!.drand!, round: ROUND + 100 } };
  later = await driveTo(t, op, witness, lotIds[1]!, 'announced', draft);
  // the log verifies round 123 (clock after its time): its checkpoints carry the time line from now on
  await driveTo(t, op, witness, lotIds[2]!, 'beacon_received');
  // the modified server's clock, set back before round 123's time
  t.clock.set(BEFORE_ROUND.getTime() + 120_000);
}, 60_000);
afterAll(async () => {
  await t.close();
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a cancel bounded by the time line of the first checkpoint holding it', () => {
  it('does pass a cancel whose first checkpoint names a round before the seed could be known', async () => {
    await drawApi(op).cancel(later, 'rules revised').expect(200);
    const bound = coveringTime(findCheckpointCovering(t.ctx.db, cancelIndex(later))!.note);
    expect(bound).toMatchObject({ round: ROUND, notBeforeMs: ROUND_AT.getTime() });
    await drawApi(op).create(lotIds[1]!, baseDraft()).expect(201);
    expect(auditDb()).toMatchObject({ ok: true });
  });

  it('does flag a backdated cancel from the checkpoint, though its entry time is before the round', async () => {
    cancelAnyway(t, op.user.username, backdated, 'rules revised');
    await drawApi(op).create(lotIds[0]!, baseDraft()).expect(201);
    const index = cancelIndex(backdated);
    const [cancel] = entriesOf(backdated).filter((e) => e.entry.type === 'draw.cancelled');
    expect(Date.parse(cancel!.entry.at)).toBeLessThan(ROUND_AT.getTime());
    // by the entry's own time it is not late: that is the operator's clock
    expect(lateCancel(backdated, entriesOf(backdated))).toBeNull();
    const first = coveringTime(findCheckpointCovering(t.ctx.db, index)!.note)!;
    expect(first.round).toBeGreaterThanOrEqual(ROUND);

    const local = auditDb();
    expect(local.problem).toMatchObject({ code: 'DRAW_RE_ROLLED', drawId: backdated, index });
    expect(local.problem!.message).toContain(
      `checkpoint ${first.size}, the first to hold entry ${index}`
    );
    expect(local.problem!.message).toContain(`quicknet round ${first.round}`);
    expect(local.problem!.message).toContain(`its entry says ${cancel!.entry.at}`);

    const remote = await auditServer(new URL(t.baseUrl), { vkey, allCheckpoints: true });
    expect(remote.problem).toMatchObject({ code: 'DRAW_RE_ROLLED', drawId: backdated, index });
    // the latest checkpoint alone does not say when the cancel came: no bound, as documented
    expect(await auditServer(new URL(t.baseUrl), { vkey })).toMatchObject({ ok: true });
    // nor does a bundle, which carries one checkpoint that may be any later one
    const bundle = (await t.agent.get(`/api/public/draws/${backdated}/bundle`).expect(200)).body;
    expect(verifyBundle(bundle, { trustedKeys: [vkey] }).drawId).toBe(backdated);
  });
});
