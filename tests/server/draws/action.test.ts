/**
 * Each draw action and its log entry share one SQLite transaction: when the append fails, the state
 * change rolls back with it; the event bus hears of an entry only after the commit (a second,
 * independent connection already sees it), and a failing listener cannot fail a committed action.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import {
  BEFORE_ROUND,
  COMMITMENT,
  baseDraft,
  drawApi,
  drawEntries,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import type { DrawEntryEvent } from '../../../server/draws/events-bus.js';

let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];

beforeAll(async () => {
  t = await startTestApp({ now: BEFORE_ROUND });
  lotIds = seedLot(t, 2).lotIds;
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});
afterAll(async () => {
  await t.close();
});

async function committedDraft(lotId: number): Promise<string> {
  const api = drawApi(op);
  const id = (await api.create(lotId, baseDraft()).expect(201)).body.id as string;
  await api.invite(id, witness.user.username).expect(201);
  await witnessApi(witness).commit(id, COMMITMENT).expect(200);
  return id;
}

describe('draw actions and the log', () => {
  it('when the log append fails, rolls the whole action back', async () => {
    const id = await committedDraft(lotIds[0]!);
    const heard: DrawEntryEvent[] = [];
    const off = t.ctx.drawEvents!.on('entry', (e) => heard.push(e));
    const entries = drawEntries(t, id).length;
    t.ctx.db.exec(`CREATE TEMP TRIGGER fail_append BEFORE INSERT ON log_entries
      BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END`);
    try {
      const res = await drawApi(op).announce(id);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
    } finally {
      t.ctx.db.exec('DROP TRIGGER fail_append');
      off();
    }
    const row = t.ctx.db
      .prepare('SELECT state, spec_json, announcement_hash FROM draws WHERE id = ?')
      .get(id);
    expect(row).toEqual({ state: 'draft', spec_json: null, announcement_hash: null });
    const pool = t.ctx.db.prepare('SELECT COUNT(*) AS n FROM draw_pool WHERE draw_id = ?').get(id);
    expect(pool).toEqual({ n: 0 });
    expect(drawEntries(t, id)).toHaveLength(entries);
    expect(heard).toEqual([]);
    // The same action succeeds once the log accepts appends again.
    await drawApi(op).announce(id).expect(200);
    expect(drawEntries(t, id)).toHaveLength(entries + 1);
  });

  it('does tell listeners only after the commit, and a throwing listener changes nothing', async () => {
    const reader = new Database(join(t.dataDir, 'adal.sqlite'), { readonly: true });
    const seen: { type: string; state: unknown; logged: unknown }[] = [];
    const off1 = t.ctx.drawEvents!.on('entry', () => {
      throw new Error('a broken listener');
    });
    const off2 = t.ctx.drawEvents!.on('entry', (e) =>
      seen.push({
        type: e.type,
        state: (
          reader.prepare('SELECT state FROM draws WHERE id = ?').get(e.drawId) as { state: string }
        ).state,
        logged: (
          reader.prepare('SELECT type FROM log_entries WHERE idx = ?').get(e.logIndex) as {
            type: string;
          }
        ).type,
      })
    );
    try {
      const id = await committedDraft(lotIds[1]!);
      await drawApi(op).announce(id).expect(200);
      await drawApi(op).openReveals(id).expect(200);
      expect(seen.slice(-2)).toEqual([
        { type: 'draw.announced', state: 'announced', logged: 'draw.announced' },
        { type: 'draw.reveals_opened', state: 'revealing', logged: 'draw.reveals_opened' },
      ]);
    } finally {
      off1();
      off2();
      reader.close();
    }
  });
});
