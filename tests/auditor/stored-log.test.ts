/**
 * verifyStoredLog on a real SQLite file: a good log passes; a byte changed in any column of any entry
 * or checkpoint row (append-only triggers dropped, as an attacker with the file would) is found, with
 * the entry index or tree size it concerns.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb, type Db } from '../../db/connection.js';
import { chainExtension } from '../../shared/checkpoint.js';
import { verifyStoredLog, type LogProblem } from '../../auditor/stored-log.js';
import { appendLogEntry, createTransparencyLog } from '../../server/log/transparency-log.js';

const ENTRIES = 6;
let dir: string;
let vkey: string;
let good: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'adal-logv-'));
  good = join(dir, 'good.sqlite');
  const db = openDb(good);
  const tlog = createTransparencyLog(db, dir, 'adal.example/log');
  vkey = tlog.vkey;
  const clock = () => new Date('2026-03-01T09:00:00Z');
  for (let i = 0; i < ENTRIES; i++)
    db.transaction(() =>
      appendLogEntry(
        { tlog, clock },
        {
          type: i % 2 ? 'draw.revealed' : 'draw.announced',
          actor: i % 2 ? null : 'op',
          subject: { kind: 'draw', id: `D${i}` },
          data: { i, text: 'Сарапшы — эксперт' },
        }
      )
    )();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of the good file with its append-only triggers dropped, as an attacker would. */
function tamperable(): Db {
  const file = join(dir, `copy-${copies++}.sqlite`);
  copyFileSync(good, file);
  const db = new Database(file);
  for (const t of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'log_%'")
    .pluck()
    .all() as string[])
    db.exec(`DROP TRIGGER ${t}`);
  return db;
}

/** Changes one byte (or one character) of a value. */
function flip(v: unknown, at: number): unknown {
  if (typeof v === 'number') return v + 1 + at;
  if (typeof v === 'string') {
    const i = at % v.length;
    const c = v.charCodeAt(i);
    return v.slice(0, i) + String.fromCharCode(c === 0x41 ? 0x42 : 0x41) + v.slice(i + 1);
  }
  const b = Uint8Array.from(v as Uint8Array);
  b[at % b.length]! ^= 0x01;
  return b;
}

