import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../db/connection.js';
import { fromHex, toHex } from '../../../shared/bytes.js';
import { canonicalBytes } from '../../../shared/canonical.js';
import { isChainedTo, verifyCheckpoint } from '../../../shared/checkpoint.js';
import { NotFoundError } from '../../../shared/errors.js';
import { leafHash, rootHash, verifyConsistency, verifyInclusion } from '../../../shared/merkle.js';
import { parseVerifierKey } from '../../../shared/note.js';
import type { LogEntry } from '../../../shared/schemas/log.js';
import { logKeyPath } from '../../../auditor/log-key-file.js';
import {
  LogError,
  TransparencyLog,
  appendLogEntry,
  createTransparencyLog,
} from '../../../server/log/transparency-log.js';

const ORIGIN = 'adal.example/log';
const open: Db[] = [];
const dirs: string[] = [];

function fresh(): { dir: string; db: Db; tlog: TransparencyLog } {
  const dir = mkdtempSync(join(tmpdir(), 'adal-tlog-'));
  dirs.push(dir);
  return { dir, ...reopen(dir) };
}
function reopen(dir: string, origin = ORIGIN): { db: Db; tlog: TransparencyLog } {
  const db = openDb(join(dir, 'adal.sqlite'));
  open.push(db);
  return { db, tlog: createTransparencyLog(db, dir, origin) };
}
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const clock = () => new Date('2026-03-01T09:00:00Z');
const event = (i: number) => ({
  type: 'draw.announced',
  actor: i % 2 ? 'operator1' : null,
  subject: { kind: 'draw', id: `d-${i % 3}` },
  data: { i, note: `event ${i}`, list: [i, 'x'] },
});
function appendMany(db: Db, tlog: TransparencyLog, n: number) {
  return Array.from({ length: n }, (_, i) =>
    db.transaction(() => appendLogEntry({ tlog, clock }, event(i)))()
  );
}
const hashes = (hex: string[]) => hex.map(fromHex);

