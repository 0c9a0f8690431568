/**
 * `adal backup` as a real child process against the live database of a running test app with real
 * draws: the copy is made while the server is up, is one private file, audits OK, and restores into
 * a server that serves the same signed checkpoint; a damaged database is copied but not reported as
 * good; a target that exists or an unreadable database is a usage error.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_KEY_FILE } from '../../../auditor/log-key-file.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { startTestApp } from '../../helpers/app.js';
import { runVerifiedDraws, type VerifiedDraws } from '../../helpers/verified-draws.js';

let w: VerifiedDraws;
let out: string;

beforeAll(async () => {
  w = await runVerifiedDraws();
  out = mkdtempSync(join(tmpdir(), 'adal-backup-'));
}, 120_000);
afterAll(async () => {
  await w?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('adal backup', () => {
  it('does copy the live database, audit the copy and restore to the same log', async () => {
    const to = join(out, 'copy.sqlite');
    const r = await runAdal(['backup', '--to', to, '--data-dir', w.t.dataDir]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^copied .* → .*copy\.sqlite \(\d+ pages, \d+ bytes\)\n/);
    expect(r.stdout).toMatch(/audit of the copy: \d+ entries, \d+ checkpoint\(s\), 3 draw\(s\)\n/);
    expect(r.stdout.endsWith('BACKUP OK\n')).toBe(true);
    expect(statSync(to).mode & 0o777).toBe(0o600);
    expect([existsSync(`${to}-wal`), existsSync(`${to}-shm`)]).toEqual([false, false]);

    // Restore: the copy and the separately kept key make a data folder a server starts from.
    const restored = mkdtempSync(join(tmpdir(), 'adal-restored-'));
    copyFileSync(to, join(restored, 'adal.sqlite'));
    copyFileSync(join(w.t.dataDir, LOG_KEY_FILE), join(restored, LOG_KEY_FILE));
    const t2 = await startTestApp({ dataDir: restored });
    try {
      const live = await w.t.agent.get('/api/public/log/checkpoint').expect(200);
      const back = await t2.agent.get('/api/public/log/checkpoint').expect(200);
      expect(back.body).toEqual(live.body);
    } finally {
      await t2.close();
      rmSync(restored, { recursive: true, force: true });
    }
  });

  it('when the database does not audit, does keep the copy and exit 1 naming the problem', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'adal-damaged-'));
    const to = join(out, 'damaged-copy.sqlite');
    try {
      const src = new Database(join(w.t.dataDir, 'adal.sqlite'), { readonly: true });
      await src.backup(join(damaged, 'adal.sqlite'));
      src.close();
      copyFileSync(join(w.t.dataDir, LOG_KEY_FILE), join(damaged, LOG_KEY_FILE));
      // An attacker's edit of a logged entry's bytes, triggers dropped as they would be.
      const db = new Database(join(damaged, 'adal.sqlite'));
      for (const { name } of db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .all() as { name: string }[])
        db.exec(`DROP TRIGGER "${name}"`);
      db.prepare("UPDATE log_entries SET data = CAST(data || X'20' AS BLOB) WHERE idx = 3").run();
      db.close();
      const r = await runAdal(['backup', '--to', to, '--data-dir', damaged]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^adal: LOG_ENTRY_HASH: the copy does not audit: /);
      expect(existsSync(to)).toBe(true);
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });

  it('does refuse a target that exists, and a data folder without a database', async () => {
    const to = join(out, 'exists.sqlite');
    copyFileSync(join(w.t.dataDir, 'adal.sqlite'), to);
    const exists = await runAdal(['backup', '--to', to, '--data-dir', w.t.dataDir]);
    expect(exists.status).toBe(2);
    expect(exists.stderr).toMatch(
      /^adal: BACKUP_USAGE: .*exists\.sqlite exists; choose a new file\n$/
    );
    const empty = mkdtempSync(join(tmpdir(), 'adal-empty-'));
    try {
      const none = await runAdal([
        'backup',
        '--to',
        join(out, 'none.sqlite'),
        '--data-dir',
        empty,
        '--key',
        (await w.t.agent.get('/api/public/log/key').expect(200)).body.vkey as string,
      ]);
      expect(none.status).toBe(2);
      expect(none.stderr).toMatch(/^adal: BACKUP_DB_UNREADABLE: cannot open /);
      expect(existsSync(join(out, 'none.sqlite'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
