/**
 * `adal import-experts` as a real child process on a real SQLite file: 10,000 rows with progress on
 * stderr, dry run, and a file with 3 bad rows refused whole (exit 2, one line per problem).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../../db/connection.js';
import { countExperts } from '../../../db/repos/experts.repo.js';
import { createDirection } from '../../../server/lots/lots.js';
import { createTransparencyLog } from '../../../server/log/transparency-log.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { registryCsv } from '../registry/csv-gen.js';
import { TEST_DIRECTIONS } from '../registry/registry-test-db.js';

let dir: string;
let dbFile: string;
const ORIGIN = 'adal-draw.test/log';

function experts(): number {
  const db = openDb(dbFile);
  try {
    return countExperts(db);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'adal-import-cli-'));
  dbFile = join(dir, 'adal.sqlite');
  const db = openDb(dbFile);
  const deps = { db, clock: () => new Date(), tlog: createTransparencyLog(db, dir, ORIGIN) };
  for (const d of TEST_DIRECTIONS) createDirection(deps, 'setup', d);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('adal import-experts', () => {
  it('does check a file on --dry-run and write nothing', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, registryCsv(20));
    const r = await runAdal(['import-experts', file, '--dry-run', '--db', dbFile]);
    expect([r.status, r.stdout]).toEqual([
      0,
      'dry run: 20 rows are valid; would be created 20, updated 0, unchanged 0; nothing written\n',
    ]);
    expect(experts()).toBe(0);
  });

  it('when 3 rows are bad, does exit 2 listing each problem and write nothing', async () => {
    const file = fileURLToPath(
      new URL('../../fixtures/registry/three-bad-rows.csv', import.meta.url)
    );
    const r = await runAdal(['import-experts', file, '--db', dbFile, '--log-origin', ORIGIN]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('row '))).toEqual([
      'row 3, Организации: BIN_INVALID: 0.bin: BIN check digit does not match',
      'row 5, Регион: REGION_UNKNOWN: unknown region "Нарния"',
      'row 7, Дата включения: DATE_INVALID: not a calendar date',
    ]);
    expect(r.stderr).toContain('adal: CSV_INVALID: 3 problem(s)');
    expect(experts()).toBe(0);
  });

  it('does import 10,000 rows showing progress every 500 rows', async () => {
    const file = join(dir, 'big.csv');
    writeFileSync(file, registryCsv(10_000));
    const r = await runAdal([
      'import-experts',
      file,
      '--db',
      dbFile,
      '--log-origin',
      ORIGIN,
      '--actor',
      'op.cli',
    ]);
    expect([r.status, r.stdout]).toEqual([
      0,
      'imported 10000 of 10000 rows (created 10000, updated 0, unchanged 0)\n',
    ]);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('checked'))).toHaveLength(20);
    expect(lines.filter((l) => l.includes('wrote'))).toHaveLength(20);
    expect(lines.at(-1)).toBe('import-experts: wrote 10000/10000 rows');
    expect(experts()).toBe(10_000);
    const db = openDb(dbFile);
    try {
      const tlog = createTransparencyLog(db, dir, ORIGIN);
      expect(
        tlog.entriesAbout('expert', 'R-10000').map((e) => [e.entry.type, e.entry.actor])
      ).toEqual([['registry.expert_created', 'op.cli']]);
    } finally {
      db.close();
    }
  }, 180_000);

  it('does refuse a file that is not UTF-8 with one line', async () => {
    const file = join(dir, 'cp1251.csv');
    writeFileSync(file, Uint8Array.from([0xd0, 0xe5, 0xe5, 0xf1, 0xf2, 0xf0, 0x0a]));
    const r = await runAdal(['import-experts', file, '--db', dbFile]);
    expect([r.status, r.stderr]).toEqual([
      2,
      `adal: CSV_NOT_UTF8: ${file} is not UTF-8 (save it as "CSV UTF-8")\n`,
    ]);
  });
});
