/**
 * `adal verify <bundle.json | URL> [--key VKEY]… [--trust-bundle-key] [--fairness]`: checks a
 * draw's verification bundle offline with shared/verify.ts (docs/PROTOCOL.md §Verification bundle)
 * and prints each check, then VERIFIED (exit 0) or the first failure with its code (exit 1). Usage
 * and I/O errors exit 2.
 *
 * Which key signs the checkpoint decides what a VERIFIED means, so it is never taken silently:
 *   --key VKEY          the log's published verifier key (repeatable; `adal log key` on the server,
 *                       GET /api/public/log/key, or wherever the operator publishes it) — the real check;
 *   --trust-bundle-key  the key written inside the bundle: proves only that the bundle is consistent
 *                       with itself (a warning says so);
 *   (URL input only)    without either, the key is fetched from /api/public/log/key of the same server,
 *                       with a warning: it does not protect against that server.
 * A file without --key or --trust-bundle-key is a usage error.
 *
 * The witness policy is the auditor's too, never the bundle's (docs/PROTOCOL.md §Witness policy):
 *   --witness VKEY          a witness's cosigner key (repeatable; `adal witness key` on the witness)
 *   --witness-threshold K   how many of them must have cosigned the checkpoint (default: all)
 * A bundle that falls short fails check 2a with WITNESS_POLICY_UNMET (exit 1).
 */
import { readFileSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { AppError, InputError, VerificationError } from '../../shared/errors.js';
import type { InputErrorCode } from '../../shared/errors.js';
import { LogKeyResponse } from '../../shared/schemas/log.js';
import { verifyBundle, type VerifyCheck, type VerifyCheckId } from '../../shared/verify.js';
import { parseStrictJson, StrictJsonError } from '../../shared/json-strict.js';

/** Bundles are JSON text; anything larger is refused before parsing (same bound as the web page). */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

const LABELS: Record<VerifyCheckId, string> = {
  schema: 'Bundle format (version 1)',
  checkpoint: 'Signed checkpoint',
  witnesses: 'Witness cosignatures (your policy)',
  time: "Checkpoint's time line (drand round)",
  entries: 'Log entries of the draw, in order',
  pool: 'Frozen pool matches the announced root',
  announcement: 'Announcement hash',
  commitments: 'Witness commitments in the announced rules',
  reveals: 'Witness reveals open their commitments',
  beacon: 'drand beacon (BLS signature, announced round)',
  seed: 'Seed derivation',
  selection: 'Selection re-run step by step',
  replacements: 'Decline replacements re-run',
  fairness: 'Fairness report re-simulated',
  inclusion: 'Every entry is in the signed log',
};

interface VerifyOptions {
  key: string[];
  witness: string[];
  witnessThreshold?: string;
  trustBundleKey?: boolean;
  fairness?: boolean;
}

const usage = (code: InputErrorCode, message: string) =>
  Object.assign(new InputError(code, message), { exitCode: 2 });

function asUrl(input: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return null;
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usage(
      'VERIFY_URL_SCHEME',
      `only http and https URLs can be fetched, not ${url.protocol}`
    );
  return url;
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (e) {
    throw usage('VERIFY_FETCH_FAILED', `cannot fetch ${url.href}: ${(e as Error).message}`);
  }
  if (!res.ok) throw usage('VERIFY_FETCH_FAILED', `${url.href} answered ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_BUNDLE_BYTES)
    throw usage('VERIFY_TOO_LARGE', `${url.href} is larger than ${MAX_BUNDLE_BYTES} bytes`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_BUNDLE_BYTES)
    throw usage('VERIFY_TOO_LARGE', `${url.href} is larger than ${MAX_BUNDLE_BYTES} bytes`);
  return bytes;
}

function readBytes(file: string): Uint8Array {
  try {
    if (statSync(file).size > MAX_BUNDLE_BYTES)
      throw usage('VERIFY_TOO_LARGE', `${file} is larger than ${MAX_BUNDLE_BYTES} bytes`);
    return readFileSync(file);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw usage('VERIFY_READ_FAILED', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code}`);
  }
}

/** docs/PROTOCOL.md §JSON text: duplicate member names and non-integer numbers are refused too. */
function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return parseStrictJson(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    );
  } catch (e) {
    const why = e instanceof StrictJsonError && e.rule !== 'syntax' ? `: ${e.message}` : '';
    throw usage('BUNDLE_NOT_JSON', `${where} is not UTF-8 JSON${why}`);
  }
}

