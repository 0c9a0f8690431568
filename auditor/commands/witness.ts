/**
 * `adal witness`: run a C2SP log witness (auditor/witness/, docs/PROTOCOL.md §Witnesses).
 *
 *   adal witness key   --key FILE [--name NAME]
 *       prints the witness's cosigner verifier key (name+keyid+base64(0x04||pubkey)); with --name,
 *       creates the key file (mode 0600) first if it does not exist
 *   adal witness serve --key FILE [--name NAME] --state FILE --log VKEY [--log VKEY …] --port N [--host H]
 *       serves POST /add-checkpoint for the given logs; prints one line when listening, and one line
 *       on stderr per fork shown to it
 *
 * `--log` takes a log's signed-note verifier key; the log's origin is the key's name, or give
 * "VKEY ORIGIN" for a log whose checkpoints name another origin. Errors are one line; bad usage,
 * a bad key or state file exit 2.
 */
import { Command } from 'commander';
import { InputError } from '../../shared/errors.js';
import { parseVerifierKey, type NoteVerifier } from '../../shared/note.js';
import { loadOrCreateWitnessKey } from '../witness/witness-key.js';
import { Witness } from '../witness/witness.js';
import { createWitnessServer } from '../witness/witness-server.js';

const usage = (message: string) =>
  Object.assign(new InputError('WITNESS_USAGE', message), { exitCode: 2 });

/** --log VKEY or --log "VKEY ORIGIN", accumulated into trusted keys by origin. */
function collectLog(arg: string, logs: Map<string, NoteVerifier[]>): Map<string, NoteVerifier[]> {
  const space = arg.indexOf(' ');
  const vkey = space < 0 ? arg : arg.slice(0, space);
  let key: NoteVerifier;
  try {
    key = parseVerifierKey(vkey);
  } catch (e) {
    throw usage(`--log ${vkey}: ${(e as Error).message}`);
  }
  const origin = space < 0 ? key.name : arg.slice(space + 1);
  if (origin.length === 0 || origin.includes('\n')) throw usage(`--log: bad origin "${origin}"`);
  const keys = logs.get(origin) ?? [];
  if (!keys.some((k) => k.name === key.name && k.keyId.every((b, i) => b === key.keyId[i])))
    keys.push(key);
  return logs.set(origin, keys);
}

function parsePort(v: string): number {
  const n = /^[0-9]{1,5}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 65535)) throw usage(`--port ${v}: give a port from 0 to 65535`);
  return n;
}

interface KeyOptions {
  key: string;
  name?: string;
}

interface ServeOptions extends KeyOptions {
  state: string;
  log: Map<string, NoteVerifier[]>;
  port: number;
  host: string;
}

const report = (line: string) => process.stderr.write(`adal witness: ${line}\n`);

async function serve(o: ServeOptions): Promise<void> {
  if (o.log.size === 0) throw usage('give at least one --log VKEY');
  const { key } = loadOrCreateWitnessKey(o.key, o.name);
  const witness = new Witness({
    key,
    logs: o.log,
    stateFile: o.state,
    clock: () => Math.floor(Date.now() / 1000),
    report,
  });
  const server = createWitnessServer(witness, report);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(usage(`cannot listen on ${o.host}:${o.port}: ${e.message}`))
    );
    server.listen(o.port, o.host, resolve);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  process.stdout.write(
    `witness ${witness.vkey} serving ${o.log.size} log(s) on http://${host}:${port}/add-checkpoint\n`
  );
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export function register(program: Command): void {
  const witness = program
    .command('witness')
    .description('a C2SP transparency-log witness: cosigns consistent checkpoints, keeps forks');
  witness
    .command('key')
    .description('print the witness cosigner key (name+keyid+base64) to publish; --name creates it')
    .requiredOption('--key <file>', 'the witness private key file (created with mode 0600)')
    .option('--name <name>', 'the witness name when creating the key, e.g. witness.example.org/w1')
    .action((o: KeyOptions) => {
      const { key, created } = loadOrCreateWitnessKey(o.key, o.name);
      if (created) process.stderr.write(`adal witness: created ${o.key}\n`);
      process.stdout.write(`${key.vkey}\n`);
    });
  witness
    .command('serve')
    .description('serve POST /add-checkpoint (c2sp.org/tlog-witness) for the given logs')
    .requiredOption('--key <file>', 'the witness private key file (created with --name if absent)')
    .option('--name <name>', 'the witness name, to create the key file if absent')
    .requiredOption('--state <file>', 'the state file (JSON; latest checkpoint per log, forks)')
    .option(
      '--log <vkey>',
      'a trusted log key (repeat for more logs); "VKEY ORIGIN" if the origin is not the key name',
      collectLog,
      new Map<string, NoteVerifier[]>()
    )
    .requiredOption('--port <n>', 'TCP port (0: any free port)', parsePort)
    .option('--host <host>', 'address to listen on', '0.0.0.0')
    .action((o: ServeOptions) => serve(o));
}
