/**
 * `adal audit` on a real database file after real draws (tests/helpers/verified-draws.ts) and on the
 * real server: a clean audit passes; then, on copies of the file with the append-only and sealing
 * triggers dropped (as an attacker with file access would), one byte is flipped in every column of
 * every row of the log entries, checkpoints, draws, pool, steps, witnesses and declines, and the audit
 * must report each change with its code and the entry index (or checkpoint size) concerned. The loop
 * runs the audit engine in-process (auditor/audit.ts, what the CLI calls); one change per
 * table also goes through the spawned CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditDatabase, auditInShards, type AuditReport } from '../../../auditor/audit.js';
import { utf8 } from '../../../shared/bytes.js';
import { canonicalString } from '../../../shared/canonical.js';
import { leafHash } from '../../../shared/merkle.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { startTestApp } from '../../helpers/app.js';
import { runVerifiedDraws } from '../../helpers/verified-draws.js';

let dir: string;
let good: string;
let vkey: string;
let ids: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-audit-'));
  const d = await runVerifiedDraws({ dataDir: dir });
  vkey = d.t.ctx.tlog!.vkey;
  ids = d.ids;
  await d.close();
  good = join(dir, 'adal.sqlite');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The columns flipped per table (every column the log records a value for). */
const TABLES: Record<string, string[]> = {
  log_entries: ['idx', 'leaf_hash', 'data', 'type', 'subject_kind', 'subject_id', 'at'],
  log_checkpoints: ['size', 'root_hash', 'note'],
  draws: [
    'id',
    'lot_id',
    'attempt',
    'spec_json',
    'announcement_json',
    'announcement_hash',
    'fairness_json',
    'beacon_json',
    'public_sources_json',
    'seed_input_json',
    'seed',
    'result_json',
    'cancel_reason',
  ],
  draw_pool: ['draw_id', 'pool_no', 'registry_no', 'entry_json'],
  draw_steps: ['draw_id', 'n', 'phase', 'registry_no', 'outcome', 'step_json'],
  draw_witnesses: ['draw_id', 'witness_id', 'name', 'commitment', 'secret', 'missing'],
  draw_declines: ['draw_id', 'registry_no', 'first_step'],
};

interface Change {
  table: string;
  column: string;
  rowid: number;
}

/** Every (row, column) with a value, in table order. */
function changes(): Change[] {
  const db = new Database(good, { readonly: true });
  const out: Change[] = [];
  for (const [table, columns] of Object.entries(TABLES))
    for (const rowid of db
      .prepare(`SELECT rowid FROM ${table} ORDER BY rowid`)
      .pluck()
      .all() as number[])
      for (const column of columns) {
        const v = db.prepare(`SELECT ${column} FROM ${table} WHERE rowid = ?`).pluck().get(rowid);
        if (v !== null) out.push({ table, column, rowid });
      }
  db.close();
  return out;
}

