/**
 * The worker thread that checks registry CSV files (csv-check-pool.ts): parsing and checking a file of
 * 100,000 rows takes seconds, which on the main thread would stall the live feed. A check writes
 * nothing, so the worker reads the registry over its own read-only connection to the database file.
 * A dry run answers with the report; a check for an import with the report and, for a clean file,
 * what the import's transaction writes (csv.ts checkAhead).
 */
import type { ImportReport } from '../../shared/api/registry.js';
import { readOnlyDb } from '../workers/read-only-db.js';
import { serveTasks } from '../workers/serve.js';
import { checkAhead, checkExpertsCsv } from './csv.js';

export interface CsvCheckTask {
  file: string;
  text: string;
  /** the app clock's now, ms (the file's dates are checked against today) */
  now: number;
  /** a check for an import (default: a dry run) */
  forImport?: boolean;
}

export interface CsvCheckAnswer {
  report: ImportReport;
  /** a clean file checked for an import: the JSON of its CheckedAhead (csv.ts) */
  ahead?: string;
}

serveTasks(({ file, text, now, forImport }: CsvCheckTask): CsvCheckAnswer => {
  const deps = { db: readOnlyDb(file), clock: () => new Date(now) };
  if (!forImport) return { report: checkExpertsCsv(deps, text) };
  const ahead = checkAhead(deps, text);
  const { report } = ahead.checked;
  // as JSON: one string crosses as one copy, and the main thread parses objects of its own
  return report.errors.length > 0 ? { report } : { report, ahead: JSON.stringify(ahead) };
});
