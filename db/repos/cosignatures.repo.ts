/**
 * Witness cosignatures of the log's checkpoints (migration 0040): one verified cosignature/v1 line
 * per witness and tree size. Row ↔ shape mapping only; asking witnesses and checking their lines
 * live in server/log/cosigning.ts.
 */
import type { Db } from '../connection.js';

export interface StoredCosignature {
  size: number;
  witness: string;
  line: string;
  receivedAt: string;
}

interface Row {
  size: number;
  witness: string;
  line: string;
  received_at: string;
}

const toStored = (r: Row): StoredCosignature => ({
  size: r.size,
  witness: r.witness,
  line: r.line,
  receivedAt: r.received_at,
});

/** Keeps the first line a witness gave for a size; a repeat is ignored. */
export function insertCosignature(db: Db, c: StoredCosignature): void {
  db.prepare(
    `INSERT OR IGNORE INTO log_cosignatures (size, witness, line, received_at) VALUES (?, ?, ?, ?)`
  ).run(c.size, c.witness, c.line, c.receivedAt);
}

/** The lines of one checkpoint, in witness-name order (so the cosigned note is deterministic). */
export function cosignaturesOf(db: Db, size: number): StoredCosignature[] {
  return (
    db.prepare(`SELECT * FROM log_cosignatures WHERE size = ? ORDER BY witness`).all(size) as Row[]
  ).map(toStored);
}

/**
 * The cosigned size of at least `minSize` with the most witness lines (the latest among equals), or
 * undefined when no checkpoint that large is cosigned yet.
 */
export function bestCosignedSize(db: Db, minSize = 0): number | undefined {
  const r = db
    .prepare(
      `SELECT size FROM log_cosignatures WHERE size >= ?
       GROUP BY size ORDER BY COUNT(*) DESC, size DESC LIMIT 1`
    )
    .get(minSize) as { size: number } | undefined;
  return r?.size;
}

/** Per witness: the largest size it cosigned and when (the console's panel, a restart's resume). */
export function latestPerWitness(db: Db): { witness: string; size: number; receivedAt: string }[] {
  return (
    db
      .prepare(
        `SELECT witness, MAX(size) AS size, received_at FROM log_cosignatures GROUP BY witness`
      )
      .all() as { witness: string; size: number; received_at: string }[]
  ).map((r) => ({ witness: r.witness, size: r.size, receivedAt: r.received_at }));
}

/**
 * Grows with every stored line (the table's largest rowid): caches of cosigned notes compare it,
 * whichever connection stored the line (a same-host edge reads the writer's).
 */
export function cosignaturesMark(db: Db): number {
  return (
    db.prepare(`SELECT COALESCE(MAX(rowid), 0) AS n FROM log_cosignatures`).get() as { n: number }
  ).n;
}
