/**
 * Draw tables (migration 0030): row ↔ shape mapping only. The rules live in
 * server/draws/ (docs/LIFECYCLE.md); JSON columns are parsed with their zod schemas on the way out,
 * since a JSON column is a boundary like any other.
 */
import type { z } from 'zod';
import type { Db } from '../connection.js';
import { DrawSpec } from '../../shared/schemas/draw-spec.js';
import { DraftSpec } from '../../shared/schemas/draw-draft.js';
import { Announcement } from '../../shared/schemas/pool.js';
import { FairnessReport } from '../../shared/schemas/feasibility.js';
import { BeaconRound } from '../../shared/schemas/beacon.js';
import { PublishedSource, SeedInput } from '../../shared/schemas/seed.js';
import { DrawResult } from '../../shared/schemas/draw-result.js';
import type { DrawState } from '../../shared/api/draws.js';

export interface DrawRecord {
  id: string;
  /** a ceremony's first lot */
  lotId: number;
  /** a ceremony's lots in broadcast order (migration 0033); null for a single draw */
  lotIds: number[] | null;
  attempt: number;
  state: DrawState;
  draft: DraftSpec;
  spec: DrawSpec | null;
  announcement: Announcement | null;
  announcementHash: string | null;
  fairness: FairnessReport | null;
  beacon: BeaconRound | null;
  beaconSource: 'relay' | 'pasted' | null;
  beaconWaitingSince: string | null;
  beaconLastError: string | null;
  beaconNextRetryAt: string | null;
  beaconAttempts: number;
  publicSources: PublishedSource[];
  seedInput: SeedInput | null;
  seed: string | null;
  result: DrawResult | null;
  cancelReason: string | null;
  cancelledFrom: DrawState | null;
  createdAt: string;
  updatedAt: string;
  announcedAt: string | null;
  drawnAt: string | null;
  endedAt: string | null;
}

interface DrawRow {
  id: string;
  lot_id: number;
  lot_ids_json: string | null;
  attempt: number;
  state: DrawState;
  draft_json: string;
  spec_json: string | null;
  announcement_json: string | null;
  announcement_hash: string | null;
  fairness_json: string | null;
  beacon_json: string | null;
  beacon_source: 'relay' | 'pasted' | null;
  beacon_waiting_since: string | null;
  beacon_last_error: string | null;
  beacon_next_retry_at: string | null;
  beacon_attempts: number;
  public_sources_json: string;
  seed_input_json: string | null;
  seed: string | null;
  result_json: string | null;
  cancel_reason: string | null;
  cancelled_from: DrawState | null;
  created_at: string;
  updated_at: string;
  announced_at: string | null;
  drawn_at: string | null;
  ended_at: string | null;
}

const json = <T extends z.ZodType>(schema: T, text: string): z.output<T> =>
  schema.parse(JSON.parse(text));
const jsonOrNull = <T extends z.ZodType>(schema: T, text: string | null): z.output<T> | null =>
  text === null ? null : json(schema, text);

function toRecord(r: DrawRow): DrawRecord {
  return {
    id: r.id,
    lotId: r.lot_id,
    lotIds: r.lot_ids_json === null ? null : (JSON.parse(r.lot_ids_json) as number[]),
    attempt: r.attempt,
    state: r.state,
    draft: json(DraftSpec, r.draft_json),
    spec: jsonOrNull(DrawSpec, r.spec_json),
    announcement: jsonOrNull(Announcement, r.announcement_json),
    announcementHash: r.announcement_hash,
    fairness: jsonOrNull(FairnessReport, r.fairness_json),
    beacon: jsonOrNull(BeaconRound, r.beacon_json),
    beaconSource: r.beacon_source,
    beaconWaitingSince: r.beacon_waiting_since,
    beaconLastError: r.beacon_last_error,
    beaconNextRetryAt: r.beacon_next_retry_at,
    beaconAttempts: r.beacon_attempts,
    publicSources: json(PublishedSource.array(), r.public_sources_json),
    seedInput: jsonOrNull(SeedInput, r.seed_input_json),
    seed: r.seed,
    result: jsonOrNull(DrawResult, r.result_json),
    cancelReason: r.cancel_reason,
    cancelledFrom: r.cancelled_from,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    announcedAt: r.announced_at,
    drawnAt: r.drawn_at,
    endedAt: r.ended_at,
  };
}

/** The next serial of a year (D-<year>-<serial>). */
export function nextSerial(db: Db, year: number): number {
  const r = db.prepare('SELECT MAX(serial) AS m FROM draws WHERE year = ?').get(year) as {
    m: number | null;
  };
  return (r.m ?? 0) + 1;
}

export function insertDraw(
  db: Db,
  d: {
    id: string;
    year: number;
    serial: number;
    lotId: number;
    attempt: number;
    draft: DraftSpec;
    at: string;
    /** a ceremony's lots (lotId is the first) */
    lotIds?: readonly number[];
  }
): void {
  db.prepare(
    `INSERT INTO draws (id, year, serial, lot_id, attempt, state, draft_json, created_at, updated_at,
       lot_ids_json)
     VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`
  ).run(
    d.id,
    d.year,
    d.serial,
    d.lotId,
    d.attempt,
    JSON.stringify(d.draft),
    d.at,
    d.at,
    d.lotIds ? JSON.stringify(d.lotIds) : null
  );
}

