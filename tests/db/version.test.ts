/**
 * dbVersion (db/version.ts) on a real SQLite file with two connections, as the server and the CLI
 * would hold: the token moves on every commit by the other connection and every row this one
 * writes (rolled back or not), stays put on reads, and is absent inside a transaction.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/connection.js';
import { dbVersion } from '../../db/version.js';

let dir: string;
let db: Db;
let other: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'adal-version-'));
  db = openDb(join(dir, 'adal.sqlite'));
  db.exec('CREATE TABLE t (x INTEGER)');
  other = new Database(join(dir, 'adal.sqlite'));
});
afterEach(() => {
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dbVersion', () => {
  it('does stay the same while nobody writes', () => {
    const v = dbVersion(db);
    db.prepare('SELECT count(*) FROM t').get();
    other.prepare('SELECT count(*) FROM t').get();
    expect(dbVersion(db)).toBe(v);
  });

  it('does change when another connection commits', () => {
    const v = dbVersion(db);
    other.prepare('INSERT INTO t VALUES (1)').run();
    const after = dbVersion(db);
    expect(after).not.toBe(v);
    expect(dbVersion(db)).toBe(after);
  });

  it('does not change when another connection rolls back', () => {
    const v = dbVersion(db);
    expect(() =>
      other.transaction(() => {
        other.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('rolled back on purpose');
      })()
    ).toThrow('rolled back on purpose');
    expect(dbVersion(db)).toBe(v);
  });

  it('does change when this connection writes, even when the write is rolled back', () => {
    const v0 = dbVersion(db);
    db.prepare('INSERT INTO t VALUES (1)').run();
    const v1 = dbVersion(db);
    expect(v1).not.toBe(v0);
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (2)').run();
        throw new Error('rolled back on purpose');
      })()
    ).toThrow('rolled back on purpose');
    expect(dbVersion(db)).not.toBe(v1);
  });

  it('when inside a transaction, does give no version', () => {
    db.transaction(() => {
      expect(dbVersion(db)).toBeUndefined();
    })();
    expect(dbVersion(db)).toEqual(expect.any(String));
  });
});