describe('TransparencyLog on a real SQLite file', () => {
  it('does sign the empty tree at first start, verifiable with the published key', () => {
    const { tlog } = fresh();
    const cp = tlog.latestCheckpoint();
    expect(cp).toMatchObject({ origin: ORIGIN, size: 0, rootHash: toHex(rootHash([])) });
    expect(verifyCheckpoint(cp.note, [parseVerifierKey(tlog.vkey)], ORIGIN).ok).toBe(true);
    expect(tlog.publicKey.vkey).toBe(tlog.vkey);
    expect(tlog.publicKey.name).toBe(ORIGIN);
  });

  it('does append entries with a signed checkpoint per append that proves them', () => {
    const { db, tlog } = fresh();
    const results = appendMany(db, tlog, 13);
    const verifier = parseVerifierKey(tlog.vkey);
    const leaves = results.map((r, i) => {
      expect(r.index).toBe(i);
      expect(r.checkpoint!.size).toBe(i + 1);
      const entry: LogEntry = { v: 1, at: clock().toISOString(), ...event(i) };
      expect(r.leafHash).toEqual(leafHash(canonicalBytes(entry)));
      expect(tlog.entry(i)).toEqual({ index: i, leafHash: toHex(r.leafHash), entry });
      return r.leafHash;
    });
    for (let n = 1; n <= 13; n++) {
      const cp = tlog.checkpoint(n)!;
      const v = verifyCheckpoint(cp.note, [verifier], ORIGIN);
      expect(v.ok && toHex(v.checkpoint.rootHash)).toBe(toHex(rootHash(leaves.slice(0, n))));
      for (let i = 0; i < n; i++) {
        const p = tlog.inclusionProof(i, n);
        expect(verifyInclusion(i, n, leaves[i]!, hashes(p.proof), fromHex(cp.rootHash))).toBe(true);
      }
      const c = tlog.consistencyProof(n - 1, n);
      const prev = tlog.checkpoint(n - 1)!;
      const ok = verifyConsistency(
        n - 1,
        n,
        fromHex(prev.rootHash),
        fromHex(cp.rootHash),
        hashes(c.proof)
      );
      expect(ok).toBe(true);
    }
    expect(tlog.latestCheckpoint().size).toBe(13);
    expect(tlog.entriesAbout('draw', 'd-1').map((e) => e.index)).toEqual([1, 4, 7, 10]);
  });

  it('does serve bounded ranges and 404 beyond the tree', () => {
    const { db, tlog } = fresh();
    appendMany(db, tlog, 5);
    const r = tlog.entries(2, 100);
    expect([r.treeSize, r.start, r.end, r.entries.map((e) => e.index)]).toEqual([
      5,
      2,
      5,
      [2, 3, 4],
    ]);
    expect(() => tlog.entries(5, 6)).toThrowWithCode(NotFoundError, 'LOG_OUT_OF_RANGE');
    expect(() => tlog.inclusionProof(5)).toThrowWithCode(NotFoundError, 'LOG_OUT_OF_RANGE');
    expect(() => tlog.inclusionProof(0, 6)).toThrowWithCode(NotFoundError, 'LOG_OUT_OF_RANGE');
    expect(() => tlog.consistencyProof(2, 6)).toThrowWithCode(NotFoundError, 'LOG_OUT_OF_RANGE');
    expect(() => tlog.consistencyProof(4, 3)).toThrowWithCode(NotFoundError, 'LOG_OUT_OF_RANGE');
    expect(tlog.checkpoint(6)).toBeUndefined();
    expect(tlog.entry(5)).toBeUndefined();
  });

  it('when called outside a transaction, throws LOG_NOT_IN_TRANSACTION and stores nothing', () => {
    const { tlog } = fresh();
    expect(() => appendLogEntry({ tlog, clock }, event(0))).toThrowWithCode(
      LogError,
      'LOG_NOT_IN_TRANSACTION'
    );
    expect(tlog.size()).toBe(0);
  });

  it('when the entry is not a valid envelope, throws LOG_ENTRY_INVALID', () => {
    const { db, tlog } = fresh();
    for (const bad of [
      { ...event(0), data: { share: 0.5 } },
      { ...event(0), type: 'Draw Announced' },
      { ...event(0), subject: { kind: 'draw' } },
      { ...event(0), at: 'yesterday' },
    ])
      expect(() =>
        db.transaction(() => appendLogEntry({ tlog, clock }, bad as never))()
      ).toThrowWithCode(LogError, 'LOG_ENTRY_INVALID');
    expect(tlog.size()).toBe(0);
  });

  it('when the caller rolls back, drops the entry and its checkpoint with the state change', () => {
    const { db, tlog } = fresh();
    appendMany(db, tlog, 3);
    db.exec('CREATE TABLE state (v TEXT)');
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO state VALUES (?)').run('lost');
        appendLogEntry({ tlog, clock }, event(100));
        throw new Error('the change failed after logging');
      })()
    ).toThrow('the change failed');
    // A savepoint rolled back inside a committed transaction, too.
    db.transaction(() => {
      try {
        db.transaction(() => {
          appendLogEntry({ tlog, clock }, event(101));
          throw new Error('inner');
        })();
      } catch {
        // the inner change is abandoned; the outer one goes on
      }
      db.prepare('INSERT INTO state VALUES (?)').run('kept');
      appendLogEntry({ tlog, clock }, event(3));
    })();
    expect(db.prepare('SELECT v FROM state').pluck().all()).toEqual(['kept']);
    expect(tlog.size()).toBe(4);
    expect(tlog.checkpoint(5)).toBeUndefined();
    const leaves = [0, 1, 2, 3].map((i) => fromHex(tlog.entry(i)!.leafHash));
    expect(tlog.latestCheckpoint().rootHash).toBe(toHex(rootHash(leaves)));
    expect(tlog.entry(3)!.entry.data).toEqual(event(3).data);
  });

  it('does refuse UPDATE, DELETE and out-of-order inserts in the log tables', () => {
    const { db, tlog } = fresh();
    appendMany(db, tlog, 2);
    for (const sql of [
      "UPDATE log_entries SET type = 'x' WHERE idx = 0",
      'DELETE FROM log_entries WHERE idx = 1',
      "UPDATE log_checkpoints SET note = 'x' WHERE size = 1",
      'DELETE FROM log_checkpoints',
      "INSERT INTO log_entries VALUES (5, zeroblob(32), x'00', 't.t', 'k', 'i', 'now')",
      "INSERT INTO log_checkpoints VALUES (1, zeroblob(32), 'x')",
      "INSERT INTO log_checkpoints VALUES (3, zeroblob(32), 'x')",
    ])
      expect(() => db.exec(sql)).toThrow('LOG_APPEND_ONLY');
    expect(tlog.size()).toBe(2);
  });

  it('does continue after a restart with the same key and tree', () => {
    const { dir, db, tlog } = fresh();
    appendMany(db, tlog, 6);
    const vkey = tlog.vkey;
    db.close();
    const again = reopen(dir);
    expect(again.tlog.vkey).toBe(vkey);
    expect(again.tlog.size()).toBe(6);
    const r = again.db.transaction(() => appendLogEntry({ tlog: again.tlog, clock }, event(6)))();
    expect(r.index).toBe(6);
    const leaves = Array.from({ length: 7 }, (_, i) => fromHex(again.tlog.entry(i)!.leafHash));
    expect(r.checkpoint!.rootHash).toBe(toHex(rootHash(leaves)));
  });

  it('does follow appends made through another connection to the same file', () => {
    const { dir, db, tlog } = fresh();
    appendMany(db, tlog, 3);
    const other = reopen(dir);
    other.db.transaction(() => appendLogEntry({ tlog: other.tlog, clock }, event(3)))();
    expect(tlog.size()).toBe(4);
    const r = db.transaction(() => appendLogEntry({ tlog, clock }, event(4)))();
    const leaves = Array.from({ length: 5 }, (_, i) => fromHex(tlog.entry(i)!.leafHash));
    expect(r.checkpoint!.rootHash).toBe(toHex(rootHash(leaves)));
    expect(other.tlog.inclusionProof(3).rootHash).toBe(r.checkpoint!.rootHash);
  });

  it('when its own append rolled back and another writer took that index, rebuilds the tree', () => {
    const { dir, db, tlog } = fresh();
    appendMany(db, tlog, 3);
    const other = reopen(dir);
    expect(() =>
      db.transaction(() => {
        appendLogEntry({ tlog, clock }, event(50));
        throw new Error('rolled back');
      })()
    ).toThrow('rolled back');
    for (const i of [60, 61])
      other.db.transaction(() => appendLogEntry({ tlog: other.tlog, clock }, event(i)))();
    const leaves = Array.from({ length: 5 }, (_, i) => fromHex(other.tlog.entry(i)!.leafHash));
    expect(tlog.inclusionProof(3).rootHash).toBe(toHex(rootHash(leaves)));
    const r = db.transaction(() => appendLogEntry({ tlog, clock }, event(5)))();
    leaves.push(r.leafHash);
    expect(r.checkpoint!.rootHash).toBe(toHex(rootHash(leaves)));
  });

  it('when the key file was replaced, refuses to start with LOG_KEY_MISMATCH', () => {
    const { dir, db, tlog } = fresh();
    appendMany(db, tlog, 2);
    db.close();
    rmSync(logKeyPath(dir));
    expect(() => reopen(dir)).toThrowWithCode(LogError, 'LOG_KEY_MISMATCH');
  });

  it('when a stored leaf hash was altered, refuses to start with LOG_STATE_INVALID', () => {
    const { dir, db, tlog } = fresh();
    appendMany(db, tlog, 4);
    db.exec('DROP TRIGGER log_entries_append_only_update');
    db.prepare('UPDATE log_entries SET leaf_hash = ? WHERE idx = 2').run(new Uint8Array(32));
    db.close();
    expect(() => reopen(dir)).toThrowWithCode(LogError, 'LOG_STATE_INVALID');
  });

  it('when the database is not durable, refuses with LOG_NOT_DURABLE', () => {
    const { dir, db } = fresh();
    db.pragma('synchronous = NORMAL');
    expect(() => createTransparencyLog(db, dir, ORIGIN)).toThrowWithCode(
      LogError,
      'LOG_NOT_DURABLE'
    );
  });

  it('when the context has no log, throws LOG_UNAVAILABLE', () => {
    expect(() => appendLogEntry({ clock }, event(0))).toThrowWithCode(LogError, 'LOG_UNAVAILABLE');
  });
});

