/**
 * Registry CSV checks off the event loop (csv-check.worker.ts). A dry run is answered by the worker
 * alone. An import is checked there first: a file with problems is refused without the main thread
 * parsing it (nothing is written either way); a clean file is then imported by importExpertsCsv,
 * which checks it again inside its transaction, so what is written is what the database held then.
 */
import type { ImportReport } from '../../shared/api/registry.js';
import { siblingEntry, workerPool, type WorkerPool } from '../workers/pool.js';
import type { CsvCheckTask } from './csv-check.worker.js';
import { checkExpertsCsv } from './csv.js';
import type { RegistryDeps } from './registry-write.js';

let shared: WorkerPool<CsvCheckTask, ImportReport> | undefined;
/** One pool of CSV threads per process, started on the first check. */
export function csvCheckPool(): WorkerPool<CsvCheckTask, ImportReport> {
  shared ??= workerPool(siblingEntry(import.meta.url, 'csv-check.worker'));
  return shared;
}

/** checkExpertsCsv (a dry run), in a worker when the database is a file. */
export function checkExpertsCsvOffThread(
  deps: Pick<RegistryDeps, 'db' | 'clock'>,
  text: string
): Promise<ImportReport> {
  if (deps.db.memory) return Promise.resolve(checkExpertsCsv(deps, text));
  return csvCheckPool().run({ file: deps.db.name, text, now: deps.clock().getTime() });
}
