/**
 * `adal audit --url`, the registry part: the registry replayed from the server's public log and
 * compared with what its public registry API serves (real app, real HTTP, real SQLite). A
 * dishonest operator edits the database behind the running server; each edit shows in an answer
 * of the API, and the audit names it: the API path, the record's key, the member, logged vs served.
 * Each edit is undone before the next one. A pool frozen from an edited table is named too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditServer } from '../../auditor/audit-remote.js';
import { createDeclaration } from '../../server/lots/conflicts.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runAdal } from '../helpers/adal-cli.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { APPLICANT_BIN, BEFORE_ROUND, baseDraft, drawApi, seedLot } from '../helpers/draws.js';

let t: TestApp;
let relay: TestDrandRelay;
let lotIds: number[];
let api: ReturnType<typeof drawApi>;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 2).lotIds;
  createDeclaration(t.ctx, 'setup', {
    registryNo: 'R-0006',
    bin: APPLICANT_BIN,
    kind: 'founder',
    validFrom: '2020-01-01',
    source: 'self',
  });
  api = drawApi(await t.loginAs('operator'));
  const id = (await api.create(lotIds[0]!, baseDraft())).body.id as string;
  expect((await api.announce(id)).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await t.close();
  await relay.close();
});

const audit = () => auditServer(new URL(t.baseUrl), { vkey: t.ctx.tlog!.vkey });
const sql = (s: string) => t.ctx.db.exec(s);

interface Edit {
  what: string;
  edit: string;
  undo: string;
  table: string;
  key: string;
  column: string;
  says: string;
}

const ROW_MISSING = 'the log has this record, the server does not serve it';
const ROW_UNLOGGED = 'the server serves a record the log never created';

const EDITS: Edit[] = [
  {
    what: 'an expert silently excluded',
    edit: "UPDATE experts SET status = 'excluded' WHERE registry_no = 'R-0003'",
    undo: "UPDATE experts SET status = 'active' WHERE registry_no = 'R-0003'",
    ...{ table: '/api/public/registry', key: 'R-0003', column: 'status' },
    says: 'status is "active" in the log, "excluded" served',
  },
  {
    what: 'a gender',
    edit: "UPDATE experts SET gender = 'male' WHERE registry_no = 'R-0002'",
    undo: "UPDATE experts SET gender = NULL WHERE registry_no = 'R-0002'",
    ...{ table: '/api/public/registry', key: 'R-0002', column: 'gender' },
    says: 'gender is absent in the log, "male" served',
  },
  {
    what: 'an organization membership’s BIN',
    edit: `UPDATE expert_organizations SET bin = '${APPLICANT_BIN}' WHERE registry_no = 'R-0004'`,
    undo: "UPDATE expert_organizations SET bin = (SELECT bin FROM expert_organizations WHERE registry_no = 'R-0008') WHERE registry_no = 'R-0004'",
    ...{ table: '/api/public/registry', key: 'R-0004', column: 'organizations[0].bin' },
    says: `organizations[0].bin is "`,
  },
  {
    what: 'an inserted expert',
    edit: `INSERT INTO experts (registry_no, full_name_ru, region, languages, proposed_by, status,
             included_on, search_text, created_at, updated_at)
           VALUES ('R-0099', 'Подставной', 'KZ-71', '[]', 'operator', 'active', '2023-01-01', 'r-0099',
             '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z');
           INSERT INTO expert_directions VALUES ('R-0099', 'youth', 0)`,
    // the attacker drops the trigger that keeps experts, as an attacker would
    undo: `DELETE FROM expert_directions WHERE registry_no = 'R-0099';
           DROP TRIGGER experts_never_deleted;
           DELETE FROM experts WHERE registry_no = 'R-0099';
           CREATE TRIGGER experts_never_deleted BEFORE DELETE ON experts
           BEGIN SELECT RAISE(ABORT, 'experts are never deleted; exclude them instead'); END`,
    ...{ table: '/api/public/registry', key: 'R-0099', column: '(row)' },
    says: ROW_UNLOGGED,
  },
  {
    what: 'a direction’s name',
    edit: "UPDATE directions SET name_en = 'Youth' WHERE code = 'youth'",
    undo: "UPDATE directions SET name_en = 'Youth policy' WHERE code = 'youth'",
    ...{ table: '/api/public/directions', key: 'youth', column: 'nameEn' },
    says: 'nameEn is "Youth policy" in the log, "Youth" served',
  },
  {
    what: 'a deleted direction',
    edit: "DELETE FROM directions WHERE code = 'ecology'",
    undo: "INSERT INTO directions VALUES ('ecology', 'Экология', 'Экология', 'Ecology')",
    ...{ table: '/api/public/directions', key: 'ecology', column: '(row)' },
    says: ROW_MISSING,
  },
  {
    what: 'a conflict kind’s lookback (genesis state)',
    edit: "UPDATE conflict_kinds SET lookback_months = 0 WHERE code = 'funded_12m'",
    undo: "UPDATE conflict_kinds SET lookback_months = 12 WHERE code = 'funded_12m'",
    ...{ table: '/api/public/conflict-kinds', key: 'funded_12m', column: 'lookbackMonths' },
    says: 'lookbackMonths is 12 in the log (genesis state), 0 served',
  },
  {
    what: 'the conflict kinds reordered',
    edit: "UPDATE conflict_kinds SET rowid = 1000 WHERE code = 'member'",
    undo: "UPDATE conflict_kinds SET rowid = 1 WHERE code = 'member'",
    ...{ table: '/api/public/conflict-kinds', key: 'member', column: '(order)' },
    says: 'is number 1 in the log, 7 served',
  },
  {
    what: 'a competition’s year',
    edit: 'UPDATE competitions SET year = 2020',
    undo: 'UPDATE competitions SET year = 2023',
    ...{ table: '/api/public/competitions', key: '1', column: 'year' },
    says: 'year is 2023 in the log, 2020 served',
  },
  {
    what: 'an applicant’s BIN',
    edit: "UPDATE lot_applicants SET bin = '091140000001' WHERE lot_id = 2",
    undo: `UPDATE lot_applicants SET bin = '${APPLICANT_BIN}' WHERE lot_id = 2`,
    ...{ table: '/api/public/competitions/:id lots', key: '2', column: 'applicants[0].bin' },
    says: `applicants[0].bin is "${APPLICANT_BIN}" in the log, "091140000001" served`,
  },
  {
    what: 'a lot’s direction',
    edit: "UPDATE lots SET direction_code = 'ecology' WHERE id = 2",
    undo: "UPDATE lots SET direction_code = 'youth' WHERE id = 2",
    ...{ table: '/api/public/competitions/:id lots', key: '2', column: 'directionCode' },
    says: 'directionCode is "youth" in the log, "ecology" served',
  },
];

describe('adal audit --url: the public registry API against the log', () => {
  it('passes the honest server', async () => {
    expect(await audit()).toMatchObject({ ok: true, draws: 1 });
  });

  it.each(EDITS.map((e) => [e.what, e] as const))('names %s', async (_what, e) => {
    sql('PRAGMA foreign_keys = OFF');
    sql(e.edit);
    try {
      const r = await audit();
      expect(r.ok).toBe(false);
      const p = r.problem!;
      expect({ code: p.code, table: p.table, key: p.key, column: p.column }).toEqual({
        code: 'AUDIT_API_MISMATCH',
        table: e.table,
        key: e.key,
        column: e.column,
      });
      expect(p.message).toContain(`${e.table} ${e.key}: ${e.says}`);
    } finally {
      sql(e.undo);
      sql('PRAGMA foreign_keys = ON');
    }
    expect(await audit()).toMatchObject({ ok: true });
  });

  it('names a pool frozen from an edited table, through the CLI', async () => {
    sql("UPDATE experts SET status = 'suspended' WHERE registry_no = 'R-0002'");
    const id = (await api.create(lotIds[1]!, baseDraft())).body.id as string;
    expect((await api.announce(id)).status).toBe(200);
    sql("UPDATE experts SET status = 'active' WHERE registry_no = 'R-0002'");
    const index = t.ctx.db
      .prepare("SELECT idx FROM log_entries WHERE type = 'draw.announced' AND subject_id = ?")
      .pluck()
      .get(id) as number;
    const r = await runAdal(['audit', '--url', t.baseUrl, '--key', t.ctx.tlog!.vkey]);
    expect([r.status, r.stderr]).toEqual([
      1,
      `adal: AUDIT_POOL_MISMATCH: draw ${id}: the announced pool is not the one the logged registry gives: R-0002 is eligible by the logged registry but not in the frozen pool (entry ${index})\n`,
    ]);
  }, 60_000);
});
