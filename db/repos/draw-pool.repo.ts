/**
 * A draw's frozen pool, recorded steps and declines (migration 0030: draw_pool, draw_steps,
 * draw_declines): row ↔ shape mapping only. Pool entries and steps are stored as the exact JSON that
 * was hashed or logged and parsed with their schemas on the way out.
 */
import type { Db } from '../connection.js';
import { PoolEntry } from '../../shared/schemas/pool.js';
import { DrawStep } from '../../shared/schemas/draw-result.js';
import type { DeclineCategory } from '../../shared/schemas/decline-category.js';

export function insertPool(db: Db, drawId: string, entries: readonly PoolEntry[]): void {
  const st = db.prepare(
    'INSERT INTO draw_pool (draw_id, pool_no, registry_no, entry_json) VALUES (?, ?, ?, ?)'
  );
  entries.forEach((e, i) => st.run(drawId, i + 1, e.registryNo, JSON.stringify(e)));
}

/** The frozen pool in canonical order (pool_no 1..n). */
export function listPool(db: Db, drawId: string): PoolEntry[] {
  const rows = db
    .prepare('SELECT entry_json FROM draw_pool WHERE draw_id = ? ORDER BY pool_no')
    .all(drawId) as { entry_json: string }[];
  return rows.map((r) => PoolEntry.parse(JSON.parse(r.entry_json)));
}

export function insertSteps(db: Db, drawId: string, steps: readonly DrawStep[]): void {
  const st = db.prepare(
    'INSERT INTO draw_steps (draw_id, n, phase, registry_no, outcome, step_json) VALUES (?, ?, ?, ?, ?, ?)'
  );
  for (const s of steps) st.run(drawId, s.n, s.phase, s.registryNo, s.outcome, JSON.stringify(s));
}

export function listSteps(db: Db, drawId: string): DrawStep[] {
  const rows = db
    .prepare('SELECT step_json FROM draw_steps WHERE draw_id = ? ORDER BY n')
    .all(drawId) as { step_json: string }[];
  return rows.map((r) => DrawStep.parse(JSON.parse(r.step_json)));
}

export function insertDecline(
  db: Db,
  d: {
    drawId: string;
    registryNo: string;
    category: DeclineCategory;
    reason: string;
    actor: string;
    at: string;
    firstStep: number;
  }
): void {
  db.prepare(
    'INSERT INTO draw_declines (draw_id, registry_no, category, reason, actor, at, first_step) VALUES (?, ?, ?, ?, ?, ?, ?)'
  ).run(d.drawId, d.registryNo, d.category, d.reason, d.actor, d.at, d.firstStep);
}

export interface DeclineRecord {
  registryNo: string;
  /** null for declines recorded before categories existed */
  category: DeclineCategory | null;
  reason: string;
  actor: string;
  at: string;
  firstStep: number;
}

export function listDeclines(db: Db, drawId: string): DeclineRecord[] {
  return db
    .prepare(
      'SELECT registry_no AS registryNo, category, reason, actor, at, first_step AS firstStep FROM draw_declines WHERE draw_id = ? ORDER BY id'
    )
    .all(drawId) as DeclineRecord[];
}
