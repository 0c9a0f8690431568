/**
 * CSV import and export of the Registry of Experts (csv-parse / csv-stringify, RFC 4180 quoting).
 *
 * Import: UTF-8 with or without BOM; ";" or "," delimiter, whichever the header line uses more (Excel
 * in Russian and Kazakh locales writes ";"); header names in kk/ru/en (registry-csv-columns.ts). Rows
 * are upserted by registry number: a new number creates an expert, an existing one is updated with
 * history; columns absent from the file keep their stored values and an empty cell clears an optional
 * field. All or nothing: every row is checked first and the report lists each problem with its row
 * (as numbered in the file, header = 1), column (as written in the header) and reason; only a clean
 * file is written, in ONE transaction. A dry run checks and reports without writing.
 *
 * Export: UTF-8 with BOM, ";" delimiter and CRLF so Excel in ru/kk locales opens it as columns. Cells
 * that Excel would read as a formula (= + - @) get a leading apostrophe (OWASP CSV injection advice);
 * import removes it again.
 */
import { stringify } from 'csv-stringify/sync';
import { findExperts, insertExpert, updateExpert } from '../../db/repos/experts.repo.js';
import { listDirections } from '../../db/repos/lots.repo.js';
import { canonicalString } from '../../shared/canonical.js';
import type { Expert, ImportReport } from '../../shared/schemas/registry.js';
import { COLUMNS, formatCell, type HeaderLang } from './csv-columns.js';
import { parseCsv, Problems, readHeader, rowRecord } from './csv-read.js';
import { nowIso, recordChange, todayKz, type RegistryDeps } from './registry-changes.js';

export interface ImportOptions {
  dryRun?: boolean;
  /** called every `progressEvery` rows while checking and while writing */
  onProgress?: (p: { phase: 'check' | 'write'; done: number; total: number }) => void;
  progressEvery?: number;
}

export function importExpertsCsv(
  deps: RegistryDeps,
  actor: string,
  text: string,
  opts: ImportOptions = {}
): ImportReport {
  const every = opts.progressEvery ?? 500;
  const problems = new Problems();
  const report = (
    rows: number,
    counts = { created: 0, updated: 0, unchanged: 0 }
  ): ImportReport => ({
    dryRun: opts.dryRun ?? false,
    rows,
    imported: problems.list.length === 0 && !opts.dryRun ? counts.created + counts.updated : 0,
    ...counts,
    errors: problems.result(),
  });
  const parsed = parseCsv(text, problems);
  if (!parsed || parsed.length === 0) {
    if (parsed)
      problems.add({ row: 1, column: '', code: 'CSV_EMPTY', problem: 'the file is empty' });
    return report(0);
  }
  const header = parsed[0]!.cells;
  const keys = readHeader(header, problems);
  const dataRows = parsed.slice(1).filter((r) => r.cells.some((c) => c !== ''));
  if (problems.list.length > 0) return report(dataRows.length);

  const regIdx = keys.indexOf('registryNo');
  const ctx = {
    existing: findExperts(
      deps.db,
      dataRows.map((r) => r.cells[regIdx] ?? '')
    ),
    directions: listDirections(deps.db),
    today: todayKz(deps),
  };
  const firstRow = new Map<string, number>();
  const records: Expert[] = [];
  dataRows.forEach((r, i) => {
    const no = r.cells[regIdx] ?? '';
    if (no !== '' && firstRow.has(no))
      problems.add({
        row: r.row,
        column: header[regIdx]!,
        code: 'ROW_REPEATED',
        problem: `registry number ${no} is also on row ${firstRow.get(no)}`,
      });
    else firstRow.set(no, r.row);
    const rec = rowRecord(r, keys, header, ctx, problems);
    if (rec) records.push(rec);
    if ((i + 1) % every === 0 || i + 1 === dataRows.length)
      opts.onProgress?.({ phase: 'check', done: i + 1, total: dataRows.length });
  });
  if (problems.list.length > 0) return report(dataRows.length);

  const counts = { created: 0, updated: 0, unchanged: 0 };
  const changed = records.filter((e) => {
    const stored = ctx.existing.get(e.registryNo);
    if (!stored) counts.created++;
    else if (canonicalString(stored) === canonicalString(e)) counts.unchanged++;
    else counts.updated++;
    return !stored || canonicalString(stored) !== canonicalString(e);
  });
  if (opts.dryRun) return report(dataRows.length, counts);

  deps.db.transaction(() => {
    const at = nowIso(deps);
    changed.forEach((e, i) => {
      const before = ctx.existing.get(e.registryNo) ?? null;
      if (before) updateExpert(deps.db, e, at);
      else insertExpert(deps.db, e, at);
      recordChange(deps, actor, at, {
        entity: 'expert',
        key: e.registryNo,
        action: before ? 'import-update' : 'import-create',
        before,
        after: e,
      });
      if ((i + 1) % every === 0 || i + 1 === changed.length)
        opts.onProgress?.({ phase: 'write', done: i + 1, total: changed.length });
    });
  })();
  return report(dataRows.length, counts);
}

function guardFormula(cell: string): string {
  return /^[=+\-@]/.test(cell) ? `'${cell}` : cell;
}

/** The registry as CSV for Excel; personal columns only when asked (operators). */
export function exportExpertsCsv(
  experts: readonly Expert[],
  opts: { personal: boolean; lang?: HeaderLang }
): string {
  const cols = COLUMNS.filter((c) => opts.personal || !c.personal).filter(
    (c) => opts.personal || c.key !== 'statusReason'
  );
  const rows = [
    cols.map((c) => c.header[opts.lang ?? 'en']),
    ...experts.map((e) => cols.map((c) => guardFormula(formatCell(c.key, e)))),
  ];
  return stringify(rows, { bom: true, delimiter: ';', record_delimiter: 'windows' });
}
