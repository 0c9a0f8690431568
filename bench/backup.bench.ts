/**
 * `adal backup` of the 10,000-draw bench database (bench/audit-db.ts, cached under the temp folder;
 * issue 18): the built CLI (dist/, what `adal` runs) copies the database online with SQLite's backup
 * API and audits the copy. The figure is the command's wall time, and the audit's verdict of the copy.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { benchAuditDb } from './audit-db.js';
import { fmtMs, type Bench, type BenchResult } from './harness.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const DRAWS = Number(process.env.BENCH_AUDIT_DRAWS ?? 10_000);

async function backupBench(): Promise<BenchResult[]> {
  const { dir, vkey } = await benchAuditDb(DRAWS, (s) => process.stdout.write(`${s}\n`));
  await run(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: root });
  const out = mkdtempSync(join(tmpdir(), 'adal-backup-bench-'));
  try {
    const to = join(out, 'copy.sqlite');
    const t0 = performance.now();
    const r = await run(
      process.execPath,
      [
        'dist/server/cli/main.js',
        'backup',
        '--to',
        to,
        '--db',
        join(dir, 'adal.sqlite'),
        '--key',
        vkey,
      ],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 1 << 24 }
    );
    const ms = performance.now() - t0;
    const audit = /audit of the copy: ([^\n]*)/.exec(r.stdout)?.[1] ?? '?';
    const verdict = /^BACKUP OK$/m.test(r.stdout) ? `BACKUP OK (${audit})` : 'no BACKUP OK';
    const mb = statSync(to).size / 2 ** 20;
    return [
      {
        name: `adal backup of the ${DRAWS.toLocaleString('en-US')}-draw database, copy audited`,
        value: `${fmtMs(ms)}, ${verdict}`,
        notes: `one run of the built CLI (dist/server/cli/main.js backup --db … --key …): online copy with SQLite's backup API (${mb.toFixed(0)} MiB), then the audit of the copy (log, checkpoints, every draw; the fairness reports are not recomputed: \`checkFairness: false\` in server/cli/commands/backup.ts), exit code 0; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end (other processes share the machine).`,
      },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export const benches: Bench[] = [{ section: 'Backup', run: backupBench }];
