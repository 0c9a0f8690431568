/**
 * CSV import and export of the Registry of Experts (csv-parse / csv-stringify, RFC 4180 quoting).
 *
 * Import: UTF-8 with or without BOM; ";" or "," delimiter, whichever the header line uses more (Excel
 * in Russian and Kazakh locales writes ";"); header names in kk/ru/en (csv-columns.ts). Rows
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
import type { Db } from '../../db/connection.js';
import { findExperts, insertExpert, updateExpert } from '../../db/repos/experts.repo.js';
import { listDirections } from '../../db/repos/lots.repo.js';
import { canonicalString } from '../../shared/canonical.js';
import type { Expert } from '../../shared/schemas/registry.js';
import type { ImportPreviewRow, ImportReport } from '../../shared/api/registry.js';
import { COLUMNS, formatCell, type HeaderLang } from './csv-columns.js';
import { parseCsv, Problems, readHeader, rowRecord } from './csv-read.js';
import { kzDateOf } from '../../shared/civil-date.js';
import { registryWrite, type RegistryDeps } from './registry-write.js';
import { logChangedFor } from '../../db/repos/log.repo.js';
import { inSnapshot } from '../workers/read-only-db.js';

export interface ImportOptions {
  /** called every `progressEvery` rows while checking and while writing */
  onProgress?: (p: { phase: 'check' | 'write'; done: number; total: number }) => void;
  progressEvery?: number;
}

/** A checked file: its report, and the rows that would change (with the stored record). */
export interface CheckedImport {
  report: ImportReport;
  changes: { before: Expert | null; after: Expert }[];
}

/**
 * Files checked on this thread for an import (tests check that a clean file checked in a worker is
 * not checked again here when nothing changed since).
 */
export const checkedHere = { count: 0 };

/** Reads and checks every row against the stored registry; writes nothing. */
function checkImport(
  db: Db,
  today: string,
  text: string,
  dryRun: boolean,
  opts: ImportOptions
): CheckedImport {
  if (!dryRun) checkedHere.count += 1;
  const every = opts.progressEvery ?? 500;
  const problems = new Problems();
  const report = (
    rows: number,
    counts = { created: 0, updated: 0, unchanged: 0 }
  ): ImportReport => ({
    dryRun,
    rows,
    imported: problems.list.length === 0 && !dryRun ? counts.created + counts.updated : 0,
    ...counts,
    errors: problems.result(),
  });
  const refused = (rows: number): CheckedImport => ({ report: report(rows), changes: [] });
  const parsed = parseCsv(text, problems);
  if (!parsed || parsed.length === 0) {
    if (parsed)
      problems.add({ row: 1, column: '', code: 'CSV_EMPTY', problem: 'the file is empty' });
    return refused(0);
  }
  const header = parsed[0]!.cells;
  const keys = readHeader(header, problems);
  const dataRows = parsed.slice(1).filter((r) => r.cells.some((c) => c !== ''));
  if (problems.list.length > 0) return refused(dataRows.length);

  const regIdx = keys.indexOf('registryNo');
  const ctx = {
    existing: findExperts(
      db,
      dataRows.map((r) => r.cells[regIdx] ?? '')
    ),
    directions: listDirections(db),
    today,
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
        params: { no, row: firstRow.get(no)! },
      });
    else firstRow.set(no, r.row);
    const rec = rowRecord(r, keys, header, ctx, problems);
    if (rec) records.push(rec);
    if ((i + 1) % every === 0 || i + 1 === dataRows.length)
      opts.onProgress?.({ phase: 'check', done: i + 1, total: dataRows.length });
  });
  if (problems.list.length > 0) return refused(dataRows.length);

  const counts = { created: 0, updated: 0, unchanged: 0 };
  const changes: CheckedImport['changes'] = [];
  for (const e of records) {
    const stored = ctx.existing.get(e.registryNo) ?? null;
    if (!stored) counts.created++;
    else if (canonicalString(stored) === canonicalString(e)) counts.unchanged++;
    else counts.updated++;
    if (!stored || canonicalString(stored) !== canonicalString(e))
      changes.push({ before: stored, after: e });
  }
  return { report: report(dataRows.length, counts), changes };
}

/** How many added or changed rows a dry run lists for the operator to look over. */
export const PREVIEW_ROWS = 500;

function previewRow({ before, after }: CheckedImport['changes'][number]): ImportPreviewRow {
  const fields = Object.keys(after).filter(
    (k) =>
      canonicalString((before as Record<string, unknown> | null)?.[k] ?? null) !==
      canonicalString((after as Record<string, unknown>)[k] ?? null)
  );
  for (const k of Object.keys(before ?? {})) if (!(k in after)) fields.push(k);
  return {
    registryNo: after.registryNo,
    name: after.fullNameRu ?? after.fullNameKk ?? '',
    action: before ? 'update' : 'create',
    fields: fields.filter((k) => k !== 'registryNo'),
  };
}

/** A dry run: every row checked and reported as the import would, nothing written; a clean file
 * also lists the rows it would add or change (the first PREVIEW_ROWS). */
export function checkExpertsCsv(
  deps: Pick<RegistryDeps, 'db' | 'clock'>,
  text: string,
  opts: ImportOptions = {}
): ImportReport {
  const { report, changes } = checkImport(deps.db, kzDateOf(deps.clock()), text, true, opts);
  if (report.errors.length > 0) return report;
  return { ...report, preview: changes.slice(0, PREVIEW_ROWS).map(previewRow) };
}

/** A check made before the import's transaction, over the snapshot of the first logSize entries. */
export interface CheckedAhead {
  logSize: number;
  /** the day it was checked for (Kazakhstan) */
  today: string;
  checked: CheckedImport;
}

/**
 * The check of a file for an import, over one snapshot of `db` (csv-check.worker.ts, on its own
 * read-only connection), as the import's transaction can take it over.
 */
export function checkAhead(deps: Pick<RegistryDeps, 'db' | 'clock'>, text: string): CheckedAhead {
  const today = kzDateOf(deps.clock());
  const { logSize, out } = inSnapshot(deps.db, () => checkImport(deps.db, today, text, false, {}));
  return { logSize, today, checked: out };
}

/**
 * The import: a file with any problem writes nothing; a clean one is written in ONE write. With a
 * check made ahead (in a worker), the transaction writes what it found when no log entry since could
 * have changed the registry and the day is the same: the registry is what the log says, so the rows
 * it compared with are the rows stored now. Otherwise the file is checked here, against the
 * registry as it is at commit.
 */
export const importExpertsCsv = registryWrite(
  (w, text: string, opts: ImportOptions = {}, ahead?: CheckedAhead): ImportReport => {
    const today = kzDateOf(w.clock());
    const { report, changes } =
      ahead && ahead.today === today && !logChangedFor(w.db, ahead.logSize)
        ? ahead.checked
        : checkImport(w.db, today, text, false, opts);
    const every = opts.progressEvery ?? 500;
    changes.forEach(({ before, after }, i) => {
      if (before) updateExpert(w.db, after, w.at);
      else insertExpert(w.db, after, w.at);
      w.record({
        entity: 'expert',
        key: after.registryNo,
        action: before ? 'import-update' : 'import-create',
        before,
        after,
      });
      if ((i + 1) % every === 0 || i + 1 === changes.length)
        opts.onProgress?.({ phase: 'write', done: i + 1, total: changes.length });
    });
    return report;
  }
);

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