/** The key the same server publishes; only for URL inputs, and never silently. */
async function serverKey(url: URL): Promise<string> {
  const keyUrl = new URL('/api/public/log/key', url.origin);
  const r = LogKeyResponse.safeParse(parseJson(await fetchBytes(keyUrl), keyUrl.href));
  if (!r.success) throw usage('VERIFY_FETCH_FAILED', `${keyUrl.href} is not a log key answer`);
  return r.data.vkey;
}

function printCheck(c: VerifyCheck): void {
  const mark = !c.ok ? '✗' : c.skipped ? '–' : '✓';
  const detail = c.ok ? (c.skipped ? `skipped: ${c.detail}` : c.detail) : `${c.code}: ${c.detail}`;
  process.stdout.write(`${mark} ${LABELS[c.id]} — ${detail}\n`);
}

async function verify(input: string, o: VerifyOptions): Promise<void> {
  const url = asUrl(input);
  const bundle = parseJson(url ? await fetchBytes(url) : readBytes(input), input);
  const keys = [...o.key];
  if (keys.length === 0 && o.trustBundleKey)
    process.stderr.write(
      'warning: trusting the key written inside the bundle. This proves only that the bundle is ' +
        "consistent with itself, not that it is the log's record; pin the log's key with --key.\n"
    );
  else if (keys.length === 0 && url) {
    keys.push(await serverKey(url));
    process.stderr.write(
      `warning: using the key served by ${url.origin} itself (${keys[0]}). This does not protect ` +
        "against that server; compare it with the operator's published key or pass --key.\n"
    );
  } else if (keys.length === 0)
    throw usage(
      'VERIFY_NO_KEY',
      "give the log's verifier key with --key VKEY (from `adal log key` or GET /api/public/log/key), or --trust-bundle-key"
    );
  if (o.witnessThreshold !== undefined && o.witness.length === 0)
    throw usage('VERIFY_WITNESS_KEY_INVALID', '--witness-threshold needs --witness keys');
  const threshold = o.witnessThreshold === undefined ? undefined : Number(o.witnessThreshold);
  if (o.witnessThreshold !== undefined && !/^[1-9][0-9]{0,5}$/.test(o.witnessThreshold))
    throw usage('VERIFY_WITNESS_THRESHOLD_INVALID', '--witness-threshold must be a whole number');
  let r;
  try {
    r = verifyBundle(
      bundle,
      {
        trustedKeys: keys,
        trustBundleKey: o.trustBundleKey === true,
        checkFairness: o.fairness,
        ...(o.witness.length > 0
          ? { witnessPolicy: { keys: o.witness, ...(threshold ? { threshold } : {}) } }
          : {}),
      },
      printCheck
    );
  } catch (e) {
    if (e instanceof VerificationError) throw Object.assign(e, { exitCode: 1 });
    if (e instanceof InputError) throw Object.assign(e, { exitCode: 2 });
    throw e;
  }
  const result = r.result
    ? `; commission ${r.result.commission.join(', ') || 'none'}; reserves ${r.result.reserves.join(', ') || 'none'}`
    : '';
  process.stdout.write(
    `VERIFIED draw ${r.drawId} in ${r.origin} at size ${r.treeSize} (last event ${r.lastEvent}${result})\n`
  );
}

export function register(program: Command): void {
  program
    .command('verify')
    .description('verify a draw bundle offline: checkpoint, entries, pool, beacon, seed, selection')
    .argument('<bundle>', 'bundle file (JSON) or an http(s) URL of one')
    .option(
      '--key <vkey>',
      "the log's verifier key name+keyid+base64 (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[]
    )
    .option(
      '--witness <vkey>',
      "a witness's cosigner key name+keyid+base64 (repeatable): your witness policy",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[]
    )
    .option('--witness-threshold <k>', 'how many --witness keys must have cosigned (default: all)')
    .option('--trust-bundle-key', 'trust the key inside the bundle (proves less; prints a warning)')
    .option('--fairness', 're-simulate the fairness report too (slow for large pools)')
    .action((input: string, o: VerifyOptions) => verify(input, o));
}
