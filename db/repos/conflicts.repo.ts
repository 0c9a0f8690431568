/**
 * Conflict kinds and declarations in SQLite (migration 0004). Row ↔ shape mapping only; the rules live
 * in server/lots/conflicts.ts and shared/eligibility.ts.
 */
import type { Db } from '../connection.js';
import type { ConflictKind, Declaration } from '../../shared/schemas/conflicts.js';

interface KindRow {
  code: string;
  label_kk: string;
  label_ru: string;
  label_en: string;
  lookback_months: number;
}
const toKind = (r: KindRow): ConflictKind => ({
  code: r.code,
  labelKk: r.label_kk,
  labelRu: r.label_ru,
  labelEn: r.label_en,
  lookbackMonths: r.lookback_months,
});

export function listConflictKinds(db: Db): ConflictKind[] {
  return (db.prepare('SELECT * FROM conflict_kinds ORDER BY rowid').all() as KindRow[]).map(toKind);
}

export function findConflictKind(db: Db, code: string): ConflictKind | undefined {
  const r = db.prepare('SELECT * FROM conflict_kinds WHERE code = ?').get(code) as
    KindRow | undefined;
  return r ? toKind(r) : undefined;
}

export function upsertConflictKind(db: Db, k: ConflictKind): void {
  db.prepare(
    `INSERT INTO conflict_kinds (code, label_kk, label_ru, label_en, lookback_months)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET label_kk = excluded.label_kk, label_ru = excluded.label_ru,
       label_en = excluded.label_en, lookback_months = excluded.lookback_months`
  ).run(k.code, k.labelKk, k.labelRu, k.labelEn, k.lookbackMonths);
}

interface DeclarationRow {
  id: number;
  registry_no: string;
  bin: string;
  kind: string;
  valid_from: string;
  valid_to: string | null;
  source: 'self' | 'operator';
  note: string | null;
}
const toDeclaration = (r: DeclarationRow): Declaration => ({
  id: r.id,
  registryNo: r.registry_no,
  bin: r.bin,
  kind: r.kind,
  validFrom: r.valid_from,
  ...(r.valid_to === null ? {} : { validTo: r.valid_to }),
  source: r.source,
  ...(r.note === null ? {} : { note: r.note }),
});

export function listDeclarations(
  db: Db,
  filter: { registryNo?: string | undefined; bin?: string | undefined; bins?: string[] } = {}
): Declaration[] {
  const parts: string[] = [];
  const args: Record<string, string> = {};
  if (filter.registryNo !== undefined) {
    parts.push('registry_no = @registryNo');
    args.registryNo = filter.registryNo;
  }
  if (filter.bin !== undefined) {
    parts.push('bin = @bin');
    args.bin = filter.bin;
  }
  if (filter.bins !== undefined) {
    parts.push('bin IN (SELECT value FROM json_each(@bins))');
    args.bins = JSON.stringify(filter.bins);
  }
  const w = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  return (
    db.prepare(`SELECT * FROM declarations ${w} ORDER BY id`).all(args) as DeclarationRow[]
  ).map(toDeclaration);
}

export function findDeclaration(db: Db, id: number): Declaration | undefined {
  const r = db.prepare('SELECT * FROM declarations WHERE id = ?').get(id) as
    DeclarationRow | undefined;
  return r ? toDeclaration(r) : undefined;
}

export function insertDeclaration(db: Db, d: Omit<Declaration, 'id'>): number {
  const r = db
    .prepare(
      `INSERT INTO declarations (registry_no, bin, kind, valid_from, valid_to, source, note)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    )
    .run(d.registryNo, d.bin, d.kind, d.validFrom, d.validTo ?? null, d.source, d.note ?? null);
  return Number(r.lastInsertRowid);
}

export function updateDeclaration(db: Db, d: Declaration): void {
  db.prepare(
    'UPDATE declarations SET kind = ?, valid_from = ?, valid_to = ?, note = ? WHERE id = ?'
  ).run(d.kind, d.validFrom, d.validTo ?? null, d.note ?? null, d.id);
}