describe('verifyStoredLog', () => {
  it('does pass a good log and rebuild its tree', () => {
    const db = openDb(good);
    const r = verifyStoredLog(db, { vkey });
    db.close();
    expect(r).toMatchObject({ ok: true, entries: ENTRIES, checkpoints: ENTRIES + 1 });
    expect(r.problem).toBeUndefined();
  });

  it('does find a changed byte in every column of every entry, with or without envelope checks', () => {
    const missed: string[] = [];
    const db = tamperable();
    const cols = ['leaf_hash', 'data', 'type', 'subject_kind', 'subject_id', 'at'];
    for (let idx = 0; idx < ENTRIES; idx++)
      for (const col of cols)
        for (const at of [0, 5, 17]) {
          const before = db
            .prepare(`SELECT ${col} FROM log_entries WHERE idx = ?`)
            .pluck()
            .get(idx);
          const run = db.transaction(() => {
            db.prepare(`UPDATE log_entries SET ${col} = ? WHERE idx = ?`).run(
              flip(before, at),
              idx
            );
            for (const envelopes of [true, false]) {
              const r = verifyStoredLog(db as unknown as Db, { vkey, envelopes });
              if (r.ok || r.problem?.index !== idx)
                missed.push(`${col}@${idx}+${at} (envelopes ${envelopes}): ${r.problem?.code}`);
            }
            throw new Error('undo');
          });
          expect(run).toThrow('undo');
        }
    db.close();
    expect(missed).toEqual([]);
  });

  it('does find a changed character or byte anywhere in every checkpoint', () => {
    const missed: string[] = [];
    const db = tamperable();
    for (let size = 0; size <= ENTRIES; size++) {
      const row = db
        .prepare('SELECT note, root_hash FROM log_checkpoints WHERE size = ?')
        .get(size) as {
        note: string;
        root_hash: Uint8Array;
      };
      const cases: [string, unknown][] = [];
      for (let i = 0; i < row.note.length; i++) cases.push(['note', flip(row.note, i)]);
      for (let i = 0; i < 32; i++) cases.push(['root_hash', flip(row.root_hash, i)]);
      cases.push(['size', ENTRIES + 5]);
      for (const [col, value] of cases) {
        const run = db.transaction(() => {
          db.prepare(`UPDATE log_checkpoints SET ${col} = ? WHERE size = ?`).run(value, size);
          const r = verifyStoredLog(db as unknown as Db, { vkey });
          if (r.ok) missed.push(`${col} of ${size}: ${String(value).slice(0, 40)}`);
          throw new Error('undo');
        });
        expect(run).toThrow('undo');
      }
    }
    db.close();
    expect(missed).toEqual([]);
  });

  it('when rows are deleted or a foreign checkpoint is added, names the place', () => {
    const expectProblem = (sql: string, want: Partial<LogProblem>) => {
      const db = tamperable();
      db.exec(sql);
      const r = verifyStoredLog(db as unknown as Db, { vkey });
      db.close();
      expect(r.problem).toMatchObject(want);
    };
    expectProblem('DELETE FROM log_entries WHERE idx = 2', { code: 'LOG_ENTRY_GAP', index: 3 });
    expectProblem(`DELETE FROM log_entries WHERE idx = ${ENTRIES - 1}`, {
      code: 'LOG_CHECKPOINT_BEYOND',
      size: ENTRIES,
    });
    expectProblem(`DELETE FROM log_checkpoints WHERE size = ${ENTRIES}`, {
      code: 'LOG_CHECKPOINT_MISSING',
    });
    expectProblem(
      "UPDATE log_checkpoints SET note = note || '— adal.example/log AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' || char(10) WHERE size = 3",
      { code: 'LOG_CHECKPOINT_SIGNATURE', size: 3 }
    );
  });

  it('when a middle signature is bad but the chain was redone after it, finds it at the latest signature or, checking all, at that checkpoint', () => {
    const db = tamperable();
    const rows = db.prepare('SELECT size, note FROM log_checkpoints ORDER BY size').all() as {
      size: number;
      note: string;
    }[];
    // Damage checkpoint 2's signature, then re-chain 3.. so every link holds.
    const bad = (note: string) =>
      note.replace(
        / (\S+)\n$/,
        // a character in the signature proper (the first 6 carry the key ID)
        (_m, b64: string) => ` ${b64.slice(0, 50)}${b64[50] === 'A' ? 'B' : 'A'}${b64.slice(51)}\n`
      );
    let previous = '';
    for (const r of rows) {
      let note = r.note;
      if (r.size === 2) note = bad(note);
      if (r.size > 2) note = note.replace(/\nprev \S+\n/, `\n${chainExtension(previous)}\n`);
      db.prepare('UPDATE log_checkpoints SET note = ? WHERE size = ?').run(note, r.size);
      previous = note;
    }
    const latest = verifyStoredLog(db as unknown as Db, { vkey });
    expect(latest.problem).toMatchObject({ code: 'LOG_CHECKPOINT_SIGNATURE', size: ENTRIES });
    const all = verifyStoredLog(db as unknown as Db, { vkey, signatures: 'all' });
    expect(all.problem).toMatchObject({ code: 'LOG_CHECKPOINT_SIGNATURE', size: 2 });
    db.close();
  });

  it('when checked against another key, fails at the first checkpoint', () => {
    const other = mkdtempSync(join(tmpdir(), 'adal-logv-other-'));
    const db2 = openDb(join(other, 'x.sqlite'));
    const otherKey = createTransparencyLog(db2, other, 'adal.example/log').vkey;
    db2.close();
    rmSync(other, { recursive: true, force: true });
    const db = openDb(good);
    const r = verifyStoredLog(db, { vkey: otherKey });
    db.close();
    expect(r.problem).toMatchObject({ code: 'LOG_CHECKPOINT_SIGNATURE', size: 0 });
  });
});
