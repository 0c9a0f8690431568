#!/usr/bin/env node
/**
 * The `adal` command-line tool. Each command lives in server/cli/commands/<name>.ts and exports
 * register(program). Exit codes: 0 success / VERIFIED, 1 a check failed, 2 bad usage or input.
 * Errors are one clear line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { AppError } from '../../shared/errors.js';

const program = new Command();
program
  .name('adal')
  .description('Adal Draw: provably fair expert-commission draws — auditor and operator tools')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

type Register = (p: Command) => void;
/**
 * Each top-level command's module, loaded on demand: `adal audit` does not load the CSV import's
 * or the beacon tools' code (the module graph is most of a short command's time). A run that names
 * no known command (help, a typo) loads them all, so commander lists and suggests every one.
 */
const commands: Record<string, () => Promise<{ register: Register }>> = {
  beacon: () => import('../../auditor/commands/beacon.js'),
  rfc3797: () => import('../../auditor/commands/rfc3797.js'),
  log: () => import('./commands/log-key.js'),
  'import-experts': () => import('./commands/import-experts.js'),
  backup: () => import('./commands/backup.js'),
  draw: () => import('../../auditor/commands/draw-replay.js'),
  verify: () => import('../../auditor/commands/verify.js'),
  audit: () => import('../../auditor/commands/audit.js'),
  witness: () => import('../../auditor/commands/witness.js'),
  monitor: () => import('../../auditor/commands/monitor.js'),
};
const named = process.argv[2];
const wanted =
  named !== undefined && Object.hasOwn(commands, named) ? [named] : Object.keys(commands);
for (const m of await Promise.all(wanted.map((name) => commands[name]!()))) m.register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  const msg =
    e instanceof AppError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`adal: ${msg}\n`);
  process.exit(
    typeof (e as { exitCode?: number }).exitCode === 'number'
      ? (e as { exitCode: number }).exitCode
      : 2
  );
}
