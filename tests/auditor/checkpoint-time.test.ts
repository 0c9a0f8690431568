/**
 * Time lines (docs/PROTOCOL.md §Time line) written by the real TransparencyLog on a real SQLite
 * file and audited by verifyStoredLog: a log that notes verified quicknet rounds writes the latest
 * into every checkpoint after it and passes; a log whose key signed a line that is not true — a
 * signature that is not the round's, a round that goes back, a line that disappears, a round
 * before a draw.beacon entry the checkpoint covers — fails with LOG_CHECKPOINT_TIME at that
 * checkpoint. Rounds are the recorded real quicknet rounds (tests/fixtures/drand/quicknet.json).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/connection.js';
import {
  chainExtension,
  parseCheckpoint,
  signCheckpoint,
  timeAnchorOf,
  timeExtension,
} from '../../shared/checkpoint.js';
import { parseNote } from '../../shared/note.js';
import { verifyStoredLog } from '../../auditor/stored-log.js';
import { auditServer } from '../../auditor/audit-remote.js';
import { startTestApp } from '../helpers/app.js';
import { loadLogKey } from '../../server/log/log-key.js';
import {
  appendLogEntry,
  createTransparencyLog,
  type TransparencyLog,
} from '../../server/log/transparency-log.js';

const ORIGIN = 'adal.example/log';
const recorded = (
  JSON.parse(readFileSync(new URL('../fixtures/drand/quicknet.json', import.meta.url), 'utf8')) as {
    rounds: { round: number; signature: string }[];
  }
).rounds;
const round = (r: number) => {
  const x = recorded.find((y) => y.round === r)!;
  return { chain: 'quicknet' as const, round: r, signature: x.signature };
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function newLog(): { db: Db; dir: string; tlog: TransparencyLog } {
  const dir = mkdtempSync(join(tmpdir(), 'adal-time-'));
  dirs.push(dir);
  const db = openDb(join(dir, 'adal.sqlite'));
  return { db, dir, tlog: createTransparencyLog(db, dir, ORIGIN) };
}

const clock = () => new Date('2026-03-01T09:00:00Z');
function append(db: Db, tlog: TransparencyLog, type = 'draw.announced', data: object = {}) {
  db.transaction(() =>
    appendLogEntry(
      { tlog, clock },
      {
        type,
        actor: null,
        subject: type.startsWith('draw.')
          ? { kind: 'draw', id: 'D1' }
          : { kind: 'expert', id: 'R1' },
        data: { ...data },
      }
    )
  )();
}

const lines = (db: Db) =>
  (db.prepare('SELECT note FROM log_checkpoints ORDER BY size').pluck().all() as string[]).map(
    (n) => timeAnchorOf(parseCheckpoint(parseNote(n).text))?.round ?? null
  );

/**
 * Replaces checkpoint `size`'s time line with `line` (null: none) and re-signs it and every later
 * checkpoint with the log's key, chain lines redone: what an operator holding the key could do.
 */
function resign(db: Db, dir: string, size: number, line: string | null): void {
  const key = loadLogKey(dir, ORIGIN);
  for (const t of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'log_%'")
    .pluck()
    .all() as string[])
    db.exec(`DROP TRIGGER ${t}`);
  const rows = db.prepare('SELECT size, note FROM log_checkpoints ORDER BY size').all() as {
    size: number;
    note: string;
  }[];
  let previous: string | undefined;
  for (const r of rows) {
    const c = parseCheckpoint(parseNote(r.note).text);
    if (r.size >= size) {
      const time = c.extensions.filter((e) => e.startsWith('drand '));
      const extensions = [
        ...(previous ? [chainExtension(previous)] : []),
        ...(r.size === size ? (line === null ? [] : [line]) : time),
      ];
      const note = signCheckpoint({ ...c, extensions }, key.signer);
      db.prepare('UPDATE log_checkpoints SET note = ? WHERE size = ?').run(note, r.size);
      previous = note;
    } else previous = r.note;
  }
}

