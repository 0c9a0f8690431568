/**
 * Reading a registry CSV into checked Expert records: decoding checks, delimiter detection, parsing
 * (csv-parse), header mapping and per-row validation, collecting every problem with its row (as
 * numbered in the file, header = 1) and column (as written in the header). No writes here.
 */
import { parse } from 'csv-parse/sync';
import type { listDirections } from '../../db/repos/lots.repo.js';
import { Expert, NAME_MESSAGE } from '../../shared/schemas/registry.js';
import { type ImportProblem, type ImportProblemCode } from '../../shared/api/registry.js';
import { CellProblem, COLUMNS, columnForHeader, parseCell, type ColumnKey } from './csv-columns.js';

const MAX_REPORTED_PROBLEMS = 500;
const OPTIONAL_FIELDS = new Set<ColumnKey>([
  'fullNameKk',
  'fullNameRu',
  'gender',
  'statusReason',
  'statusDate',
  'lastCommissionOn',
  'iin',
  'phone',
  'email',
]);
const DATE_FIELDS = new Set(['statusDate', 'includedOn', 'lastCommissionOn']);
const LIST_FIELDS = new Set<ColumnKey>(['organizations', 'languages']);

/** Picks ";" or "," by counting them outside quotes on the header line. */
// Exported for its test: the heuristic's edge cases, checked directly.
export function detectDelimiter(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return comma > semi ? ',' : ';';
}

function unescapeFormula(cell: string): string {
  return /^'[=+\-@]/.test(cell) ? cell.slice(1) : cell;
}

export interface ParsedRow {
  row: number;
  cells: string[];
}

export class Problems {
  readonly list: ImportProblem[] = [];
  private extra = 0;
  add(p: ImportProblem): void {
    if (this.list.length < MAX_REPORTED_PROBLEMS) this.list.push(p);
    else this.extra++;
  }
  result(): ImportProblem[] {
    if (this.extra === 0) return this.list;
    return [
      ...this.list,
      {
        row: 0,
        column: '',
        code: 'TOO_MANY_PROBLEMS',
        problem: `${this.extra} more problems not listed`,
        params: { n: this.extra },
      },
    ];
  }
}

export function parseCsv(text: string, problems: Problems): ParsedRow[] | null {
  if (text.includes('\uFFFD')) {
    const row = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    problems.add({
      row,
      column: '',
      code: 'CSV_NOT_UTF8',
      problem: 'the file is not UTF-8 (save it as "CSV UTF-8")',
    });
    return null;
  }
  try {
    const records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
    return records.map((cells, i) => ({
      row: i + 1,
      cells: cells.map((c) => unescapeFormula(c.trim())),
    }));
  } catch (e) {
    const err = e as { records?: number; lines?: number; message?: string };
    problems.add({
      row: (err.records ?? 0) + 1,
      column: '',
      code: 'CSV_SYNTAX',
      problem: `CSV syntax error near line ${err.lines ?? '?'}: ${err.message ?? 'unreadable'}`,
      ...(err.lines !== undefined ? { params: { line: err.lines } } : {}),
    });
    return null;
  }
}

export function readHeader(cells: string[], problems: Problems): (ColumnKey | null)[] {
  const seen = new Map<ColumnKey, string>();
  const keys = cells.map((h) => {
    if (h === '') return null;
    const key = columnForHeader(h);
    if (!key) {
      problems.add({ row: 1, column: h, code: 'COLUMN_UNKNOWN', problem: `unknown column "${h}"` });
      return null;
    }
    if (seen.has(key)) {
      problems.add({
        row: 1,
        column: h,
        code: 'COLUMN_REPEATED',
        problem: `same column as "${seen.get(key)}"`,
        params: { first: seen.get(key)! },
      });
      return null;
    }
    seen.set(key, h);
    return key;
  });
  if (!seen.has('registryNo'))
    problems.add({
      row: 1,
      column: '',
      code: 'COLUMN_MISSING',
      problem: 'the registry number column is missing',
    });
  return keys;
}

function describeIssue(issue: {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
}): { code: ImportProblemCode; problem: string } {
  if (issue.message === NAME_MESSAGE) return { code: 'NAME_MISSING', problem: issue.message };
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return { code: 'REQUIRED', problem: 'required' };
  const where = issue.path.slice(1).map(String).join('.');
  const last = String(issue.path[issue.path.length - 1]);
  const code: ImportProblemCode =
    last === 'bin'
      ? 'BIN_INVALID'
      : last === 'iin'
        ? 'IIN_INVALID'
        : DATE_FIELDS.has(last)
          ? 'DATE_INVALID'
          : 'INVALID';
  return { code, problem: where ? `${where}: ${issue.message}` : issue.message };
}

/** Builds the record a row describes on top of the stored one (or defaults for a new expert). */
export function rowRecord(
  r: ParsedRow,
  keys: (ColumnKey | null)[],
  header: string[],
  ctx: {
    existing: Map<string, Expert>;
    directions: ReturnType<typeof listDirections>;
    today: string;
  },
  problems: Problems
): Expert | null {
  const col = (k: ColumnKey) =>
    header[keys.indexOf(k)] ?? COLUMNS.find((c) => c.key === k)?.header.en ?? k;
  const before = problems.list.length;
  if (r.cells.length > keys.length && r.cells.slice(keys.length).some((c) => c !== ''))
    problems.add({
      row: r.row,
      column: '',
      code: 'ROW_TOO_LONG',
      problem: `${r.cells.length} cells but ${keys.length} columns`,
      params: { cells: r.cells.length, columns: keys.length },
    });
  const registryNo = r.cells[keys.indexOf('registryNo')] ?? '';
  const stored = ctx.existing.get(registryNo);
  const rec: Record<string, unknown> = stored
    ? { ...stored }
    : { organizations: [], languages: [], status: 'active', includedOn: ctx.today };
  keys.forEach((key, i) => {
    if (key === null) return;
    const cell = r.cells[i] ?? '';
    if (cell === '') {
      if (OPTIONAL_FIELDS.has(key)) delete rec[key];
      else if (LIST_FIELDS.has(key)) rec[key] = [];
      else delete rec[key]; // required: the schema reports it
      return;
    }
    try {
      rec[key] = parseCell(key, cell, ctx.directions);
    } catch (e) {
      if (!(e instanceof CellProblem)) throw e;
      problems.add({
        row: r.row,
        column: header[i]!,
        code: e.code,
        problem: e.problem,
        params: { value: e.value },
      });
      delete rec[key];
    }
  });
  if (rec.status !== 'active' && rec.status !== undefined) {
    if (rec.statusReason === undefined)
      problems.add({
        row: r.row,
        column: col('statusReason'),
        code: 'STATUS_REASON_MISSING',
        problem: `a ${String(rec.status)} expert needs a status reason`,
      });
    if (rec.statusDate === undefined)
      rec.statusDate = stored?.status === rec.status ? stored.statusDate : ctx.today;
  }
  const parsed = Expert.safeParse(rec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '') as ColumnKey;
      // a cell problem already explains this field
      if (problems.list.slice(before).some((p) => p.row === r.row && p.column === col(key)))
        continue;
      const described = describeIssue(issue);
      const cell = keys.includes(key) ? (r.cells[keys.indexOf(key)] ?? '') : '';
      problems.add({
        row: r.row,
        column: col(key),
        ...described,
        ...(cell !== '' && described.code !== 'NAME_MISSING' ? { params: { value: cell } } : {}),
      });
    }
  }
  return problems.list.length === before && parsed.success ? parsed.data : null;
}

/** Checks a whole file and, unless dryRun or any problem, writes it in one transaction. */