describe('TransparencyLog.transaction and the checkpoint chain', () => {
  it('does sign one checkpoint for all appends of a transaction, just before it commits', () => {
    const { db, tlog } = fresh();
    const results = tlog.transaction(() => {
      const a = appendLogEntry({ tlog, clock }, event(0));
      // A nested transaction joins the outer one.
      const b = tlog.transaction(() => appendLogEntry({ tlog, clock }, event(1)));
      return [a, b, appendLogEntry({ tlog, clock }, event(2))];
    });
    expect(results.map((r) => [r.index, r.checkpoint])).toEqual([
      [0, null],
      [1, null],
      [2, null],
    ]);
    const sizes = db.prepare('SELECT size FROM log_checkpoints ORDER BY size').pluck().all();
    expect(sizes).toEqual([0, 3]);
    expect(tlog.latestCheckpoint().rootHash).toBe(toHex(rootHash(results.map((r) => r.leafHash))));
    // A transaction that appended nothing signs nothing.
    tlog.transaction(() => tlog.size());
    expect(db.prepare('SELECT COUNT(*) FROM log_checkpoints').pluck().get()).toBe(2);
  });

  it('when a transaction fails, leaves no entry and no checkpoint behind', () => {
    const { db, tlog } = fresh();
    expect(() =>
      tlog.transaction(() => {
        appendLogEntry({ tlog, clock }, event(0));
        throw new Error('failed');
      })
    ).toThrow('failed');
    expect(db.prepare('SELECT COUNT(*) FROM log_checkpoints').pluck().get()).toBe(1);
    expect(tlog.size()).toBe(0);
  });

  it('does chain every checkpoint to the one stored before it', () => {
    const { db, tlog } = fresh();
    appendMany(db, tlog, 4);
    tlog.transaction(() => {
      appendLogEntry({ tlog, clock }, event(4));
      appendLogEntry({ tlog, clock }, event(5));
    });
    const notes = db
      .prepare('SELECT note FROM log_checkpoints ORDER BY size')
      .pluck()
      .all() as string[];
    const verifier = parseVerifierKey(tlog.vkey);
    const opened = notes.map((n) => {
      const v = verifyCheckpoint(n, [verifier], ORIGIN);
      if (!v.ok) throw new Error(v.message);
      return v.checkpoint;
    });
    expect(opened.map((c) => c.size)).toEqual([0, 1, 2, 3, 4, 6]);
    expect(opened[0]!.extensions).toEqual([]);
    for (let i = 1; i < opened.length; i++)
      expect(isChainedTo(opened[i]!, notes[i - 1]!)).toBe(true);
  });
});

