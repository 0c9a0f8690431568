/**
 * `adal monitor --url SERVER --key VKEY --state FILE [--interval S] [--once]`: watches a log as a
 * monitor (auditor/monitor/monitor.ts; docs/PROTOCOL.md §Monitor). Each look that verifies prints one
 * line (`ok size N: +k entries, d draws verified`) and is remembered in FILE; a problem of the log
 * prints one line `adal monitor: <KIND>: <reason>` on stderr and exits 1 (FORK, ROLLBACK, TRUNCATED,
 * ENTRIES, DRAW, SIGNATURE). A server that cannot be reached is retried at the next interval; with
 * --once (for cron) it exits 2. Bad usage or an unusable state file: exit 2.
 */
import { Command } from 'commander';
import { InputError } from '../../shared/errors.js';
import { parseVerifierKey } from '../../shared/note.js';
import { MonitorFetchError, MonitorProblem, monitorOnce } from '../monitor/monitor.js';
import { loadMonitorState, saveMonitorState } from '../monitor/monitor-state.js';

interface MonitorOptions {
  url: string;
  key: string;
  state: string;
  interval: string;
  once?: boolean;
}

const usage = (message: string) =>
  Object.assign(new InputError('MONITOR_USAGE', message), { exitCode: 2 });

async function monitor(o: MonitorOptions): Promise<void> {
  let base: URL;
  try {
    base = new URL(o.url);
  } catch {
    throw usage(`--url ${o.url}: not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw usage('--url must be http or https');
  try {
    parseVerifierKey(o.key);
  } catch (e) {
    throw usage(`--key: ${(e as Error).message}`);
  }
  const seconds = Number(o.interval);
  if (!(seconds >= 0.1 && seconds <= 86_400)) throw usage('--interval: seconds from 0.1 to 86400');
  let held = (() => {
    try {
      return loadMonitorState(o.state, o.key);
    } catch (e) {
      throw Object.assign(e as Error, { exitCode: 2 });
    }
  })();
  for (;;) {
    try {
      const step = await monitorOnce(base, o.key, held);
      saveMonitorState(o.state, step.state);
      held = step.state;
      process.stdout.write(
        `ok size ${step.state.size}: +${step.entries} entries, ${step.draws.length} draws verified\n`
      );
    } catch (e) {
      if (e instanceof MonitorProblem) {
        process.stderr.write(`adal monitor: ${e.kind}: ${e.message}\n`);
        process.exit(1);
      }
      if (!(e instanceof MonitorFetchError)) throw e;
      if (o.once) throw Object.assign(e, { exitCode: 2 });
      process.stderr.write(`adal monitor: cannot reach the log (${e.message}); trying again\n`);
    }
    if (o.once) return;
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
}

export function register(program: Command): void {
  program
    .command('monitor')
    .description('watch a log: consistency of every new checkpoint, every entry, every closed draw')
    .requiredOption('--url <server>', "the server's base URL")
    .requiredOption('--key <vkey>', "the log's verifier key name+keyid+base64")
    .requiredOption('--state <file>', 'where the last verified checkpoint is remembered')
    .option('--interval <seconds>', 'seconds between looks', '60')
    .option('--once', 'look once and exit (for cron)')
    .action((o: MonitorOptions) => monitor(o));
}
