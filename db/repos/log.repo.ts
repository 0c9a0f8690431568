/**
 * The transparency log's tables (migration 0020): entries and signed checkpoints, append-only. Row ↔
 * shape mapping only; hashing, signing and the rules live in server/log/transparency-log.ts.
 * Statements on the append path are prepared once per connection.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.js';

export interface StoredEntry {
  index: number;
  leafHash: Uint8Array;
  /** the leaf data: the entry's canonical JSON bytes */
  data: Uint8Array;
  type: string;
  subjectKind: string;
  subjectId: string;
  at: string;
}

export interface StoredCheckpoint {
  size: number;
  rootHash: Uint8Array;
  /** the signed note text */
  note: string;
}

interface EntryRow {
  idx: number;
  leaf_hash: Uint8Array;
  data: Uint8Array;
  type: string;
  subject_kind: string;
  subject_id: string;
  at: string;
}
interface CheckpointRow {
  size: number;
  root_hash: Uint8Array;
  note: string;
}

// better-sqlite3 returns Buffers; hand out plain Uint8Arrays so shared/ code sees one type.
const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const toEntry = (r: EntryRow): StoredEntry => ({
  index: r.idx,
  leafHash: bytes(r.leaf_hash),
  data: bytes(r.data),
  type: r.type,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  at: r.at,
});
const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({
  size: r.size,
  rootHash: bytes(r.root_hash),
  note: r.note,
});

interface Statements {
  insertEntry: Statement;
  insertCheckpoint: Statement;
  last: Statement;
  latestCheckpoint: Statement;
}
const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      insertEntry: db.prepare(
        `INSERT INTO log_entries (idx, leaf_hash, data, type, subject_kind, subject_id, at)
         VALUES (@index, @leafHash, @data, @type, @subjectKind, @subjectId, @at)`
      ),
      insertCheckpoint: db.prepare(
        'INSERT INTO log_checkpoints (size, root_hash, note) VALUES (?, ?, ?)'
      ),
      last: db.prepare('SELECT idx, leaf_hash FROM log_entries ORDER BY idx DESC LIMIT 1'),
      latestCheckpoint: db.prepare('SELECT * FROM log_checkpoints ORDER BY size DESC LIMIT 1'),
    };
    cache.set(db, s);
  }
  return s;
}

export function insertEntry(db: Db, e: StoredEntry): void {
  statements(db).insertEntry.run(e);
}

export function insertCheckpoint(db: Db, c: StoredCheckpoint): void {
  statements(db).insertCheckpoint.run(c.size, c.rootHash, c.note);
}

/** The last entry's index and leaf hash (undefined for an empty log). */
export function lastLeaf(db: Db): { index: number; leafHash: Uint8Array } | undefined {
  const r = statements(db).last.get() as Pick<EntryRow, 'idx' | 'leaf_hash'> | undefined;
  return r ? { index: r.idx, leafHash: bytes(r.leaf_hash) } : undefined;
}

export function leafHashAt(db: Db, index: number): Uint8Array | undefined {
  const r = db.prepare('SELECT leaf_hash FROM log_entries WHERE idx = ?').get(index) as
    Pick<EntryRow, 'leaf_hash'> | undefined;
  return r && bytes(r.leaf_hash);
}

/** Leaf hashes of entries [start, end) in index order, without loading their data. */
export function* iterateLeafHashes(db: Db, start = 0, end = Number.MAX_SAFE_INTEGER) {
  const rows = db
    .prepare('SELECT leaf_hash FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx')
    .raw()
    .iterate(start, end) as IterableIterator<[Uint8Array]>;
  for (const [h] of rows) yield bytes(h);
}

export function findEntry(db: Db, index: number): StoredEntry | undefined {
  const r = db.prepare('SELECT * FROM log_entries WHERE idx = ?').get(index) as
    EntryRow | undefined;
  return r ? toEntry(r) : undefined;
}

/** Entries [start, end) in index order. */
export function listEntries(db: Db, start: number, end: number): StoredEntry[] {
  return (
    db
      .prepare('SELECT * FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx')
      .all(start, end) as EntryRow[]
  ).map(toEntry);
}

/** Every entry about one subject (e.g. all of a draw's events), in index order. */
export function listEntriesBySubject(db: Db, kind: string, id: string): StoredEntry[] {
  return (
    db
      .prepare('SELECT * FROM log_entries WHERE subject_kind = ? AND subject_id = ? ORDER BY idx')
      .all(kind, id) as EntryRow[]
  ).map(toEntry);
}