export function findDraw(db: Db, id: string): DrawRecord | undefined {
  const r = db.prepare('SELECT * FROM draws WHERE id = ?').get(id) as DrawRow | undefined;
  return r ? toRecord(r) : undefined;
}

export function listDraws(
  db: Db,
  filter: { state?: DrawState | undefined; lotId?: number | undefined } = {}
): DrawRecord[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.state !== undefined) {
    where.push('state = ?');
    args.push(filter.state);
  }
  if (filter.lotId !== undefined) {
    // a ceremony is listed under each of its lots (migration 0033)
    where.push('(lot_id = ? OR id IN (SELECT draw_id FROM ceremony_lots WHERE lot_id = ?))');
    args.push(filter.lotId, filter.lotId);
  }
  const sql = `SELECT * FROM draws ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY year DESC, serial DESC`;
  return (db.prepare(sql).all(...args) as DrawRow[]).map(toRecord);
}

/** Every row whose lot_id is the lot (single draws, and ceremonies it is the first lot of), oldest first. */
export function drawsOfLot(db: Db, lotId: number): DrawRecord[] {
  return (
    db.prepare('SELECT * FROM draws WHERE lot_id = ? ORDER BY attempt').all(lotId) as DrawRow[]
  ).map(toRecord);
}

/** Draws waiting for a drand beacon (reveals closed, the spec names a round, none stored yet). */
export function drawsAwaitingBeacon(db: Db): DrawRecord[] {
  return (
    db
      .prepare(
        `SELECT * FROM draws WHERE state = 'reveals_closed' AND beacon_json IS NULL
         AND json_extract(spec_json, '$.entropy.drand') IS NOT NULL ORDER BY year, serial`
      )
      .all() as DrawRow[]
  ).map(toRecord);
}

/** Draws whose reveal window is open (state revealing), oldest first. */
export function drawsRevealing(db: Db): DrawRecord[] {
  return (
    db
      .prepare("SELECT * FROM draws WHERE state = 'revealing' ORDER BY year, serial")
      .all() as DrawRow[]
  ).map(toRecord);
}

/** Column updates; only the given fields change, and updated_at always. */
export interface DrawUpdate {
  state?: DrawState;
  draft?: DraftSpec;
  spec?: DrawSpec;
  announcement?: Announcement;
  announcementHash?: string;
  fairness?: FairnessReport;
  beacon?: BeaconRound;
  beaconSource?: 'relay' | 'pasted';
  beaconWaitingSince?: string | null;
  beaconLastError?: string | null;
  beaconNextRetryAt?: string | null;
  beaconAttempts?: number;
  publicSources?: PublishedSource[];
  seedInput?: SeedInput;
  seed?: string;
  result?: DrawResult;
  cancelReason?: string;
  cancelledFrom?: DrawState;
  announcedAt?: string;
  drawnAt?: string;
  endedAt?: string;
}

const COLUMNS: Record<keyof DrawUpdate, [column: string, isJson: boolean]> = {
  state: ['state', false],
  draft: ['draft_json', true],
  spec: ['spec_json', true],
  announcement: ['announcement_json', true],
  announcementHash: ['announcement_hash', false],
  fairness: ['fairness_json', true],
  beacon: ['beacon_json', true],
  beaconSource: ['beacon_source', false],
  beaconWaitingSince: ['beacon_waiting_since', false],
  beaconLastError: ['beacon_last_error', false],
  beaconNextRetryAt: ['beacon_next_retry_at', false],
  beaconAttempts: ['beacon_attempts', false],
  publicSources: ['public_sources_json', true],
  seedInput: ['seed_input_json', true],
  seed: ['seed', false],
  result: ['result_json', true],
  cancelReason: ['cancel_reason', false],
  cancelledFrom: ['cancelled_from', false],
  announcedAt: ['announced_at', false],
  drawnAt: ['drawn_at', false],
  endedAt: ['ended_at', false],
};

export function updateDraw(db: Db, id: string, at: string, u: DrawUpdate): void {
  const sets = ['updated_at = ?'];
  const args: unknown[] = [at];
  for (const [k, v] of Object.entries(u) as [keyof DrawUpdate, unknown][]) {
    if (v === undefined) continue;
    const [column, isJson] = COLUMNS[k];
    sets.push(`${column} = ?`);
    args.push(isJson ? JSON.stringify(v) : v);
  }
  db.prepare(`UPDATE draws SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
}

/** A draw's transparency-log entries (index and type), in log order, without loading their data. */
export function drawLogEntries(db: Db, drawId: string): { index: number; type: string }[] {
  return db
    .prepare(
      `SELECT idx AS "index", type FROM log_entries
       WHERE subject_kind = 'draw' AND subject_id = ? ORDER BY idx`
    )
    .all(drawId) as { index: number; type: string }[];
}

/**
 * What a draw's derived documents (its protocol PDF) depend on, in one cheap read: state, last
 * update and its last log entry's index (-1: none). Undefined for an unknown draw.
 */
export function drawVersion(
  db: Db,
  drawId: string
): { state: string; updatedAt: string; lastIndex: number } | undefined {
  const r = db
    .prepare(
      `SELECT state, updated_at AS updatedAt,
         (SELECT MAX(idx) FROM log_entries WHERE subject_kind = 'draw' AND subject_id = draws.id) AS lastIndex
       FROM draws WHERE id = ?`
    )
    .get(drawId) as { state: string; updatedAt: string; lastIndex: number | null } | undefined;
  return r && { ...r, lastIndex: r.lastIndex ?? -1 };
}
