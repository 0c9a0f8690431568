/**
 * Experts in SQLite (migration 0002): the experts row plus its directions and organizations in child
 * tables. Maps rows to the Expert shape of shared/schemas/registry.ts (NULL → absent field). No
 * deletes exist here; the database refuses them too.
 */
import { z } from 'zod';
import type { Db } from '../connection.js';
import { LanguageCode, type Expert } from '../../shared/schemas/registry.js';

interface ExpertRow {
  registry_no: string;
  full_name_kk: string | null;
  full_name_ru: string | null;
  region: string;
  gender: 'female' | 'male' | null;
  languages: string;
  proposed_by: 'operator' | 'ngo';
  status: 'active' | 'suspended' | 'excluded';
  status_reason: string | null;
  status_date: string | null;
  included_on: string;
  last_commission_on: string | null;
  iin: string | null;
  phone: string | null;
  email: string | null;
}

export interface ExpertFilter {
  q?: string | undefined;
  direction?: string | undefined;
  region?: string | undefined;
  status?: string | undefined;
  proposedBy?: string | undefined;
}

const Languages = z.array(LanguageCode);

/** Lower-cased names and number; search matches a substring of it. */
function searchTextOf(e: Pick<Expert, 'registryNo' | 'fullNameKk' | 'fullNameRu'>): string {
  return [e.registryNo, e.fullNameKk ?? '', e.fullNameRu ?? ''].join('\n').toLowerCase();
}

function opt<T>(v: T | null): T | undefined {
  return v === null ? undefined : v;
}

function withChildren(db: Db, rows: ExpertRow[]): Expert[] {
  if (rows.length === 0) return [];
  const keys = JSON.stringify(rows.map((r) => r.registry_no));
  const dirs = db
    .prepare(
      `SELECT registry_no, direction_code FROM expert_directions
       WHERE registry_no IN (SELECT value FROM json_each(?)) ORDER BY registry_no, position`
    )
    .all(keys) as { registry_no: string; direction_code: string }[];
  const orgs = db
    .prepare(
      `SELECT registry_no, name, bin, role FROM expert_organizations
       WHERE registry_no IN (SELECT value FROM json_each(?)) ORDER BY registry_no, position`
    )
    .all(keys) as { registry_no: string; name: string; bin: string | null; role: string }[];
  const dirMap = new Map<string, string[]>();
  for (const d of dirs)
    dirMap.set(d.registry_no, [...(dirMap.get(d.registry_no) ?? []), d.direction_code]);
  const orgMap = new Map<string, Expert['organizations']>();
  for (const o of orgs) {
    const org = { name: o.name, ...(o.bin === null ? {} : { bin: o.bin }), role: o.role };
    orgMap.set(o.registry_no, [...(orgMap.get(o.registry_no) ?? []), org]);
  }
  return rows.map((r) =>
    toExpert(r, dirMap.get(r.registry_no) ?? [], orgMap.get(r.registry_no) ?? [])
  );
}

function toExpert(
  r: ExpertRow,
  directions: string[],
  organizations: Expert['organizations']
): Expert {
  const e: Expert = {
    registryNo: r.registry_no,
    fullNameKk: opt(r.full_name_kk),
    fullNameRu: opt(r.full_name_ru),
    directions,
    region: r.region,
    organizations,
    gender: opt(r.gender),
    languages: Languages.parse(JSON.parse(r.languages)),
    proposedBy: r.proposed_by,
    status: r.status,
    statusReason: opt(r.status_reason),
    statusDate: opt(r.status_date),
    includedOn: r.included_on,
    lastCommissionOn: opt(r.last_commission_on),
    iin: opt(r.iin),
    phone: opt(r.phone),
    email: opt(r.email),
  };
  for (const k of Object.keys(e) as (keyof Expert)[]) if (e[k] === undefined) delete e[k];
  return e;
}

function rowValues(e: Expert) {
  return {
    registry_no: e.registryNo,
    full_name_kk: e.fullNameKk ?? null,
    full_name_ru: e.fullNameRu ?? null,
    region: e.region,
    gender: e.gender ?? null,
    languages: JSON.stringify(e.languages),
    proposed_by: e.proposedBy,
    status: e.status,
    status_reason: e.statusReason ?? null,
    status_date: e.statusDate ?? null,
    included_on: e.includedOn,
    last_commission_on: e.lastCommissionOn ?? null,
    iin: e.iin ?? null,
    phone: e.phone ?? null,
    email: e.email ?? null,
    search_text: searchTextOf(e),
  };
}

