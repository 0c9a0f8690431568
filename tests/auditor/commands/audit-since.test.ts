/**
 * `adal audit --url … --since-checkpoint FILE` against real servers on 127.0.0.1: an auditor keeps
 * the checkpoint a server served; later the log must still contain it (a consistency proof from it
 * to the latest, and the rebuilt tree has its root at its size). A copy of the data folder whose
 * log tail was deleted in the SQLite file (append-only triggers dropped, as an attacker with the
 * file but not the key would) still passes a plain `audit --url`, and fails `--since-checkpoint`
 * with a one-line reason; so does the same truncated log grown again past the kept size by the
 * server (a fork: another history under the same key).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { appendLogEntry } from '../../../server/log/transparency-log.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let dir: string;
let good: string;
let vkey: string;
let keptNote: string;
let keptJson: string;
let keptSize: number;

/** Appends n registry entries, one transaction (and signed checkpoint) each. */
function append(t: TestApp, n: number, tag: string): void {
  for (let i = 0; i < n; i++)
    t.ctx.db.transaction(() =>
      appendLogEntry(t.ctx, {
        type: 'expert.created',
        actor: 'registrar',
        subject: { kind: 'expert', id: `${tag}-${i}` },
        data: { registryNo: `${tag}-${i}` },
      })
    )();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-since-'));
  good = join(dir, 'good');
  mkdirSync(good);
  const t = await startTestApp({ dataDir: good });
  try {
    vkey = t.ctx.tlog!.vkey;
    append(t, 6, 'A');
    const served = await (await fetch(`${t.baseUrl}/api/public/log/checkpoint`)).text();
    const c = JSON.parse(served) as { size: number; note: string };
    keptSize = c.size;
    keptJson = join(dir, 'kept.json');
    writeFileSync(keptJson, served);
    keptNote = join(dir, 'kept.note');
    writeFileSync(keptNote, c.note);
    append(t, 4, 'B');
  } finally {
    await t.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the good data folder with the entries from index `from` on and their checkpoints deleted. */
function truncatedCopy(name: string, from: number): string {
  const copy = join(dir, name);
  mkdirSync(copy);
  copyFileSync(join(good, 'log-signing.key'), join(copy, 'log-signing.key'));
  copyFileSync(join(good, 'adal.sqlite'), join(copy, 'adal.sqlite'));
  const db = new Database(join(copy, 'adal.sqlite'));
  for (const t of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'log_%'")
    .pluck()
    .all() as string[])
    db.exec(`DROP TRIGGER ${t}`);
  db.prepare('DELETE FROM log_entries WHERE idx >= ?').run(from);
  db.prepare('DELETE FROM log_checkpoints WHERE size > ?').run(from);
  db.close();
  return copy;
}

const audit = (t: TestApp, ...more: string[]) =>
  runAdal(['audit', '--url', t.baseUrl, '--key', vkey, ...more]);

describe('adal audit --since-checkpoint', () => {
  it('does pass a log that still holds the kept checkpoint, given as the note or the served JSON', async () => {
    const t = await startTestApp({ dataDir: good });
    try {
      const [note, json] = await Promise.all([
        audit(t, '--since-checkpoint', keptNote),
        audit(t, '--since-checkpoint', keptJson),
      ]);
      for (const r of [note, json]) {
        expect([r.status, r.stderr]).toEqual([0, '']);
        expect(r.stdout).toContain(
          `since: the log still holds the kept checkpoint of size ${keptSize} (consistency proof verified)\n`
        );
        expect(r.stdout).toMatch(/AUDIT OK\n$/);
      }
    } finally {
      await t.close();
    }
  }, 60_000);

  it('does catch a log whose tail was deleted in the file, which a plain audit passes', async () => {
    const t = await startTestApp({ dataDir: truncatedCopy('truncated', keptSize - 2) });
    try {
      const [plain, since] = await Promise.all([
        audit(t),
        audit(t, '--since-checkpoint', keptNote),
      ]);
      expect([plain.status, plain.stderr]).toEqual([0, '']); // the hole this option closes
      expect(since.status).toBe(1);
      expect(since.stderr).toBe(
        `adal: LOG_CHECKPOINT_ROLLBACK: the log's latest checkpoint is of size ${keptSize - 2}, smaller than the kept checkpoint of size ${keptSize}: entries were removed or the log was rolled back (checkpoint ${keptSize})\n`
      );
    } finally {
      await t.close();
    }
  }, 60_000);

  it('does catch the truncated log grown again past the kept size (a fork under the same key)', async () => {
    const t = await startTestApp({ dataDir: truncatedCopy('forked', keptSize - 2) });
    try {
      append(t, 5, 'C');
      const r = await audit(t, '--since-checkpoint', keptNote);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^adal: LOG_CHECKPOINT_INCONSISTENT: the kept checkpoint of size ${keptSize} \\(root [0-9a-f]{64}\\) is not part of this log: [^\\n]+ \\(checkpoint ${keptSize}\\)\\n$`
        )
      );
    } finally {
      await t.close();
    }
  }, 60_000);

  it('does refuse a kept file that is not a checkpoint of the key, and the option with --db', async () => {
    const other = join(dir, 'other.note');
    writeFileSync(other, 'not a note\n');
    const [bad, db] = await Promise.all([
      runAdal(['audit', '--url', 'http://127.0.0.1:1', '--key', vkey, '--since-checkpoint', other]),
      runAdal([
        'audit',
        '--db',
        join(good, 'adal.sqlite'),
        '--key',
        vkey,
        '--since-checkpoint',
        keptNote,
      ]),
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^adal: AUDIT_SINCE_INVALID: .*other\.note is not a checkpoint of /);
    expect(db.status).toBe(2);
    expect(db.stderr).toBe('adal: AUDIT_USAGE: --since-checkpoint goes with --url\n');
  }, 60_000);
});
