/**
 * The registry tables against the registry replayed from the log (docs/PROTOCOL.md §Audit, step 4):
 * every public column of directions, competitions, lots, lot_applicants, conflict_kinds (and their
 * order, which the eligibility rules read), experts, expert_directions, expert_organizations and
 * declarations must hold what the log says, and every row must be one the log created. Personal data
 * (experts' iin, phone, email, status_reason; declarations' note) is never logged and not compared;
 * neither are bookkeeping columns nothing reads for a draw (experts' search_text, created_at,
 * updated_at). The first difference is named: table, key, column, the logged and the stored value,
 * and the entry that logged it.
 */
import { compareUtf8 } from '../shared/bytes.js';
import { canonicalEqual, canonicalString } from '../shared/canonical.js';
import type { RegistryState } from '../shared/registry-replay.js';
import type { Db } from '../db/connection.js';
import type { RegistryProblem } from './registry-audit.js';
import { TABLES, type StoredRows, type TableSpec } from './registry-table-specs.js';

/** Keys in a stable order: `/`-separated parts, integers by value, other parts by UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const c = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : compareUtf8(x, y);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

function sameCell(logged: unknown, stored: unknown, json: boolean): boolean {
  if (!json) return logged === stored;
  if (typeof stored !== 'string') return false;
  try {
    return canonicalEqual(JSON.parse(stored), logged);
  } catch {
    return false;
  }
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : canonicalString(v));

/** The first difference of one table, in key order, then column order. */
function compareTable(spec: TableSpec, state: RegistryState, db: Db): RegistryProblem | undefined {
  const { table } = spec;
  const logged = spec.logged(state);
  let stored: StoredRows;
  try {
    stored = spec.stored(db);
  } catch (e) {
    // a table or column an attacker dropped or renamed: a finding, not a crash
    return {
      code: 'AUDIT_TABLE_MISMATCH',
      message: `${table}: cannot be read (${(e as Error).message})`,
      table,
      key: '-',
      column: '(table)',
    };
  }
  const keys = [...new Set([...logged.keys(), ...stored.keys()])].sort(compareKeys);
  for (const key of keys) {
    const l = logged.get(key);
    const s = stored.get(key);
    if (!s)
      return {
        code: 'AUDIT_TABLE_MISMATCH',
        message: `${table} ${key}: the log has this row, the table does not`,
        table,
        key,
        column: '(row)',
        ...(l!.index >= 0 ? { index: l!.index } : {}),
      };
    if (!l)
      return {
        code: 'AUDIT_TABLE_MISMATCH',
        message: `${table} ${key}: the table has a row the log never created`,
        table,
        key,
        column: '(row)',
      };
    for (const column of spec.columns) {
      const json = spec.json?.includes(column) ?? false;
      if (sameCell(l.cells[column], s[column], json)) continue;
      const genesis = l.index < 0 ? ' (genesis state)' : '';
      return {
        code: 'AUDIT_TABLE_MISMATCH',
        message: `${table} ${key}: ${column} is ${show(l.cells[column])} in the log${genesis}, ${show(s[column])} in the table`,
        table,
        key,
        column,
        ...(l.index >= 0 ? { index: l.index } : {}),
      };
    }
  }
  return undefined;
}

/** Every registry table against the replayed registry: the first difference, or undefined. */
export function compareRegistryTables(db: Db, state: RegistryState): RegistryProblem | undefined {
  for (const spec of TABLES) {
    const problem = compareTable(spec, state, db);
    if (problem) return problem;
  }
  return undefined;
}