export function latestCheckpoint(db: Db): StoredCheckpoint | undefined {
  const r = statements(db).latestCheckpoint.get() as CheckpointRow | undefined;
  return r ? toCheckpoint(r) : undefined;
}

/**
 * The first checkpoint whose tree holds entry `index` (the smallest signed size > index): a
 * transaction that appends several entries signs one checkpoint, for its final size only.
 */
export function findCheckpointCovering(db: Db, index: number): StoredCheckpoint | undefined {
  const r = db
    .prepare('SELECT * FROM log_checkpoints WHERE size > ? ORDER BY size LIMIT 1')
    .get(index) as CheckpointRow | undefined;
  return r ? toCheckpoint(r) : undefined;
}

export function findCheckpoint(db: Db, size: number): StoredCheckpoint | undefined {
  const r = db.prepare('SELECT * FROM log_checkpoints WHERE size = ?').get(size) as
    CheckpointRow | undefined;
  return r ? toCheckpoint(r) : undefined;
}

// The audit's reads: raw rows, one at a time, so memory stays flat on a large log.

type RawEntry = [number, Uint8Array, Uint8Array, string, string, string, string];
const RAW_ENTRY = 'idx, leaf_hash, data, type, subject_kind, subject_id, at';

function* rawEntries(db: Db, sql: string, ...params: (string | number)[]) {
  const rows = db
    .prepare(sql)
    .raw()
    .iterate(...params) as IterableIterator<RawEntry>;
  for (const r of rows)
    yield {
      index: r[0],
      leafHash: bytes(r[1]),
      data: bytes(r[2]),
      type: r[3],
      subjectKind: r[4],
      subjectId: r[5],
      at: r[6],
    } satisfies StoredEntry;
}

/** Every entry in index order. */
export function iterateEntries(db: Db): Generator<StoredEntry> {
  return rawEntries(db, `SELECT ${RAW_ENTRY} FROM log_entries ORDER BY idx`);
}

/**
 * The entries with indices in [start, end) whose subject is not of `kind` and whose type is not a
 * registry type (`registry.…`, which the registry replay reads and checks: iterateRegistryEntries),
 * in index order.
 */
export function iterateOtherEntries(
  db: Db,
  kind: string,
  start: number,
  end: number
): Generator<StoredEntry> {
  return rawEntries(
    db,
    `SELECT ${RAW_ENTRY} FROM log_entries WHERE subject_kind <> ? AND substr(type, 1, 9) <> 'registry.' AND idx >= ? AND idx < ? ORDER BY idx`,
    kind,
    start,
    end
  );
}

/** The entries about subjects of `kind` with ids from..to (SQLite's order), by subject then index. */
export function iterateEntriesAbout(
  db: Db,
  kind: string,
  from: string,
  to: string
): Generator<StoredEntry> {
  return rawEntries(
    db,
    `SELECT ${RAW_ENTRY} FROM log_entries WHERE subject_kind = ? AND subject_id >= ? AND subject_id <= ? ORDER BY subject_id, idx`,
    kind,
    from,
    to
  );
}

/**
 * The registry entries (`registry.…`) and the draw announcements, in index order: what the registry
 * replay of the audit reads (auditor/registry-audit.ts). Selected by the type column, which the
 * log check compares with each entry's data.
 */
export function iterateRegistryEntries(db: Db): Generator<StoredEntry> {
  return rawEntries(
    db,
    `SELECT ${RAW_ENTRY} FROM log_entries WHERE substr(type, 1, 9) = 'registry.' OR type IN ('draw.announced', 'draw.lot_sealed') ORDER BY idx`
  );
}

/** The `data` of the entries of one type about subjects of `kind` with ids from..to (JSON). */
export function* iterateDataOfType(
  db: Db,
  kind: string,
  type: string,
  from: string,
  to: string
): Generator<unknown> {
  const rows = db
    .prepare(
      'SELECT data FROM log_entries WHERE subject_kind = ? AND subject_id >= ? AND subject_id <= ? AND type = ?'
    )
    .pluck()
    .iterate(kind, from, to, type) as IterableIterator<Uint8Array>;
  for (const data of rows) {
    try {
      yield (JSON.parse(Buffer.from(data).toString('utf8')) as { data?: unknown } | null)?.data;
    } catch {
      // not JSON: the entry checks report it
    }
  }
}

