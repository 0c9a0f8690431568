/**
 * A ceremony's lots (migration 0033: ceremony_lots, ceremony_pool, ceremony_steps, draw_declines.lot_id):
 * row ↔ shape mapping only. JSON columns are parsed with their schemas on the way out.
 */
import type { Db } from '../connection.js';
import { PoolEntry } from '../../shared/schemas/pool.js';
import { DrawResult, DrawStep } from '../../shared/schemas/draw-result.js';
import { FairnessReport } from '../../shared/schemas/feasibility.js';
import { LotAnnouncement, LotSpec } from '../../shared/schemas/ceremony.js';
import { LotDraft } from '../../shared/schemas/ceremony-events.js';
import type { DeclineRecord } from './draw-pool.repo.js';

export interface CeremonyLotRecord {
  drawId: string;
  index: number;
  lotId: number;
  draft: LotDraft;
  spec: LotSpec | null;
  announcement: LotAnnouncement | null;
  announcementHash: string | null;
  fairness: FairnessReport | null;
  lotSeed: string | null;
  result: DrawResult | null;
  closedAt: string | null;
}

interface Row {
  draw_id: string;
  idx: number;
  lot_id: number;
  draft_json: string;
  spec_json: string | null;
  announcement_json: string | null;
  announcement_hash: string | null;
  fairness_json: string | null;
  lot_seed: string | null;
  result_json: string | null;
  closed_at: string | null;
}

const parse = <T>(schema: { parse(v: unknown): T }, text: string | null): T | null =>
  text === null ? null : schema.parse(JSON.parse(text));

function toRecord(r: Row): CeremonyLotRecord {
  return {
    drawId: r.draw_id,
    index: r.idx,
    lotId: r.lot_id,
    draft: LotDraft.parse(JSON.parse(r.draft_json)),
    spec: parse(LotSpec, r.spec_json),
    announcement: parse(LotAnnouncement, r.announcement_json),
    announcementHash: r.announcement_hash,
    fairness: parse(FairnessReport, r.fairness_json),
    lotSeed: r.lot_seed,
    result: parse(DrawResult, r.result_json),
    closedAt: r.closed_at,
  };
}

export function insertLots(
  db: Db,
  drawId: string,
  lots: readonly { lotId: number; draft: LotDraft }[]
): void {
  const st = db.prepare(
    'INSERT INTO ceremony_lots (draw_id, idx, lot_id, draft_json) VALUES (?, ?, ?, ?)'
  );
  lots.forEach((l, i) => st.run(drawId, i, l.lotId, JSON.stringify(l.draft)));
}

/** A ceremony's lots in broadcast order. */
export function listLots(db: Db, drawId: string): CeremonyLotRecord[] {
  return (
    db.prepare('SELECT * FROM ceremony_lots WHERE draw_id = ? ORDER BY idx').all(drawId) as Row[]
  ).map(toRecord);
}

/** The ceremonies a lot is in (draw ids, oldest first). */
export function ceremoniesOfLot(db: Db, lotId: number): string[] {
  return (
    db
      .prepare(
        `SELECT c.draw_id AS id FROM ceremony_lots c JOIN draws d ON d.id = c.draw_id
         WHERE c.lot_id = ? ORDER BY d.year, d.serial`
      )
      .all(lotId) as { id: string }[]
  ).map((r) => r.id);
}

export interface LotUpdate {
  draft?: LotDraft;
  spec?: LotSpec;
  announcement?: LotAnnouncement;
  announcementHash?: string;
  fairness?: FairnessReport;
  lotSeed?: string;
  result?: DrawResult;
  closedAt?: string;
}

const COLUMNS: Record<keyof LotUpdate, [string, boolean]> = {
  draft: ['draft_json', true],
  spec: ['spec_json', true],
  announcement: ['announcement_json', true],
  announcementHash: ['announcement_hash', false],
  fairness: ['fairness_json', true],
  lotSeed: ['lot_seed', false],
  result: ['result_json', true],
  closedAt: ['closed_at', false],
};

export function updateLot(db: Db, drawId: string, index: number, u: LotUpdate): void {
  const sets: string[] = [];
  const args: unknown[] = [];
  for (const [k, v] of Object.entries(u) as [keyof LotUpdate, unknown][]) {
    if (v === undefined) continue;
    const [column, isJson] = COLUMNS[k];
    sets.push(`${column} = ?`);
    args.push(isJson ? JSON.stringify(v) : v);
  }
  if (sets.length === 0) return;
  db.prepare(`UPDATE ceremony_lots SET ${sets.join(', ')} WHERE draw_id = ? AND idx = ?`).run(
    ...args,
    drawId,
    index
  );
}

export function insertLotPool(
  db: Db,
  drawId: string,
  index: number,
  entries: readonly PoolEntry[]
): void {
  const st = db.prepare(
    'INSERT INTO ceremony_pool (draw_id, idx, pool_no, registry_no, entry_json) VALUES (?, ?, ?, ?, ?)'
  );
  entries.forEach((e, i) => st.run(drawId, index, i + 1, e.registryNo, JSON.stringify(e)));
}

/** A lot's frozen pool in canonical order. */
export function listLotPool(db: Db, drawId: string, index: number): PoolEntry[] {
  const rows = db
    .prepare('SELECT entry_json FROM ceremony_pool WHERE draw_id = ? AND idx = ? ORDER BY pool_no')
    .all(drawId, index) as { entry_json: string }[];
  return rows.map((r) => PoolEntry.parse(JSON.parse(r.entry_json)));
}

export function insertLotSteps(
  db: Db,
  drawId: string,
  index: number,
  steps: readonly DrawStep[]
): void {
  const st = db.prepare(
    'INSERT INTO ceremony_steps (draw_id, idx, n, phase, registry_no, outcome, step_json) VALUES (?, ?, ?, ?, ?, ?, ?)'
  );
  for (const s of steps)
    st.run(drawId, index, s.n, s.phase, s.registryNo, s.outcome, JSON.stringify(s));
}

export function listLotSteps(db: Db, drawId: string, index: number): DrawStep[] {
  const rows = db
    .prepare('SELECT step_json FROM ceremony_steps WHERE draw_id = ? AND idx = ? ORDER BY n')
    .all(drawId, index) as { step_json: string }[];
  return rows.map((r) => DrawStep.parse(JSON.parse(r.step_json)));
}

/** A ceremony's declines with their lot, in the order recorded. */
export function listLotDeclines(db: Db, drawId: string): (DeclineRecord & { lotId: number })[] {
  return db
    .prepare(
      `SELECT lot_id AS lotId, registry_no AS registryNo, category, reason, actor, at,
         first_step AS firstStep FROM draw_declines WHERE draw_id = ? ORDER BY id`
    )
    .all(drawId) as (DeclineRecord & { lotId: number })[];
}

export function insertLotDecline(
  db: Db,
  d: DeclineRecord & { drawId: string; lotId: number }
): void {
  db.prepare(
    `INSERT INTO draw_declines (draw_id, lot_id, registry_no, category, reason, actor, at, first_step)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(d.drawId, d.lotId, d.registryNo, d.category, d.reason, d.actor, d.at, d.firstStep);
}
