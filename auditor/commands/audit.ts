/**
 * `adal audit --db <file> | --url <server> [--key VKEY] [--all-checkpoints] [--since-checkpoint FILE]
 * [--fairness]`: the full audit (auditor/audit.ts, docs/PROTOCOL.md §Audit). With --db the SQLite file is
 * opened read-only: every entry and every stored checkpoint is checked against the rebuilt tree, every
 * draw is re-verified and the draw tables are compared with the log; the registry is replayed from the
 * log, every announced pool re-derived from it and the registry tables compared with it. With --url
 * the public log API is read instead (latest checkpoint; every checkpoint with --all-checkpoints) and
 * the public registry API is compared with the replay; --since-checkpoint FILE (a checkpoint note kept
 * from earlier, as GET /api/public/log/checkpoint served it, or that JSON) requires the log to still
 * contain it (audit-remote.ts checkSince). Prints a summary (unchanged since protocol version 1: the
 * registry steps add no line, only their problems) and
 * AUDIT OK (exit 0), or the first inconsistency with its code and entry index (exit 1); usage errors,
 * an unreadable file or an unreachable server exit 2.
 *
 * The log's key: --key (the published verifier key) is the real check. Without it, --db reads the
 * verifier key of the log-signing.key beside the database and --url asks the server itself, each with
 * a warning — whoever can replace the data can replace that key too.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { AppError, InputError, type InputErrorCode } from '../../shared/errors.js';
import { LogKeyResponse, SignedCheckpoint } from '../../shared/schemas/log.js';
import { parseVerifierKey } from '../../shared/note.js';
import { verifyCheckpoint, type Checkpoint } from '../../shared/checkpoint.js';
import type { AuditReport } from '../audit.js';
import { auditDatabaseFile } from '../audit-parallel.js';
import { auditServer } from '../audit-remote.js';
import { readVerifierKey } from '../log-key-file.js';
import type { Db } from '../../db/connection.js';

/** PRAGMA application_id of an Adal Draw database (db/migrations/0001-init.sql). */
const APPLICATION_ID = 1094795585;

interface AuditOptions {
  db?: string;
  url?: string;
  key?: string;
  allCheckpoints?: boolean;
  sinceCheckpoint?: string;
  fairness?: boolean;
  threads?: number;
}

const usage = (code: InputErrorCode, message: string) =>
  Object.assign(new InputError(code, message), { exitCode: 2 });

function checkKey(vkey: string): string {
  try {
    parseVerifierKey(vkey);
  } catch (e) {
    throw usage('AUDIT_KEY_INVALID', `--key: ${(e as Error).message}`);
  }
  return vkey;
}

function openReadOnly(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      throw new Error('not an Adal Draw database');
  } catch (e) {
    throw usage('AUDIT_DB_UNREADABLE', `cannot audit ${file}: ${(e as Error).message}`);
  }
  return db;
}

function dbKey(o: AuditOptions, file: string): string {
  if (o.key) return checkKey(o.key);
  let vkey: string;
  try {
    vkey = readVerifierKey(dirname(file));
  } catch (e) {
    throw usage('AUDIT_NO_KEY', `${(e as Error).message}; give the log's key with --key VKEY`);
  }
  process.stderr.write(
    `warning: using the verifier key of ${dirname(file)}/log-signing.key (${vkey}). Whoever can ` +
      "replace the database can replace that key too; pin the log's published key with --key.\n"
  );
  return vkey;
}

async function urlKey(o: AuditOptions, base: URL): Promise<string> {
  if (o.key) return checkKey(o.key);
  const url = new URL('/api/public/log/key', base);
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((e: Error) => {
    throw usage('AUDIT_FETCH_FAILED', `${url.href}: ${e.message}`);
  });
  const r = LogKeyResponse.safeParse(await res.json().catch(() => undefined));
  if (!res.ok || !r.success) throw usage('AUDIT_FETCH_FAILED', `${url.href} answered no log key`);
  process.stderr.write(
    `warning: using the key served by ${base.origin} itself (${r.data.vkey}). This does not ` +
      "protect against that server; compare it with the operator's published key or pass --key.\n"
  );
  return r.data.vkey;
}