/**
 * (index, the envelope's `data`) of every entry of one type about subjects of `kind`, in index
 * order (not JSON: skipped); the subject index narrows the scan to that kind's entries.
 */
export function* iterateIndexedDataOfType(
  db: Db,
  kind: string,
  type: string
): Generator<[number, unknown]> {
  const rows = db
    .prepare('SELECT idx, data FROM log_entries WHERE subject_kind = ? AND type = ? ORDER BY idx')
    .raw()
    .iterate(kind, type) as IterableIterator<[number, Uint8Array]>;
  for (const [idx, data] of rows) {
    try {
      const entry = JSON.parse(Buffer.from(data).toString('utf8')) as { data?: unknown } | null;
      yield [idx, entry?.data];
    } catch {
      // not JSON: the entry checks report it
    }
  }
}

/** Every stored (index, leaf hash) in index order, the index included to find gaps. */
export function* iterateIndexedLeafHashes(db: Db): Generator<[number, Uint8Array]> {
  const rows = db
    .prepare('SELECT idx, leaf_hash FROM log_entries ORDER BY idx')
    .raw()
    .iterate() as IterableIterator<[number, Uint8Array]>;
  for (const [idx, h] of rows) yield [idx, bytes(h)];
}

/** The stored checkpoints of sizes from..to, in size order. */
export function* iterateCheckpoints(db: Db, from: number, to: number): Generator<StoredCheckpoint> {
  const rows = db
    .prepare(
      'SELECT size, root_hash, note FROM log_checkpoints WHERE size >= ? AND size <= ? ORDER BY size'
    )
    .raw()
    .iterate(from, to) as IterableIterator<[number, Uint8Array, string]>;
  for (const [size, root, note] of rows) yield { size, rootHash: bytes(root), note };
}

/** The checkpoint stored before size `size` (the one a checkpoint of that size chains to). */
export function checkpointBefore(db: Db, size: number): StoredCheckpoint | undefined {
  const r = db
    .prepare('SELECT * FROM log_checkpoints WHERE size < ? ORDER BY size DESC LIMIT 1')
    .get(size) as CheckpointRow | undefined;
  return r ? toCheckpoint(r) : undefined;
}

/** The number of entries as the indices say (the highest index + 1). */
export function entryCount(db: Db): number {
  return db.prepare('SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries').pluck().get() as number;
}

/** Every subject id of `kind` the log names, in SQLite's order. */
export function subjectIds(db: Db, kind: string): string[] {
  return db
    .prepare(
      'SELECT DISTINCT subject_id FROM log_entries WHERE subject_kind = ? ORDER BY subject_id'
    )
    .pluck()
    .all(kind) as string[];
}

/** One entry of a subject as a history chain reads it (shared/draw-history.ts). */
export interface SubjectLeaf {
  index: number;
  leafHash: Uint8Array;
  type: string;
}

/** Every entry about one subject, in log order: index, leaf hash and type (the data stays put). */
export function subjectLeaves(db: Db, kind: string, id: string): SubjectLeaf[] {
  const rows = db
    .prepare(
      'SELECT idx, leaf_hash, type FROM log_entries WHERE subject_kind = ? AND subject_id = ? ORDER BY idx'
    )
    .all(kind, id) as Pick<EntryRow, 'idx' | 'leaf_hash' | 'type'>[];
  return rows.map((r) => ({ index: r.idx, leafHash: bytes(r.leaf_hash), type: r.type }));
}

/**
 * Whether an entry at index `since` or later could change what the registry holds or, given a draw,
 * what that draw's announcement is made from: any entry that is not a draw's (the registry:
 * experts, directions, organizations, declarations, conflict kinds, lots), or an entry of this draw
 * (its draft, witnesses, commitments, state).
 */
export function logChangedFor(db: Db, since: number, drawId = ''): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM log_entries WHERE idx >= ?
           AND (substr(type, 1, 5) <> 'draw.' OR (subject_kind = 'draw' AND subject_id = ?)) LIMIT 1`
      )
      .get(since, drawId) !== undefined
  );
}

/** Every entry about one subject, in log order: index and the size of its data in bytes. */
export function subjectEntrySizes(
  db: Db,
  kind: string,
  id: string
): { index: number; bytes: number }[] {
  return db
    .prepare(
      'SELECT idx AS "index", length(data) AS bytes FROM log_entries WHERE subject_kind = ? AND subject_id = ? ORDER BY idx'
    )
    .all(kind, id) as { index: number; bytes: number }[];
}
