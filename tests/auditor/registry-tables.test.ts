/**
 * The registry is what the log says (docs/PROTOCOL.md §Registry under audit): `adal audit --db` replays
 * every registry, lot and declaration entry and compares the public columns of the registry tables
 * with the replay. The database is a copy of the frozen v1 database (tests/fixtures/v1/v1.sqlite:
 * 36 experts with organizations, a suspended expert, a declaration, five lots, six draws — read, never
 * written), opened as an attacker with the file would: triggers dropped, foreign keys off. Each copy
 * gets one edit — a value in every registry, lot and declaration table, a deleted row, an inserted
 * row — and the audit must name the first difference: table, key, column, logged and stored value,
 * and the entry that logged the value. Edits of personal columns, which are never logged, pass.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { auditDatabase, auditInShards, type AuditReport } from '../../auditor/audit.js';
import { runAdal } from '../helpers/adal-cli.js';

const v1 = fileURLToPath(new URL('../fixtures/v1/', import.meta.url));
const vkey = readFileSync(join(v1, 'v1.vkey'), 'utf8').trim();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'adal-registry-audit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of the v1 database with `sql` run on it as an attacker would (no triggers, no FKs). */
function tampered(sql: string): string {
  const file = join(dir, `copy-${copies++}.sqlite`);
  copyFileSync(join(v1, 'v1.sqlite'), file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  for (const t of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    .pluck()
    .all() as string[])
    db.exec(`DROP TRIGGER "${t}"`);
  db.exec(sql);
  db.close();
  return file;
}

/** The one-thread audit, and the sharded one, which must agree with it. */
function audit(file: string): AuditReport {
  const db = new Database(file, { readonly: true });
  try {
    const one = auditDatabase(db, { vkey });
    const split = auditInShards(db, 3, { vkey });
    expect({ ok: split.ok, problem: split.problem }).toEqual({ ok: one.ok, problem: one.problem });
    return one;
  } finally {
    db.close();
  }
}

/** The log index of the last registry entry about `kind` `id` in the v1 database. */
function loggedAt(kind: string, id: string): number {
  const db = new Database(join(v1, 'v1.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT max(idx) FROM log_entries WHERE subject_kind = ? AND subject_id = ? AND type LIKE ?'
      )
      .pluck()
      .get(kind, id, 'registry.%') as number;
  } finally {
    db.close();
  }
}

interface Edit {
  what: string;
  sql: string;
  table: string;
  key: string;
  column: string;
  /** the message's "<logged> in the log, <stored> in the table", or a row's sentence */
  says: string;
  /** the subject whose entry logged the value (absent: a row the log never created) */
  logged?: [string, string];
}

const ROW_MISSING = 'the log has this row, the table does not';
const ROW_UNLOGGED = 'the table has a row the log never created';

const EDITS: Edit[] = [
  {
    what: 'an expert silently excluded (the issue’s lever)',
    sql: "UPDATE experts SET status = 'excluded' WHERE registry_no = 'R-0020'",
    ...{ table: 'experts', key: 'R-0020', column: 'status' },
    says: 'status is "active" in the log, "excluded" in the table',
    logged: ['expert', 'R-0020'],
  },
  {
    what: 'a suspended expert silently reinstated',
    sql: "UPDATE experts SET status = 'active' WHERE registry_no = 'R-0017'",
    ...{ table: 'experts', key: 'R-0017', column: 'status' },
    says: 'status is "suspended" in the log, "active" in the table',
    logged: ['expert', 'R-0017'],
  },
  {
    what: 'a region',
    sql: "UPDATE experts SET region = 'KZ-10' WHERE registry_no = 'R-0013'",
    ...{ table: 'experts', key: 'R-0013', column: 'region' },
    says: 'region is "KZ-75" in the log, "KZ-10" in the table',
    logged: ['expert', 'R-0013'],
  },
  {
    what: 'a gender',
    sql: "UPDATE experts SET gender = 'male' WHERE registry_no = 'R-0014'",
    ...{ table: 'experts', key: 'R-0014', column: 'gender' },
    says: 'gender is "female" in the log, "male" in the table',
    logged: ['expert', 'R-0014'],
  },
  {
    what: 'a gender removed',
    sql: "UPDATE experts SET gender = NULL WHERE registry_no = 'R-0016'",
    ...{ table: 'experts', key: 'R-0016', column: 'gender' },
    says: 'gender is "female" in the log, null in the table',
    logged: ['expert', 'R-0016'],
  },
  {
    what: 'a last commission date (the cooldown rule reads it)',
    sql: "UPDATE experts SET last_commission_on = '2026-01-01' WHERE registry_no = 'R-0003'",
    ...{ table: 'experts', key: 'R-0003', column: 'last_commission_on' },
    says: 'last_commission_on is null in the log, "2026-01-01" in the table',
    logged: ['expert', 'R-0003'],
  },
  {
    what: 'the languages',
    sql: "UPDATE experts SET languages = '[\"en\"]' WHERE registry_no = 'R-0013'",
    ...{ table: 'experts', key: 'R-0013', column: 'languages' },
    says: 'in the table',
    logged: ['expert', 'R-0013'],
  },
  {
    what: 'a deleted expert',
    sql: "DELETE FROM experts WHERE registry_no = 'R-0036'",
    ...{ table: 'experts', key: 'R-0036', column: '(row)' },
    says: ROW_MISSING,
    logged: ['expert', 'R-0036'],
  },
  {
    what: 'an inserted expert',
    sql: `INSERT INTO experts (registry_no, full_name_ru, region, languages, proposed_by, status,
            included_on, search_text, created_at, updated_at)
          VALUES ('R-0099', 'Подставной', 'KZ-71', '[]', 'operator', 'active', '2023-01-01', 'r-0099',
            '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z')`,
    ...{ table: 'experts', key: 'R-0099', column: '(row)' },
    says: ROW_UNLOGGED,
  },
  {
    what: 'an organization membership’s BIN',
    sql: "UPDATE expert_organizations SET bin = '120340000004' WHERE registry_no = 'R-0025' AND position = 1",
    ...{ table: 'expert_organizations', key: 'R-0025/1', column: 'bin' },
    says: 'bin is "091140000001" in the log, "120340000004" in the table',
    logged: ['expert', 'R-0025'],
  },
  {
    what: 'an organization membership removed (the head of the applicant)',
    sql: "DELETE FROM expert_organizations WHERE registry_no = 'R-0005'",
    ...{ table: 'expert_organizations', key: 'R-0005/0', column: '(row)' },
    says: ROW_MISSING,
    logged: ['expert', 'R-0005'],
  },
  {
    what: 'an organization membership added',
    sql: `INSERT INTO expert_organizations (registry_no, position, name, bin, role)
          VALUES ('R-0003', 1, 'ОФ «Жас Қанат»', '120340000004', 'head')`,
    ...{ table: 'expert_organizations', key: 'R-0003/1', column: '(row)' },
    says: ROW_UNLOGGED,
  },
  {
    what: 'an organization role',
    sql: "UPDATE expert_organizations SET role = 'head' WHERE registry_no = 'R-0003' AND position = 0",
    ...{ table: 'expert_organizations', key: 'R-0003/0', column: 'role' },
    says: 'role is "member" in the log, "head" in the table',
    logged: ['expert', 'R-0003'],
  },
  {
    what: 'an expert’s direction',
    sql: "UPDATE expert_directions SET direction_code = 'ecology' WHERE registry_no = 'R-0003'",
    ...{ table: 'expert_directions', key: 'R-0003/0', column: 'direction_code' },
    says: 'direction_code is "youth" in the log, "ecology" in the table',
    logged: ['expert', 'R-0003'],
  },
  {
    what: 'a declaration’s start date',
    sql: "UPDATE declarations SET valid_from = '2024-01-01' WHERE id = 1",
    ...{ table: 'declarations', key: '1', column: 'valid_from' },
    says: 'valid_from is "2021-05-01" in the log, "2024-01-01" in the table',
    logged: ['declaration', '1'],
  },
  {
    what: 'a declaration ended',
    sql: "UPDATE declarations SET valid_to = '2021-06-01' WHERE id = 1",
    ...{ table: 'declarations', key: '1', column: 'valid_to' },
    says: 'valid_to is null in the log, "2021-06-01" in the table',
    logged: ['declaration', '1'],
  },
  {
    what: 'a declaration’s kind',
    sql: "UPDATE declarations SET kind = 'other' WHERE id = 1",
    ...{ table: 'declarations', key: '1', column: 'kind' },
    says: 'kind is "founder" in the log, "other" in the table',
    logged: ['declaration', '1'],
  },
  {
    what: 'a deleted declaration',
    sql: 'DELETE FROM declarations WHERE id = 1',
    ...{ table: 'declarations', key: '1', column: '(row)' },
    says: ROW_MISSING,
    logged: ['declaration', '1'],
  },
  {
    what: 'an inserted declaration',
    sql: `INSERT INTO declarations (id, registry_no, bin, kind, valid_from, source)
          VALUES (2, 'R-0020', '120340000004', 'member', '2020-01-01', 'operator')`,
    ...{ table: 'declarations', key: '2', column: '(row)' },
    says: ROW_UNLOGGED,
  },
  {
    what: 'a lot’s direction',
    sql: "UPDATE lots SET direction_code = 'ecology' WHERE id = 2",
    ...{ table: 'lots', key: '2', column: 'direction_code' },
    says: 'direction_code is "youth" in the log, "ecology" in the table',
    logged: ['lot', '2'],
  },
  {
    what: 'an applicant’s BIN',
    sql: "UPDATE lot_applicants SET bin = '091140000001' WHERE lot_id = 3",
    ...{ table: 'lot_applicants', key: '3/0', column: 'bin' },
    says: 'bin is "120340000004" in the log, "091140000001" in the table',
    logged: ['lot', '3'],
  },
  {
    what: 'a deleted applicant',
    sql: 'DELETE FROM lot_applicants WHERE lot_id = 4',
    ...{ table: 'lot_applicants', key: '4/0', column: '(row)' },
    says: ROW_MISSING,
    logged: ['lot', '4'],
  },
  {
    what: 'an inserted lot',
    sql: `INSERT INTO lots (id, competition_id, direction_code, title_kk, title_ru)
          VALUES (6, 1, 'youth', 'Жасырын', 'Скрытый')`,
    ...{ table: 'lots', key: '6', column: '(row)' },
    says: ROW_UNLOGGED,
  },
  {
    what: 'a competition’s year',
    sql: 'UPDATE competitions SET year = 2020 WHERE id = 1',
    ...{ table: 'competitions', key: '1', column: 'year' },
    says: 'year is 2023 in the log, 2020 in the table',
    logged: ['competition', '1'],
  },
  {
    what: 'a direction’s name',
    sql: "UPDATE directions SET name_en = 'Youth' WHERE code = 'youth'",
    ...{ table: 'directions', key: 'youth', column: 'name_en' },
    says: 'name_en is "Youth policy" in the log, "Youth" in the table',
    logged: ['direction', 'youth'],
  },
  {
    what: 'a conflict kind’s lookback (of the genesis state)',
    sql: "UPDATE conflict_kinds SET lookback_months = 0 WHERE code = 'funded_12m'",
    ...{ table: 'conflict_kinds', key: 'funded_12m', column: 'lookback_months' },
    says: 'lookback_months is 12 in the log (genesis state), 0 in the table',
  },
  {
    what: 'a dropped table',
    sql: 'DROP TABLE declarations',
    ...{ table: 'declarations', key: '-', column: '(table)' },
    says: 'declarations: cannot be read (no such table: declarations)',
  },
  {
    what: 'the conflict kinds reordered (the rules read roles in this order)',
    sql: "UPDATE conflict_kinds SET rowid = 1000 WHERE code = 'member'",
    ...{ table: 'conflict_kinds', key: 'founder', column: 'order' },
    says: 'order is 1 in the log (genesis state), 0 in the table',
  },
  {
    what: 'an inserted conflict kind',
    sql: `INSERT INTO conflict_kinds (code, label_kk, label_ru, label_en) VALUES ('x', 'x', 'x', 'x')`,
    ...{ table: 'conflict_kinds', key: 'x', column: '(row)' },
    says: ROW_UNLOGGED,
  },
];

describe('adal audit --db: the registry tables against the log', () => {
  it('passes the untouched v1 database', () => {
    expect(audit(tampered('SELECT 1')).ok).toBe(true);
  });

  it.each(EDITS.map((e) => [e.what, e] as const))('detects %s', (_what, e) => {
    const r = audit(tampered(e.sql));
    expect(r.ok).toBe(false);
    const p = r.problem!;
    expect({ code: p.code, table: p.table, key: p.key, column: p.column }).toEqual({
      code: 'AUDIT_TABLE_MISMATCH',
      table: e.table,
      key: e.key,
      column: e.column,
    });
    expect(p.message).toContain(e.key === '-' ? e.table : `${e.table} ${e.key}: `);
    expect(p.message).toContain(e.says);
    expect(p.index).toBe(e.logged ? loggedAt(...e.logged) : undefined);
  });

  it('does not compare personal columns, which the log never holds', () => {
    const r = audit(
      tampered(`UPDATE experts SET iin = '880101300123', phone = '+7 700 000 00 00',
                  email = 'x@example.kz', status_reason = 'edited', search_text = 'edited';
                UPDATE declarations SET note = 'edited'`)
    );
    expect(r.ok).toBe(true);
  });

  it('prints the first difference through the CLI, exit 1', async () => {
    const file = tampered("UPDATE experts SET status = 'excluded' WHERE registry_no = 'R-0020'");
    const r = await runAdal(['audit', '--db', file, '--key', vkey]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `adal: AUDIT_TABLE_MISMATCH: experts R-0020: status is "active" in the log, "excluded" in the table (entry ${loggedAt('expert', 'R-0020')})\n`
    );
  }, 60_000);
});