/** The kept checkpoint of --since-checkpoint: a note (or the checkpoint JSON) signed by `vkey`. */
function keptCheckpoint(file: string, vkey: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usage('AUDIT_SINCE_INVALID', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code}`);
  }
  let note = text;
  try {
    const json = SignedCheckpoint.safeParse(JSON.parse(text));
    if (json.success) note = json.data.note;
  } catch {
    // not JSON: the note itself
  }
  const key = parseVerifierKey(vkey);
  const v = verifyCheckpoint(note, [key], key.name);
  if (!v.ok)
    throw usage('AUDIT_SINCE_INVALID', `${file} is not a checkpoint of ${key.name}: ${v.message}`);
  return v.checkpoint;
}

function report(r: AuditReport, what: string, since?: string): void {
  const n = (x: number) => x.toLocaleString('en-US');
  process.stdout.write(
    `log: ${n(r.entries)} entries, ${n(r.checkpoints)} signed checkpoint(s) checked against the rebuilt tree\n` +
      (since ? `${since}\n` : '') +
      `draws: ${n(r.draws)} re-verified from their entries${what}\n`
  );
  if (r.ok) {
    process.stdout.write('AUDIT OK\n');
    return;
  }
  const p = r.problem!;
  const where =
    p.index !== undefined
      ? ` (entry ${p.index})`
      : p.size !== undefined
        ? ` (checkpoint ${p.size})`
        : '';
  throw Object.assign(new AppError(p.code, `${p.message}${where}`), { exitCode: 1 });
}

async function audit(o: AuditOptions): Promise<void> {
  if ((o.db === undefined) === (o.url === undefined))
    throw usage('AUDIT_USAGE', 'give exactly one of --db <file> or --url <server>');
  if (o.db !== undefined && o.sinceCheckpoint !== undefined)
    throw usage('AUDIT_USAGE', '--since-checkpoint goes with --url');
  if (o.db !== undefined) {
    const db = openReadOnly(o.db);
    try {
      const r = await auditDatabaseFile(db as unknown as Db, o.db, {
        vkey: dbKey(o, o.db),
        checkFairness: o.fairness === true,
        threads: o.threads,
      });
      report(r, ', draw tables compared with the log');
    } finally {
      db.close();
    }
    return;
  }
  let base: URL;
  try {
    base = new URL(o.url!);
  } catch {
    throw usage('AUDIT_USAGE', `--url ${o.url} is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw usage('AUDIT_USAGE', `only http and https servers can be audited, not ${base.protocol}`);
  const vkey = await urlKey(o, base);
  const since =
    o.sinceCheckpoint === undefined ? undefined : keptCheckpoint(o.sinceCheckpoint, vkey);
  const r = await auditServer(base, {
    vkey,
    allCheckpoints: o.allCheckpoints === true,
    checkFairness: o.fairness === true,
    ...(since ? { since } : {}),
  }).catch((e: unknown) => {
    throw e instanceof AppError && e.code === 'AUDIT_FETCH_FAILED'
      ? Object.assign(e, { exitCode: 2 })
      : e;
  });
  const held =
    r.sinceHeld === undefined
      ? undefined
      : `since: the log still holds the kept checkpoint of size ${r.sinceHeld} (consistency proof verified)`;
  report(r, '', held);
}

function threadCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw usage('AUDIT_USAGE', `--threads ${v}: give a whole number from 1 to 64`);
  return n;
}

export function register(program: Command): void {
  program
    .command('audit')
    .description('audit the whole log and every draw: a database file (read-only) or a server')
    .option('--db <file>', 'the SQLite database file (opened read-only)')
    .option('--url <server>', 'a server base URL, e.g. https://draw.example.kz')
    .option('--key <vkey>', "the log's verifier key name+keyid+base64")
    .option('--all-checkpoints', 'with --url: fetch and check every signed checkpoint')
    .option(
      '--since-checkpoint <file>',
      'with --url: a checkpoint kept from earlier (note or JSON) that the log must still contain'
    )
    .option('--fairness', 're-simulate every fairness report too (slow)')
    .option(
      '--threads <n>',
      'with --db: threads to audit with (default: the cores, for logs of 20,000 entries or more)',
      threadCount
    )
    .action((o: AuditOptions) => audit(o));
}
