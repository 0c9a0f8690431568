/**
 * `adal import-experts <file> [--dry-run] [--db FILE | --data-dir DIR] [--actor NAME]`: imports a
 * registry CSV (server/registry/csv.ts rules: UTF-8, ";" or ",", kk/ru/en headers, all or
 * nothing) into the server's database, recording each change in the history and the transparency log
 * under DATA_DIR like the server does. Progress goes to stderr every 500 rows; the summary to stdout.
 * A file with problems prints each as "row N, column: CODE: problem" and exits 2 with nothing written.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { openDb } from '../../../db/connection.js';
import { InputError } from '../../../shared/errors.js';
import { ConfigEnv } from '../../config.js';
import { checkExpertsCsv, importExpertsCsv, type ImportOptions } from '../../registry/csv.js';
import { createTransparencyLog } from '../../log/transparency-log.js';

interface Options {
  dryRun?: boolean;
  db?: string;
  dataDir: string;
  actor?: string;
  logOrigin: string;
}

function readUtf8(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError('FILE_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('CSV_NOT_UTF8', `${file} is not UTF-8 (save it as "CSV UTF-8")`);
  }
}

async function run(file: string, o: Options): Promise<void> {
  const text = readUtf8(file);
  const dbFile = resolve(o.db ?? join(o.dataDir, 'adal.sqlite'));
  const db = openDb(dbFile);
  try {
    const clock = () => new Date();
    const progress: ImportOptions = {
      onProgress: (p) =>
        process.stderr.write(
          `import-experts: ${p.phase === 'check' ? 'checked' : 'wrote'} ${p.done}/${p.total} rows\n`
        ),
    };
    // A dry run reads only; an import writes through the same log (key and origin) the server
    // keeps beside its database.
    const report = o.dryRun
      ? checkExpertsCsv({ db, clock }, text, progress)
      : await importExpertsCsv(
          { db, clock, tlog: createTransparencyLog(db, dirname(dbFile), o.logOrigin) },
          o.actor ?? `cli:${userInfo().username}`,
          text,
          progress
        );
    if (report.errors.length > 0) {
      for (const e of report.errors)
        process.stderr.write(
          `row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.code}: ${e.problem}\n`
        );
      throw new InputError(
        'CSV_INVALID',
        `${report.errors.length} problem(s) in ${file}; nothing was imported`
      );
    }
    const counts = `created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}`;
    process.stdout.write(
      o.dryRun
        ? `dry run: ${report.rows} rows are valid; would be ${counts}; nothing written\n`
        : `imported ${report.imported} of ${report.rows} rows (${counts})\n`
    );
  } finally {
    db.close();
  }
}

export function register(program: Command): void {
  program
    .command('import-experts')
    .description('import a registry CSV (all or nothing); --dry-run only checks')
    .argument('<file>', 'CSV file: UTF-8, ";" or "," delimited, kk/ru/en headers')
    .option('--dry-run', 'check and report without writing')
    .option('--db <file>', 'SQLite file (default: DATA_DIR/adal.sqlite)')
    .addOption(
      new Option('--data-dir <dir>', 'the server data folder').env('DATA_DIR').default('./data')
    )
    .option('--actor <name>', 'name recorded in the history (default: cli:<OS user>)')
    .addOption(
      new Option('--log-origin <origin>', 'transparency log origin')
        .env('LOG_ORIGIN')
        .default(ConfigEnv.shape.LOG_ORIGIN.parse(undefined))
    )
    .action((file: string, o: Options) => run(file, o));
}
