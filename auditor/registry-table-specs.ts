/**
 * What the registry tables hold against what the log says (docs/PROTOCOL.md §Tables and API against
 * the replay): for each table compared by the audit (registry-tables.ts), its rows as the replayed
 * registry gives them and as the database stores them, keyed alike, with the public columns compared.
 * Personal data (experts' iin, phone, email, status_reason; declarations' note) and bookkeeping
 * (search_text, created_at, updated_at) are never read.
 */
import type { Logged, RegistryState } from '../shared/registry-replay.js';
import type { Db } from '../db/connection.js';
export type Cells = Record<string, unknown>;
/** Rows by key: the logged ones with the entry that set them. */
export type LoggedRows = Map<string, { cells: Cells; index: number }>;
export type StoredRows = Map<string, Cells>;

export interface TableSpec {
  table: string;
  /** the compared columns, in the order they are compared */
  columns: readonly string[];
  /** columns holding JSON text: compared as the values they encode */
  json?: readonly string[];
  logged(state: RegistryState): LoggedRows;
  stored(db: Db): StoredRows;
}

const opt = (v: unknown) => (v === undefined ? null : v);

/** One row per record, its cells made by `cells`. */
function rowsOf<T>(records: Map<string, Logged<T>>, cells: (r: T) => Cells): LoggedRows {
  const out: LoggedRows = new Map();
  for (const [key, { record, index }] of records) out.set(key, { cells: cells(record), index });
  return out;
}

/** One row per item of each record's list, keyed `key/position` (position from 0, as stored). */
function listRowsOf<T, I>(
  records: Map<string, Logged<T>>,
  list: (r: T) => readonly I[],
  cells: (item: I) => Cells
): LoggedRows {
  const out: LoggedRows = new Map();
  for (const [key, { record, index }] of records)
    list(record).forEach((item, i) => out.set(`${key}/${i}`, { cells: cells(item), index }));
  return out;
}

/** A table's rows by key: `key` names the key columns (joined with '/'), the rest are cells. */
function read(db: Db, sql: string, key: readonly string[]): StoredRows {
  const out: StoredRows = new Map();
  for (const row of db.prepare(sql).iterate() as Iterable<Record<string, unknown>>) {
    const cells: Cells = { ...row };
    for (const k of key) delete cells[k];
    out.set(key.map((k) => String(row[k])).join('/'), cells);
  }
  return out;
}

/** The compared tables, in the order they are compared. */
export const TABLES: readonly TableSpec[] = [
  {
    table: 'directions',
    columns: ['name_kk', 'name_ru', 'name_en'],
    logged: (s) =>
      rowsOf(s.direction, (d) => ({ name_kk: d.nameKk, name_ru: d.nameRu, name_en: d.nameEn })),
    stored: (db) => read(db, 'SELECT code, name_kk, name_ru, name_en FROM directions', ['code']),
  },
  {
    table: 'competitions',
    columns: ['code', 'title_kk', 'title_ru', 'year'],
    logged: (s) =>
      rowsOf(s.competition, (c) => ({
        code: c.code,
        title_kk: c.titleKk,
        title_ru: c.titleRu,
        year: c.year,
      })),
    stored: (db) => read(db, 'SELECT id, code, title_kk, title_ru, year FROM competitions', ['id']),
  },
  {
    table: 'lots',
    columns: ['competition_id', 'direction_code', 'title_kk', 'title_ru'],
    logged: (s) =>
      rowsOf(s.lot, (l) => ({
        competition_id: l.competitionId,
        direction_code: l.directionCode,
        title_kk: l.titleKk,
        title_ru: l.titleRu,
      })),
    stored: (db) =>
      read(db, 'SELECT id, competition_id, direction_code, title_kk, title_ru FROM lots', ['id']),
  },
  {
    table: 'lot_applicants',
    columns: ['name', 'bin'],
    logged: (s) =>
      listRowsOf(
        s.lot,
        (l) => l.applicants,
        (a) => ({ name: a.name, bin: a.bin })
      ),
    stored: (db) =>
      read(db, 'SELECT lot_id, position, name, bin FROM lot_applicants', ['lot_id', 'position']),
  },
  {
    table: 'conflict_kinds',
    // `order` is the row's rank by rowid: the order the eligibility rules read the kinds in
    columns: ['label_kk', 'label_ru', 'label_en', 'lookback_months', 'order'],
    logged: (s) => {
      const rows = rowsOf(s.conflict_kind, (k) => ({
        label_kk: k.labelKk,
        label_ru: k.labelRu,
        label_en: k.labelEn,
        lookback_months: k.lookbackMonths,
      }));
      [...rows.values()].forEach((r, i) => (r.cells.order = i));
      return rows;
    },
    stored: (db) => {
      const rows = read(
        db,
        'SELECT code, label_kk, label_ru, label_en, lookback_months FROM conflict_kinds ORDER BY rowid',
        ['code']
      );
      [...rows.values()].forEach((r, i) => (r.order = i));
      return rows;
    },
  },
  {
    table: 'experts',
    columns: [
      'full_name_kk',
      'full_name_ru',
      'region',
      'gender',
      'languages',
      'proposed_by',
      'status',
      'status_date',
      'included_on',
      'last_commission_on',
    ],
    json: ['languages'],
    logged: (s) =>
      rowsOf(s.expert, (e) => ({
        full_name_kk: opt(e.fullNameKk),
        full_name_ru: opt(e.fullNameRu),
        region: e.region,
        gender: opt(e.gender),
        languages: e.languages,
        proposed_by: e.proposedBy,
        status: e.status,
        status_date: opt(e.statusDate),
        included_on: e.includedOn,
        last_commission_on: opt(e.lastCommissionOn),
      })),
    stored: (db) =>
      read(
        db,
        `SELECT registry_no, full_name_kk, full_name_ru, region, gender, languages, proposed_by,
           status, status_date, included_on, last_commission_on FROM experts`,
        ['registry_no']
      ),
  },
  {
    table: 'expert_directions',
    columns: ['direction_code'],
    logged: (s) =>
      listRowsOf(
        s.expert,
        (e) => e.directions,
        (d) => ({ direction_code: d })
      ),
    stored: (db) =>
      read(db, 'SELECT registry_no, position, direction_code FROM expert_directions', [
        'registry_no',
        'position',
      ]),
  },
  {
    table: 'expert_organizations',
    columns: ['name', 'bin', 'role'],
    logged: (s) =>
      listRowsOf(
        s.expert,
        (e) => e.organizations,
        (o) => ({ name: o.name, bin: opt(o.bin), role: o.role })
      ),
    stored: (db) =>
      read(db, 'SELECT registry_no, position, name, bin, role FROM expert_organizations', [
        'registry_no',
        'position',
      ]),
  },
  {
    table: 'declarations',
    columns: ['registry_no', 'bin', 'kind', 'valid_from', 'valid_to', 'source'],
    logged: (s) =>
      rowsOf(s.declaration, (d) => ({
        registry_no: d.registryNo,
        bin: d.bin,
        kind: d.kind,
        valid_from: d.validFrom,
        valid_to: opt(d.validTo),
        source: d.source,
      })),
    stored: (db) =>
      read(
        db,
        'SELECT id, registry_no, bin, kind, valid_from, valid_to, source FROM declarations',
        ['id']
      ),
  },
];
