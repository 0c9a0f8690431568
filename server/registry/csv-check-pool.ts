/**
 * Registry CSV checks off the event loop (csv-check.worker.ts). A dry run is answered by the worker
 * alone. An import is checked there too: a file with problems is refused without the main thread
 * parsing it (nothing is written either way); a clean file comes back with the rows to write, and
 * the import's transaction on the main thread writes them — unless the log shows a registry change
 * since the worker's snapshot, then it checks the file again itself (csv.ts importExpertsCsv).
 */
import type { ImportReport } from '../../shared/api/registry.js';
import { siblingEntry, workerPool, type WorkerPool } from '../workers/pool.js';
import type { CsvCheckAnswer, CsvCheckTask } from './csv-check.worker.js';
import { checkExpertsCsv, type CheckedAhead } from './csv.js';
import type { RegistryDeps } from './registry-write.js';

let shared: WorkerPool<CsvCheckTask, CsvCheckAnswer> | undefined;
/** One pool of CSV threads per process, started on the first check. */
export function csvCheckPool(): WorkerPool<CsvCheckTask, CsvCheckAnswer> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'csv-check.worker'));
  return shared;
}

/** checkExpertsCsv (a dry run), in a worker when the database is a file. */
export async function checkExpertsCsvOffThread(
  deps: Pick<RegistryDeps, 'db' | 'clock'>,
  text: string
): Promise<ImportReport> {
  if (deps.db.memory) return checkExpertsCsv(deps, text);
  const task = { file: deps.db.name, text, now: deps.clock().getTime() };
  return (await csvCheckPool().run(task)).report;
}

/**
 * The check of a file for an import, in a worker when the database is a file: its report, and for a
 * clean file what importExpertsCsv's transaction writes (in memory: none; the import checks).
 */
export async function checkImportOffThread(
  deps: Pick<RegistryDeps, 'db' | 'clock'>,
  text: string
): Promise<{ report: ImportReport; ahead?: CheckedAhead }> {
  if (deps.db.memory) return { report: { ...checkExpertsCsv(deps, text), dryRun: false } };
  const task = { file: deps.db.name, text, now: deps.clock().getTime(), forImport: true };
  const a = await csvCheckPool().run(task);
  return a.ahead
    ? { report: a.report, ahead: JSON.parse(a.ahead) as CheckedAhead }
    : { report: a.report };
}