describe('checkpoint time lines', () => {
  it('carry the latest verified quicknet round from the append after it was noted, and audit clean', () => {
    const { db, tlog } = newLog();
    append(db, tlog);
    tlog.noteVerifiedRound(round(2));
    append(db, tlog);
    tlog.noteVerifiedRound(round(1)); // earlier: changes nothing
    tlog.noteVerifiedRound({ chain: 'default', round: 5, signature: 'ab' }); // another chain: nothing
    append(db, tlog);
    tlog.noteVerifiedRound(round(123));
    append(db, tlog, 'draw.beacon', round(123));
    expect(lines(db)).toEqual([null, null, 2, 2, 123]);
    const note = db.prepare('SELECT note FROM log_checkpoints WHERE size = 4').pluck().get();
    expect(note).toContain(`\ndrand quicknet 123 ${round(123).signature}\n`);
    expect(verifyStoredLog(db, { vkey: tlog.vkey })).toMatchObject({ ok: true, entries: 4 });
    db.close();
  });

  it('resume after a restart, from the latest line or, in a log from before time lines, from its logged beacons', () => {
    const { db, dir, tlog } = newLog();
    append(db, tlog, 'draw.beacon', round(123));
    expect(lines(db)).toEqual([null, null]); // no round noted: a log of before time lines
    const again = createTransparencyLog(db, dir, ORIGIN);
    append(db, again);
    again.noteVerifiedRound(round(3)); // earlier than the logged 123
    append(db, again);
    expect(lines(db)).toEqual([null, null, 123, 123]);
    const third = createTransparencyLog(db, dir, ORIGIN);
    append(db, third);
    expect(lines(db).at(-1)).toBe(123);
    expect(verifyStoredLog(db, { vkey: tlog.vkey }).ok).toBe(true);
    db.close();
  });

  it('a line whose signature is not its round’s fails at the first checkpoint that carries it', () => {
    const { db, tlog } = newLog();
    append(db, tlog);
    // the log's contract is to note verified rounds only; a lying operator notes any
    tlog.noteVerifiedRound({ ...round(123), round: 124 });
    append(db, tlog);
    append(db, tlog);
    const r = verifyStoredLog(db, { vkey: tlog.vkey });
    expect(r.problem).toMatchObject({ code: 'LOG_CHECKPOINT_TIME', size: 2 });
    expect(r.problem?.message).toMatch(/round 124 .*does not verify/);
    db.close();
  });

  it('a round that goes back, a line that disappears, a malformed line or one before a logged beacon fails there', () => {
    const cases: [string, (size: number) => string | null, RegExp][] = [
      ['back', () => timeExtension(round(2)), /names round 2, before round 3/],
      ['gone', () => null, /no time line after one naming round 3/],
      ['malformed', () => `drand quicknet 3 ${round(3).signature.toUpperCase()}`, /malformed/],
    ];
    for (const [name, line, message] of cases) {
      const { db, dir, tlog } = newLog();
      tlog.noteVerifiedRound(round(3));
      for (let i = 0; i < 4; i++) append(db, tlog);
      resign(db, dir, 3, line(3));
      const r = verifyStoredLog(db, { vkey: tlog.vkey });
      expect([name, r.problem]).toMatchObject([name, { code: 'LOG_CHECKPOINT_TIME', size: 3 }]);
      expect(r.problem?.message).toMatch(message);
      db.close();
    }
    const { db, dir, tlog } = newLog();
    tlog.noteVerifiedRound(round(123));
    append(db, tlog);
    append(db, tlog, 'draw.beacon', round(123));
    append(db, tlog);
    resign(db, dir, 1, timeExtension(round(3)));
    resign(db, dir, 2, timeExtension(round(3)));
    const r = verifyStoredLog(db, { vkey: tlog.vkey });
    expect(r.problem).toMatchObject({ code: 'LOG_CHECKPOINT_TIME', size: 2 });
    expect(r.problem?.message).toMatch(/round 3, before round 123 of a draw.beacon entry/);
    db.close();
  });

  it('are checked the same way by audit --url, over the public log API', async () => {
    const { db, dir, tlog } = newLog();
    tlog.noteVerifiedRound(round(3));
    // registry entries: audit --url re-verifies every draw, and these are none
    for (let i = 0; i < 4; i++) append(db, tlog, 'expert.created');
    const vkey = tlog.vkey;
    db.close();
    const serve = async () => {
      const t = await startTestApp({ dataDir: dir, config: { LOG_ORIGIN: ORIGIN } });
      try {
        return await auditServer(new URL(t.baseUrl), { vkey, allCheckpoints: true });
      } finally {
        await t.close();
      }
    };
    const good = await serve();
    expect([good.problem, good.ok]).toEqual([undefined, true]);
    const file = openDb(join(dir, 'adal.sqlite'));
    resign(file, dir, 2, timeExtension(round(1)));
    file.close();
    const r = await serve();
    expect(r.problem).toMatchObject({ code: 'LOG_CHECKPOINT_TIME', size: 2 });
    expect(r.problem?.message).toMatch(/names round 1, before round 3/);
  }, 60_000);
});
