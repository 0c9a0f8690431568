#!/usr/bin/env node
/**
 * The `adal` command-line tool. Each command lives in server/cli/commands/<name>.ts and exports
 * register(program). Exit codes: 0 success / VERIFIED, 1 a check failed, 2 bad usage or input.
 * Errors are one clear line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { AppError } from '../../shared/errors.js';
import { register as beacon } from './commands/beacon.js';
import { register as rfc3797 } from './commands/rfc3797.js';
import { register as logKey } from './commands/log-key.js';
import { register as importExperts } from './commands/import-experts.js';
import { register as drawReplay } from './commands/draw-replay.js';
import { register as verify } from './commands/verify.js';
import { register as audit } from './commands/audit.js';
import { installNativeSha256 } from '../native-sha256.js';

installNativeSha256();

const program = new Command();
program
  .name('adal')
  .description('Adal Draw: provably fair expert-commission draws — auditor and operator tools')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const registrations: ((p: Command) => void)[] = [
  beacon,
  rfc3797,
  logKey,
  importExperts,
  drawReplay,
  verify,
  audit,
];

for (const register of registrations) register(program);

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
