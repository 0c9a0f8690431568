/**
 * `adal log key [--data-dir DIR]`: prints the transparency log's verifier key
 * (name+keyid+base64(0x01||pubkey), c2sp.org/signed-note) from DATA_DIR/log-signing.key — the value to
 * pin with `adal verify --key`. It never creates a key: without one it exits 2 with one line. The
 * private key is read but never printed.
 */
import { Command, Option } from 'commander';
import { readVerifierKey } from '../../../auditor/log-key-file.js';

export function register(program: Command): void {
  const log = program.command('log').description('transparency log tools');
  log
    .command('key')
    .description("print the log's verifier key (name+keyid+base64) to pin in adal verify --key")
    .addOption(
      new Option('--data-dir <dir>', 'the server data folder').env('DATA_DIR').default('./data')
    )
    .action((o: { dataDir: string }) => {
      process.stdout.write(readVerifierKey(o.dataDir) + '\n');
    });
}