let copies = 0;
/** A copy of the good file, opened as an attacker with the file would: triggers and foreign keys off. */
function attackerCopy(name: string): { file: string; db: Database.Database } {
  const file = join(dir, `${name}-${copies++}.sqlite`);
  copyFileSync(good, file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  for (const t of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    .pluck()
    .all() as string[])
    db.exec(`DROP TRIGGER "${t}"`);
  return { file, db };
}

/**
 * A copy of the good file with one bit of one value flipped; null when a constraint refuses it.
 */
function tamperedCopy(c: Change): string | null {
  const { file, db } = attackerCopy('copy');
  const { t, b } = db
    .prepare(
      `SELECT typeof(${c.column}) AS t, CAST(${c.column} AS BLOB) AS b FROM ${c.table} WHERE rowid = ?`
    )
    .get(c.rowid) as { t: string; b: Buffer };
  const set = (v: unknown) =>
    db
      .prepare(
        `UPDATE ${c.table} SET ${c.column} = ${t === 'text' ? 'CAST(? AS TEXT)' : '?'} WHERE rowid = ?`
      )
      .run(v, c.rowid);
  let candidates: unknown[];
  if (t === 'integer') {
    const v = db
      .prepare(`SELECT ${c.column} FROM ${c.table} WHERE rowid = ?`)
      .pluck()
      .get(c.rowid) as number;
    // bit 20 keeps keys from colliding with a neighbour; bit 0 suits 0/1 flags
    candidates = [v ^ (1 << 20), v ^ 1];
  } else {
    const bytes = Buffer.from(b);
    bytes[bytes.length >> 1] ^= 1;
    candidates = [bytes];
  }
  for (const v of candidates)
    try {
      set(v);
      db.close();
      return file;
    } catch (e) {
      // a CHECK, UNIQUE or PRIMARY KEY constraint refuses this value
      if (!(e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw e;
    }
  db.close();
  return null;
}

/** The one-thread audit of a file; with `shards`, also the sharded one, which must agree. */
function auditFile(file: string, shards?: number): AuditReport {
  const db = new Database(file, { readonly: true });
  try {
    const one = auditDatabase(db, { vkey });
    if (shards !== undefined) {
      const split = auditInShards(db, shards, { vkey });
      expect({ ok: split.ok, problem: split.problem }).toEqual({
        ok: one.ok,
        problem: one.problem,
      });
    }
    return one;
  } finally {
    db.close();
  }
}

/** Log indices of each draw's entries (the indices a table problem may name). */
function drawIndices(): Map<string, number[]> {
  const db = new Database(good, { readonly: true });
  const rows = db
    .prepare("SELECT subject_id, idx FROM log_entries WHERE subject_kind = 'draw' ORDER BY idx")
    .raw()
    .all() as [string, number][];
  db.close();
  const m = new Map<string, number[]>();
  for (const [id, idx] of rows) m.set(id, [...(m.get(id) ?? []), idx]);
  return m;
}

describe('adal audit', () => {
  it('does pass a real database, with the pinned key and (warning) with the key beside it', async () => {
    const [pinned, beside, threaded] = await Promise.all([
      runAdal(['audit', '--db', good, '--key', vkey]),
      runAdal(['audit', '--db', good]),
      runAdal(['audit', '--db', good, '--key', vkey, '--threads', '4']),
    ]);
    expect([pinned.status, pinned.stderr]).toEqual([0, '']);
    // on 4 threads (3 worker threads sharing the log, draws and checkpoints): the same summary
    expect([threaded.status, threaded.stderr, threaded.stdout]).toEqual([0, '', pinned.stdout]);
    expect(pinned.stdout).toMatch(
      /^log: \d+ entries, \d+ signed checkpoint\(s\).*\ndraws: 3 re-verified.*\nAUDIT OK\n$/
    );
    expect(beside.status).toBe(0);
    expect(beside.stderr).toMatch(/^warning: using the verifier key of .*log-signing\.key/);
  }, 60_000);

  it('does pass the running server over its public log API, every checkpoint included', async () => {
    const t = await startTestApp({ dataDir: dir });
    try {
      const [pinned, served] = await Promise.all([
        runAdal(['audit', '--url', t.baseUrl, '--key', vkey, '--all-checkpoints']),
        runAdal(['audit', '--url', t.baseUrl]),
      ]);
      expect([pinned.status, pinned.stderr]).toEqual([0, '']);
      const size = t.ctx.tlog!.size();
      // one checkpoint per transaction: count what the log actually signed
      const { n } = t.ctx.db.prepare('SELECT count(*) AS n FROM log_checkpoints').get() as {
        n: number;
      };
      expect(pinned.stdout).toContain(`log: ${size} entries, ${n} signed checkpoint(s)`);
      expect(pinned.stdout).toMatch(/draws: 3 re-verified[^\n]*\nAUDIT OK\n$/);
      expect(served.status).toBe(0);
      expect(served.stderr).toMatch(/^warning: using the key served by http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('does catch a server that serves an entry other than the one it logged', async () => {
    const served = mkdtempSync(join(dir, 'served-'));
    copyFileSync(good, join(served, 'adal.sqlite'));
    copyFileSync(join(dir, 'log-signing.key'), join(served, 'log-signing.key'));
    const db = new Database(join(served, 'adal.sqlite'));
    db.exec('DROP TRIGGER log_entries_append_only_update');
    const index = db
      .prepare("SELECT idx FROM log_entries WHERE type = 'draw.closed' ORDER BY idx LIMIT 1")
      .pluck()
      .get() as number;
    db.prepare(
      "UPDATE log_entries SET data = CAST(replace(CAST(data AS TEXT), 'draw.closed', 'draw.clozed') AS BLOB) WHERE idx = ?"
    ).run(index);
    db.close();
    const t = await startTestApp({ dataDir: served });
    try {
      const r = await runAdal(['audit', '--url', t.baseUrl, '--key', vkey]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        `adal: LOG_ENTRY_HASH: entry ${index}: leaf hash does not match its data (entry ${index})\n`
      );
    } finally {
      await t.close();
    }
  }, 60_000);

  it('does detect a flipped byte in every column of every row, naming the code and entry', () => {
    const indices = drawIndices();
    const all = changes();
    expect(all.length).toBeGreaterThan(300);
    const missed: string[] = [];
    const tables = new Set<string>();
    let refused = 0;
    const refusedBy = new Set<string>();
    for (const c of all) {
      const file = tamperedCopy(c);
      if (file === null) {
        refused++;
        refusedBy.add(`${c.table}.${c.column}`);
        continue;
      }
      // every third change is also audited in 3 shards (what worker threads run), which must
      // report the very same first problem
      const r = auditFile(file, all.indexOf(c) % 3 === 0 ? 3 : undefined);
      rmSync(file);
      const what = `${c.table}.${c.column} row ${c.rowid}`;
      const p = r.problem;
      if (r.ok || !p) {
        missed.push(`${what}: not detected`);
        continue;
      }
      tables.add(c.table);
      const logTable = c.table.startsWith('log_');
      const okCode = logTable ? p.code.startsWith('LOG_') : p.code.startsWith('AUDIT_');
      const located = logTable
        ? p.index !== undefined || p.size !== undefined
        : p.code === 'AUDIT_DRAW_UNLOGGED' || (indices.get(p.drawId!) ?? []).includes(p.index!);
      if (!okCode || !located) missed.push(`${what}: ${p.code} ${p.message}`);
    }
    expect(missed).toEqual([]);
    expect([...tables].sort()).toEqual(Object.keys(TABLES).sort());
    // every change was applied: nothing was left out because the schema refused it
    expect([...refusedBy].sort()).toEqual([]);
    expect(refused).toBe(0);
  }, 600_000);

  it('does report an entry that is no valid envelope, even with its leaf hash recomputed', () => {
    // An attacker who rewrites an entry as canonical JSON and fixes its leaf hash: the entry is
    // still named (its place comes before any checkpoint of a size that covers it), whether it is a
    // draw's entry (read with its draw, whose bundle then skips the schema) or not; in the second
    // case another entry of the same draw is broken as well, LATER in the log.
    const db0 = new Database(good, { readonly: true });
    const [drawA, drawB, other] = [
      "SELECT idx FROM log_entries WHERE type = 'draw.announced' ORDER BY idx LIMIT 1",
      "SELECT idx FROM log_entries WHERE type = 'draw.created' ORDER BY idx LIMIT 1 OFFSET 1",
      "SELECT idx FROM log_entries WHERE subject_kind <> 'draw' ORDER BY idx DESC LIMIT 1",
    ].map((q) => db0.prepare(q).pluck().get() as number);
    const laterOfB = db0
      .prepare(
        'SELECT MAX(idx) FROM log_entries WHERE subject_id = (SELECT subject_id FROM log_entries WHERE idx = ?)'
      )
      .pluck()
      .get(drawB) as number;
    db0.close();
    const cases: [string, (e: Record<string, unknown>) => void, number, number?][] = [
      ['unknown envelope field', (e) => (e.extra = 1), drawA],
      ['empty actor', (e) => (e.actor = ''), drawB, laterOfB],
      ['bad time', (e) => (e.at = 'yesterday'), other],
    ];
    for (const [what, change, index, alsoBreak] of cases) {
      const { file, db } = attackerCopy('envelope');
      const data = db.prepare('SELECT data FROM log_entries WHERE idx = ?').pluck().get(index);
      const entry = JSON.parse(Buffer.from(data as Buffer).toString('utf8'));
      change(entry);
      const bytes = utf8(canonicalString(entry));
      db.prepare('UPDATE log_entries SET data = ?, leaf_hash = ? WHERE idx = ?').run(
        bytes,
        leafHash(bytes),
        index
      );
      if (alsoBreak !== undefined)
        db.prepare('UPDATE log_entries SET leaf_hash = zeroblob(32) WHERE idx = ?').run(alsoBreak);
      db.close();
      const r = auditFile(file, 3);
      rmSync(file);
      expect([what, r.problem?.code, r.problem?.index]).toEqual([what, 'LOG_ENTRY_INVALID', index]);
      expect(r.problem?.message).toBe(`entry ${index}: not a valid log entry`);
    }
  });

  it("does name a decline's public category changed in the table (the public pages read it there)", () => {
    const { file, db } = attackerCopy('category');
    const changed = db
      .prepare("UPDATE draw_declines SET category = 'other' WHERE category = 'declined'")
      .run().changes;
    db.close();
    const r = auditFile(file, 3);
    expect([changed, r.ok, r.problem?.code, (r.problem as { column?: string })?.column]).toEqual([
      1,
      false,
      'AUDIT_TABLE_MISMATCH',
      'category',
    ]);
  });

  it('does exit 1 through the CLI with the code and the entry index, one change per table', async () => {
    const picks: [Change, RegExp][] = [
      [
        { table: 'log_entries', column: 'data', rowid: 25 },
        /^adal: LOG_ENTRY_HASH: .*\(entry 25\)\n$/,
      ],
      [
        { table: 'log_checkpoints', column: 'note', rowid: 30 },
        /^adal: LOG_CHECKPOINT_[A-Z]+: .*\(checkpoint 30\)\n$/,
      ],
      [
        { table: 'draws', column: 'result_json', rowid: 1 },
        /^adal: AUDIT_TABLE_MISMATCH: draws of D-.*result_json.*\(entry \d+\)\n$/,
      ],
      [
        { table: 'draw_pool', column: 'entry_json', rowid: 2 },
        /^adal: AUDIT_TABLE_MISMATCH: draw_pool of D-.*\(entry \d+\)\n$/,
      ],
      [
        { table: 'draw_steps', column: 'step_json', rowid: 3 },
        /^adal: AUDIT_TABLE_MISMATCH: draw_steps of D-.*\(entry \d+\)\n$/,
      ],
    ];
    const files = picks.map(([c]) => tamperedCopy(c)!);
    const runs = await Promise.all(files.map((f) => runAdal(['audit', '--db', f, '--key', vkey])));
    // the same audit on 3 threads (2 worker threads) must report the same first problem
    const threaded = await Promise.all(
      files.map((f) => runAdal(['audit', '--db', f, '--key', vkey, '--threads', '3']))
    );
    runs.forEach((r, i) => {
      expect([picks[i]![0].table, r.status]).toEqual([picks[i]![0].table, 1]);
      expect(r.stderr).toMatch(picks[i]![1]);
      expect(r.stdout).not.toContain('AUDIT OK');
      expect([threaded[i]!.status, threaded[i]!.stderr]).toEqual([1, r.stderr]);
    });
    expect(Object.values(ids)).toHaveLength(3);
  }, 120_000);

  it('does exit 2 for usage errors and files that are not an Adal Draw database', async () => {
    const foreign = join(dir, 'foreign.sqlite');
    new Database(foreign).exec('CREATE TABLE t (x)');
    writeFileSync(join(dir, 'text.sqlite'), 'not a database');
    const runs = await Promise.all([
      runAdal(['audit']),
      runAdal(['audit', '--db', good, '--url', 'http://127.0.0.1:1']),
      runAdal(['audit', '--db', join(dir, 'missing.sqlite'), '--key', vkey]),
      runAdal(['audit', '--db', foreign, '--key', vkey]),
      runAdal(['audit', '--db', join(dir, 'text.sqlite'), '--key', vkey]),
      runAdal(['audit', '--url', 'http://127.0.0.1:1', '--key', vkey]),
      runAdal(['audit', '--db', good, '--key', 'not-a-key']),
      runAdal(['audit', '--db', good, '--key', vkey, '--threads', '0']),
    ]);
    expect(runs.map((r) => r.status)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr.match(/^adal: ([A-Z_]+):/)?.[1])).toEqual([
      'AUDIT_USAGE',
      'AUDIT_USAGE',
      'AUDIT_DB_UNREADABLE',
      'AUDIT_DB_UNREADABLE',
      'AUDIT_DB_UNREADABLE',
      'AUDIT_FETCH_FAILED',
      'AUDIT_KEY_INVALID',
      'AUDIT_USAGE',
    ]);
  }, 60_000);
});
