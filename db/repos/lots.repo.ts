/**
 * Directions, competitions and lots in SQLite (migrations 0002, 0003). Row ↔ shape mapping only; the
 * rules (existence checks, history) live in server/lots/lots.ts.
 */
import type { Db } from '../connection.js';
import type { Direction } from '../../shared/schemas/registry.js';
import type { Competition, Lot } from '../../shared/schemas/lots.js';

// ── directions ──────────────────────────────────────────────────────────────────────────────────
interface DirectionRow {
  code: string;
  name_kk: string;
  name_ru: string;
  name_en: string;
}
const toDirection = (r: DirectionRow): Direction => ({
  code: r.code,
  nameKk: r.name_kk,
  nameRu: r.name_ru,
  nameEn: r.name_en,
});

export function listDirections(db: Db): Direction[] {
  return (db.prepare('SELECT * FROM directions ORDER BY code').all() as DirectionRow[]).map(
    toDirection
  );
}

export function findDirection(db: Db, code: string): Direction | undefined {
  const r = db.prepare('SELECT * FROM directions WHERE code = ?').get(code) as
    DirectionRow | undefined;
  return r ? toDirection(r) : undefined;
}

export function upsertDirection(db: Db, d: Direction): void {
  db.prepare(
    `INSERT INTO directions (code, name_kk, name_ru, name_en) VALUES (?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET name_kk = excluded.name_kk, name_ru = excluded.name_ru,
       name_en = excluded.name_en`
  ).run(d.code, d.nameKk, d.nameRu, d.nameEn);
}

// ── competitions ────────────────────────────────────────────────────────────────────────────────
interface CompetitionRow {
  id: number;
  code: string;
  title_kk: string;
  title_ru: string;
  year: number;
}
const toCompetition = (r: CompetitionRow): Competition => ({
  id: r.id,
  code: r.code,
  titleKk: r.title_kk,
  titleRu: r.title_ru,
  year: r.year,
});

export function listCompetitions(db: Db): Competition[] {
  return (
    db.prepare('SELECT * FROM competitions ORDER BY year DESC, code').all() as CompetitionRow[]
  ).map(toCompetition);
}

export function findCompetition(db: Db, id: number): Competition | undefined {
  const r = db.prepare('SELECT * FROM competitions WHERE id = ?').get(id) as
    CompetitionRow | undefined;
  return r ? toCompetition(r) : undefined;
}

export function findCompetitionByCode(db: Db, code: string): Competition | undefined {
  const r = db.prepare('SELECT * FROM competitions WHERE code = ?').get(code) as
    CompetitionRow | undefined;
  return r ? toCompetition(r) : undefined;
}

export function insertCompetition(db: Db, c: Omit<Competition, 'id'>): number {
  const r = db
    .prepare('INSERT INTO competitions (code, title_kk, title_ru, year) VALUES (?, ?, ?, ?)')
    .run(c.code, c.titleKk, c.titleRu, c.year);
  return Number(r.lastInsertRowid);
}

export function updateCompetition(db: Db, c: Competition): void {
  db.prepare(
    'UPDATE competitions SET code = ?, title_kk = ?, title_ru = ?, year = ? WHERE id = ?'
  ).run(c.code, c.titleKk, c.titleRu, c.year, c.id);
}

// ── lots ────────────────────────────────────────────────────────────────────────────────────────
interface LotRow {
  id: number;
  competition_id: number;
  direction_code: string;
  title_kk: string;
  title_ru: string;
}

function withApplicants(db: Db, rows: LotRow[]): Lot[] {
  if (rows.length === 0) return [];
  const apps = db
    .prepare(
      `SELECT lot_id, name, bin FROM lot_applicants
       WHERE lot_id IN (SELECT value FROM json_each(?)) ORDER BY lot_id, position`
    )
    .all(JSON.stringify(rows.map((r) => r.id))) as { lot_id: number; name: string; bin: string }[];
  const by = new Map<number, Lot['applicants']>();
  for (const a of apps)
    by.set(a.lot_id, [...(by.get(a.lot_id) ?? []), { name: a.name, bin: a.bin }]);
  return rows.map((r) => ({
    id: r.id,
    competitionId: r.competition_id,
    directionCode: r.direction_code,
    titleKk: r.title_kk,
    titleRu: r.title_ru,
    applicants: by.get(r.id) ?? [],
  }));
}

export function listLots(db: Db, filter: { competitionId?: number | undefined } = {}): Lot[] {
  const rows = (
    filter.competitionId === undefined
      ? db.prepare('SELECT * FROM lots ORDER BY id').all()
      : db
          .prepare('SELECT * FROM lots WHERE competition_id = ? ORDER BY id')
          .all(filter.competitionId)
  ) as LotRow[];
  return withApplicants(db, rows);
}

export function findLot(db: Db, id: number): Lot | undefined {
  const r = db.prepare('SELECT * FROM lots WHERE id = ?').get(id) as LotRow | undefined;
  return r ? withApplicants(db, [r])[0] : undefined;
}

function writeApplicants(db: Db, lotId: number, applicants: Lot['applicants']): void {
  db.prepare('DELETE FROM lot_applicants WHERE lot_id = ?').run(lotId);
  const ins = db.prepare(
    'INSERT INTO lot_applicants (lot_id, position, name, bin) VALUES (?, ?, ?, ?)'
  );
  applicants.forEach((a, i) => ins.run(lotId, i, a.name, a.bin));
}

export function insertLot(db: Db, l: Omit<Lot, 'id'>): number {
  const r = db
    .prepare(
      'INSERT INTO lots (competition_id, direction_code, title_kk, title_ru) VALUES (?, ?, ?, ?)'
    )
    .run(l.competitionId, l.directionCode, l.titleKk, l.titleRu);
  const id = Number(r.lastInsertRowid);
  writeApplicants(db, id, l.applicants);
  return id;
}

export function updateLot(db: Db, l: Lot): void {
  db.prepare(
    'UPDATE lots SET competition_id = ?, direction_code = ?, title_kk = ?, title_ru = ? WHERE id = ?'
  ).run(l.competitionId, l.directionCode, l.titleKk, l.titleRu, l.id);
  writeApplicants(db, l.id, l.applicants);
}