describe('group commit (TransparencyLog.write)', () => {
  it('does acknowledge each change only once it is committed, and isolate a failing one', async () => {
    const { dir, db, tlog } = fresh();
    db.exec('CREATE TABLE state (v INTEGER)');
    const reader = openDb(join(dir, 'adal.sqlite'));
    open.push(reader);
    const writes = Array.from({ length: 40 }, (_, i) =>
      tlog.write(() => {
        db.prepare('INSERT INTO state VALUES (?)').run(i);
        const r = appendLogEntry({ tlog, clock }, event(i));
        if (i === 17) throw new Error('change 17 fails');
        return r.index;
      })
    );
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled[17]!.status).toBe('rejected');
    const indexes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect([...indexes].sort((a, b) => a - b)).toEqual(Array.from({ length: 39 }, (_, i) => i));
    // Another connection sees every acknowledged change: they are committed.
    expect(reader.prepare('SELECT COUNT(*) FROM state').pluck().get()).toBe(39);
    expect(reader.prepare('SELECT COUNT(*) FROM log_entries').pluck().get()).toBe(39);
    expect(reader.prepare('SELECT MAX(size) FROM log_checkpoints').pluck().get()).toBe(39);
    // One signed checkpoint per group transaction, not one per change.
    expect(reader.prepare('SELECT COUNT(*) FROM log_checkpoints').pluck().get()).toBeLessThan(10);
    expect(reader.prepare('SELECT v FROM state WHERE v = 17').get()).toBeUndefined();
    const leaves = Array.from({ length: 39 }, (_, i) => fromHex(tlog.entry(i)!.leafHash));
    expect(tlog.latestCheckpoint().rootHash).toBe(toHex(rootHash(leaves)));
  });
});