function writeChildren(db: Db, e: Expert): void {
  db.prepare('DELETE FROM expert_directions WHERE registry_no = ?').run(e.registryNo);
  db.prepare('DELETE FROM expert_organizations WHERE registry_no = ?').run(e.registryNo);
  const dir = db.prepare(
    'INSERT INTO expert_directions (registry_no, direction_code, position) VALUES (?, ?, ?)'
  );
  e.directions.forEach((d, i) => dir.run(e.registryNo, d, i));
  const org = db.prepare(
    'INSERT INTO expert_organizations (registry_no, position, name, bin, role) VALUES (?, ?, ?, ?, ?)'
  );
  e.organizations.forEach((o, i) => org.run(e.registryNo, i, o.name, o.bin ?? null, o.role));
}

export function insertExpert(db: Db, e: Expert, at: string): void {
  db.prepare(
    `INSERT INTO experts (registry_no, full_name_kk, full_name_ru, region, gender, languages,
       proposed_by, status, status_reason, status_date, included_on, last_commission_on, iin, phone,
       email, search_text, created_at, updated_at)
     VALUES (@registry_no, @full_name_kk, @full_name_ru, @region, @gender, @languages, @proposed_by,
       @status, @status_reason, @status_date, @included_on, @last_commission_on, @iin, @phone, @email,
       @search_text, @at, @at)`
  ).run({ ...rowValues(e), at });
  writeChildren(db, e);
}

export function updateExpert(db: Db, e: Expert, at: string): void {
  const r = db
    .prepare(
      `UPDATE experts SET full_name_kk = @full_name_kk, full_name_ru = @full_name_ru, region = @region,
         gender = @gender, languages = @languages, proposed_by = @proposed_by, status = @status,
         status_reason = @status_reason, status_date = @status_date, included_on = @included_on,
         last_commission_on = @last_commission_on, iin = @iin, phone = @phone, email = @email,
         search_text = @search_text, updated_at = @at
       WHERE registry_no = @registry_no`
    )
    .run({ ...rowValues(e), at });
  if (r.changes !== 1) throw new Error(`expert ${e.registryNo} vanished during update`);
  writeChildren(db, e);
}

export function findExpert(db: Db, registryNo: string): Expert | undefined {
  const row = db.prepare('SELECT * FROM experts WHERE registry_no = ?').get(registryNo) as
    ExpertRow | undefined;
  return row ? withChildren(db, [row])[0] : undefined;
}

function where(f: ExpertFilter): { sql: string; args: Record<string, string> } {
  const parts: string[] = [];
  const args: Record<string, string> = {};
  if (f.q) {
    parts.push('instr(search_text, @q) > 0');
    args.q = f.q.toLowerCase();
  }
  if (f.direction) {
    parts.push(
      'registry_no IN (SELECT registry_no FROM expert_directions WHERE direction_code = @direction)'
    );
    args.direction = f.direction;
  }
  for (const [k, col] of [
    ['region', 'region'],
    ['status', 'status'],
    ['proposedBy', 'proposed_by'],
  ] as const) {
    const v = f[k];
    if (v) {
      parts.push(`${col} = @${k}`);
      args[k] = v;
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** One page, ordered by registry number (SQLite BINARY collation = UTF-8 byte order). */
export function listExperts(
  db: Db,
  filter: ExpertFilter,
  page: { limit: number; offset: number }
): { items: Expert[]; total: number } {
  const w = where(filter);
  const total = (
    db.prepare(`SELECT count(*) AS n FROM experts ${w.sql}`).get(w.args) as { n: number }
  ).n;
  const rows = db
    .prepare(`SELECT * FROM experts ${w.sql} ORDER BY registry_no LIMIT @limit OFFSET @offset`)
    .all({ ...w.args, ...page }) as ExpertRow[];
  return { items: withChildren(db, rows), total };
}

/** Every matching expert (export, eligibility); ordered by registry number. */
export function allExperts(db: Db, filter: ExpertFilter = {}): Expert[] {
  const w = where(filter);
  const rows = db
    .prepare(`SELECT * FROM experts ${w.sql} ORDER BY registry_no`)
    .all(w.args) as ExpertRow[];
  return withChildren(db, rows);
}

export function countExperts(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM experts').get() as { n: number }).n;
}

/** The existing experts among these registry numbers, by number. */
export function findExperts(db: Db, registryNos: string[]): Map<string, Expert> {
  const rows = db
    .prepare('SELECT * FROM experts WHERE registry_no IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(registryNos)) as ExpertRow[];
  return new Map(withChildren(db, rows).map((e) => [e.registryNo, e]));
}
