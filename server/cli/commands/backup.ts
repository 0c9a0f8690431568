/**
 * `adal backup --to FILE [--db FILE | --data-dir DIR] [--key VKEY]`: an online, consistent copy of the
 * server's database — SQLite's backup API (https://sqlite.org/backup.html) copies the pages of one
 * read snapshot while the server goes on writing — then the full audit of the copy (the same as
 * `adal audit --db FILE`), so a backup that would not restore into a verifiable log is never reported
 * as good. The copy is written beside FILE under a temporary name, switched to a rollback journal
 * (one self-contained file), fsynced, and renamed into place with mode 0600 (it holds personal
 * data). The log's signing key is NOT in the database: back DATA_DIR/log-signing.key up once,
 * separately and offline (README §Backup and restore).
 *
 * Exit 0: copied and AUDIT OK; 1: copied, but the audit of the copy failed (the copy is kept for
 * inspection, and the problem printed); 2: bad usage, unreadable database or unwritable target.
 */
import Database from 'better-sqlite3';
import { Command, Option } from 'commander';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { auditDatabaseFile } from '../../../auditor/audit-parallel.js';
import { readVerifierKey } from '../../../auditor/log-key-file.js';
import type { Db } from '../../../db/connection.js';
import { AppError, InputError, type InputErrorCode } from '../../../shared/errors.js';
import { parseVerifierKey } from '../../../shared/note.js';

interface Options {
  to: string;
  db?: string;
  dataDir: string;
  key?: string;
}

const usage = (code: InputErrorCode, message: string) =>
  Object.assign(new InputError(code, message), { exitCode: 2 });

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function verifierKey(o: Options, dataDir: string): string {
  if (o.key) {
    try {
      parseVerifierKey(o.key);
    } catch (e) {
      throw usage('BACKUP_KEY_INVALID', `--key: ${(e as Error).message}`);
    }
    return o.key;
  }
  try {
    return readVerifierKey(dataDir);
  } catch (e) {
    throw usage('BACKUP_NO_KEY', `${(e as Error).message}; give the log's key with --key VKEY`);
  }
}

/** Copies the live database into `target` (a new file) through SQLite's backup API. */
async function copyDatabase(source: string, target: string): Promise<number> {
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw usage('BACKUP_DB_UNREADABLE', `cannot open ${source}: ${(e as Error).message}`);
  }
  try {
    const { totalPages } = await db.backup(target);
    return totalPages;
  } catch (e) {
    throw usage('BACKUP_WRITE_FAILED', `cannot write ${target}: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

async function backup(o: Options): Promise<void> {
  const dataDir = resolve(o.dataDir);
  const source = resolve(o.db ?? join(dataDir, 'adal.sqlite'));
  const target = resolve(o.to);
  if (target === source) throw usage('BACKUP_USAGE', '--to must not be the database itself');
  if (existsSync(target)) throw usage('BACKUP_USAGE', `${target} exists; choose a new file`);
  if (!existsSync(dirname(target)))
    throw usage('BACKUP_USAGE', `the folder of ${target} does not exist`);
  const vkey = verifierKey(o, o.db ? dirname(source) : dataDir);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    const pages = await copyDatabase(source, tmp);
    // One self-contained file: a rollback journal, so reading the copy needs no -wal/-shm beside it
    // (a server that opens it again switches it back to WAL).
    const copy = new Database(tmp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    chmodSync(tmp, 0o600);
    fsyncPath(tmp);
    renameSync(tmp, target);
    fsyncPath(dirname(target));
    process.stdout.write(
      `copied ${source} → ${target} (${pages} pages, ${statSync(target).size} bytes)\n`
    );
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const copy = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const r = await auditDatabaseFile(copy as unknown as Db, target, {
      vkey,
      checkFairness: false,
    });
    process.stdout.write(
      `audit of the copy: ${r.entries} entries, ${r.checkpoints} checkpoint(s), ${r.draws} draw(s)\n`
    );
    if (!r.ok) {
      const p = r.problem!;
      throw Object.assign(new AppError(p.code, `the copy does not audit: ${p.message}`), {
        exitCode: 1,
      });
    }
    process.stdout.write('BACKUP OK\n');
  } finally {
    copy.close();
  }
}

export function register(program: Command): void {
  program
    .command('backup')
    .description('copy the database online (SQLite backup API) and audit the copy')
    .requiredOption('--to <file>', 'the backup file to write (must not exist)')
    .option('--db <file>', 'SQLite file (default: DATA_DIR/adal.sqlite)')
    .addOption(
      new Option('--data-dir <dir>', 'the server data folder').env('DATA_DIR').default('./data')
    )
    .option('--key <vkey>', "the log's verifier key (default: read from DATA_DIR/log-signing.key)")
    .action(async (o: Options) => {
      await backup(o);
    });
}
