/**
 * `adal beacon verify --chain quicknet|default --round R --signature HEX [--previous-signature HEX]
 * [--randomness HEX] [--json]`: verifies one drand round offline against the pinned chain key
 * (shared/drand.ts, docs/PROTOCOL.md §drand beacon verification) and prints its randomness,
 * SHA-256(signature). Exit 0 verified; 1 the signature (or a given randomness) does not verify; 2
 * bad usage or input that cannot be checked (not hex, wrong length, missing previous signature).
 */
import { Command, Option } from 'commander';
import { InputError, VerificationError } from '../../shared/errors.js';
import { verifyBeacon } from '../../shared/drand.js';
import { roundTime } from '../../shared/drand-chains.js';
import type { DrandChainName } from '../../shared/schemas/beacon.js';

/** Codes meaning "checked, and it is false" (exit 1); every other code is unusable input (exit 2). */
const CHECK_FAILED = new Set(['BEACON_SIGNATURE_INVALID', 'BEACON_RANDOMNESS_MISMATCH']);

interface VerifyOptions {
  chain: DrandChainName;
  round: string;
  signature: string;
  previousSignature?: string;
  randomness?: string;
  json?: boolean;
}

function parseRound(text: string): number {
  const n = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n))
    throw new InputError('BEACON_MALFORMED', `--round must be a whole number ≥ 1, got "${text}"`);
  return n;
}

function verify(o: VerifyOptions): void {
  const round = parseRound(o.round);
  let result;
  try {
    result = verifyBeacon({
      chain: o.chain,
      round,
      signature: o.signature,
      previousSignature: o.previousSignature,
      randomness: o.randomness,
    });
  } catch (e) {
    if (e instanceof VerificationError && CHECK_FAILED.has(e.code))
      throw Object.assign(e, { exitCode: 1 });
    throw e;
  }
  const { beacon } = result;
  if (o.json) {
    process.stdout.write(JSON.stringify({ verified: true, ...beacon }) + '\n');
    return;
  }
  const at = new Date(roundTime(beacon.chain, beacon.round) * 1000).toISOString();
  process.stdout.write(
    `VERIFIED drand ${beacon.chain} round ${beacon.round} (produced ${at})\n` +
      `randomness ${beacon.randomness}\n`
  );
}

export function register(program: Command): void {
  const beacon = program.command('beacon').description('drand beacon tools (offline)');
  beacon
    .command('verify')
    .description('verify a drand round offline and print its randomness (SHA-256 of the signature)')
    .addOption(
      new Option('--chain <chain>', 'drand chain')
        .choices(['quicknet', 'default'])
        .makeOptionMandatory()
    )
    .requiredOption('--round <R>', 'round number')
    .requiredOption('--signature <hex>', 'the round signature (hex)')
    .option(
      '--previous-signature <hex>',
      'default chain only: the previous round signature (round 1: the genesis seed)'
    )
    .option('--randomness <hex>', 'also check a published randomness value against the signature')
    .option('--json', 'print the verified round as JSON')
    .action((o: VerifyOptions) => verify(o));
}
