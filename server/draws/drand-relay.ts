/**
 * drand relay client (drand HTTP API v1): fetches a round from a configurable relay and verifies it
 * offline with shared/drand.ts before anything uses it — the relay is only a courier, never trusted.
 *   GET {relay}/{chainhash}/public/{round} → {"round", "randomness", "signature", "previous_signature"?}
 *   GET {relay}/{chainhash}/info           → chain info (public_key, period, genesis_time, hash, …)
 * Relays answer 404 (older) or 425 Too Early (newer) for a round that is not produced yet.
 * When the server has no internet the operator pastes the same JSON, or the round's bare signature:
 * parsePastedBeacon verifies it the same way. fetchBeaconFromRelays asks DRAND_URLS' relays in order.
 */
import { z } from 'zod';
import { InputError, UnavailableError, VerificationError } from '../../shared/errors.js';
import { verifyBeacon } from '../../shared/drand.js';
import { drandChain, roundTime } from '../../shared/drand-chains.js';
import { type BeaconRound, type DrandChainName } from '../../shared/schemas/beacon.js';
import { PastedBeacon, RelayBeaconResponse, RelayChainInfo } from '../../shared/api/beacon.js';

/**
 * The beacon cannot be had right now; retrying later (or pasting it) may succeed, so the draw waits
 * and retries (503 at the HTTP edge). details carries { availableAt } (unix seconds) for
 * BEACON_NOT_YET_AVAILABLE and { status } for HTTP answers.
 */
export class BeaconUnavailableError extends UnavailableError {}

export interface RelayOptions {
  /** whole request including the body; default 10 s */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** the server's clock (AppContext.clock); default the system clock */
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Answers are a few hundred bytes; anything much larger is not a drand relay. */
const MAX_BODY_CHARS = 64 * 1024;

/** The round's address at one relay (drand HTTP API v1). */
export function beaconUrl(relayUrl: string, chain: DrandChainName, round: number): string {
  return `${relayUrl.replace(/\/+$/, '')}/${drandChain(chain).hash}/public/${round}`;
}

function chainInfoUrl(relayUrl: string, chain: DrandChainName): string {
  return `${relayUrl.replace(/\/+$/, '')}/${drandChain(chain).hash}/info`;
}

/** GET a URL and parse its JSON body with a schema; maps transport failures to typed errors. */
async function getJson<T extends z.ZodType>(
  url: string,
  schema: T,
  opts: RelayOptions
): Promise<z.output<T>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetchImpl ?? fetch;
  let text: string;
  let status: number;
  try {
    const res = await doFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    if (status === 404 || status === 425) {
      await res.body?.cancel();
      throw new BeaconUnavailableError(
        'BEACON_NOT_YET_AVAILABLE',
        `relay has no such round yet (HTTP ${status})`,
        { details: { status } }
      );
    }
    text = await res.text();
  } catch (e) {
    if (e instanceof BeaconUnavailableError) throw e;
    // Not `instanceof Error`: the abort reason is a DOMException, possibly from another realm.
    const timedOut = (e as { name?: unknown } | null)?.name === 'TimeoutError';
    const why = timedOut ? `no answer in ${timeoutMs} ms` : 'connection failed';
    throw new BeaconUnavailableError('RELAY_UNAVAILABLE', `drand relay unreachable: ${why}`, {
      cause: e,
    });
  }
  if (status >= 500)
    throw new BeaconUnavailableError('RELAY_UNAVAILABLE', `drand relay error (HTTP ${status})`, {
      details: { status },
    });
  if (status < 200 || status > 299)
    throw new BeaconUnavailableError('RELAY_BAD_RESPONSE', `drand relay answered HTTP ${status}`, {
      details: { status },
    });
  if (text.length > MAX_BODY_CHARS)
    throw new BeaconUnavailableError('RELAY_BAD_RESPONSE', 'drand relay answer is too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BeaconUnavailableError('RELAY_BAD_RESPONSE', 'drand relay answer is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new BeaconUnavailableError(
      'RELAY_BAD_RESPONSE',
      'drand relay answer has the wrong shape',
      {
        details: z.flattenError(parsed.error),
      }
    );
  return parsed.data;
}

/** BEACON_NOT_YET_AVAILABLE before the round's time: no relay can have it, so none is asked. */
function refuseBeforeRoundTime(chain: DrandChainName, round: number, opts: RelayOptions): void {
  const availableAt = roundTime(chain, round);
  const nowSeconds = Math.floor((opts.now ?? (() => new Date()))().getTime() / 1000);
  if (nowSeconds < availableAt)
    throw new BeaconUnavailableError(
      'BEACON_NOT_YET_AVAILABLE',
      `${chain} round ${round} is produced at ${new Date(availableAt * 1000).toISOString()}`,
      { details: { availableAt } }
    );
}

/**
 * Fetches and verifies one round. Throws BeaconUnavailableError (BEACON_NOT_YET_AVAILABLE before the
 * round's time — without asking the relay — or on 404/425; RELAY_UNAVAILABLE on refusal, timeout or
 * 5xx; RELAY_BAD_RESPONSE on anything that is not a beacon) or VerificationError (BEACON_ROUND_MISMATCH,
 * BEACON_SIGNATURE_INVALID, BEACON_RANDOMNESS_MISMATCH, …).
 */
export async function fetchBeacon(
  relayUrl: string,
  chain: DrandChainName,
  round: number,
  opts: RelayOptions = {}
): Promise<BeaconRound> {
  refuseBeforeRoundTime(chain, round, opts);
  const body = await getJson(beaconUrl(relayUrl, chain, round), RelayBeaconResponse, opts);
  return verifyRelayJson(chain, round, body);
}

/**
 * Asks each relay in turn (DRAND_URLS, in order) until one gives a round that verifies: a relay that
 * is down, has no such round yet or answers with something that does not verify is only a courier
 * that failed, so the next one is asked. Throws the first relay's error when all fail (the list's
 * head is the one the operator configured first), BEACON_NOT_YET_AVAILABLE before the round's time
 * without asking anyone.
 */
export async function fetchBeaconFromRelays(
  relayUrls: readonly string[],
  chain: DrandChainName,
  round: number,
  opts: RelayOptions = {}
): Promise<BeaconRound> {
  refuseBeforeRoundTime(chain, round, opts);
  let first: unknown;
  for (const url of relayUrls) {
    try {
      return await fetchBeacon(url, chain, round, opts);
    } catch (e) {
      first ??= e;
    }
  }
  throw first ?? new BeaconUnavailableError('RELAY_UNAVAILABLE', 'no drand relay is configured');
}

function verifyRelayJson(
  chain: DrandChainName,
  round: number | undefined,
  body: RelayBeaconResponse
): BeaconRound {
  if (round !== undefined && body.round !== round)
    throw new VerificationError(
      'BEACON_ROUND_MISMATCH',
      `asked for ${chain} round ${round}, got round ${body.round}`
    );
  const chained = drandChain(chain).schemeID === 'pedersen-bls-chained';
  return verifyBeacon({
    chain,
    round: body.round,
    signature: body.signature,
    // An unchained chain's message has no previous signature; some relays still send one: ignore it.
    previousSignature: chained ? body.previous_signature : undefined,
    randomness: body.randomness,
  }).beacon;
}

/** A signature alone, optionally followed by the previous round's (the chained default chain). */
const BARE_SIGNATURE = /^([0-9a-fA-F]+)(?:\s+([0-9a-fA-F]+))?$/;

/**
 * A round rebuilt from its bare signature (what a phone or another machine can copy from a relay page
 * or a QR-scanned URL when the server has no internet): the draw's own chain and round complete it,
 * the randomness is SHA-256 of the signature, and it is BLS-verified like a fetched round. The chained
 * default chain signs the previous round's signature too, so it needs that one as a second line.
 */
function verifyBareSignature(
  signature: string,
  previousSignature: string | undefined,
  expected: { chain?: DrandChainName; round?: number }
): BeaconRound {
  if (expected.chain === undefined || expected.round === undefined)
    throw new InputError(
      'BEACON_PASTE_INVALID',
      'a bare signature needs the chain and round the draw announced'
    );
  return verifyBeacon({
    chain: expected.chain,
    round: expected.round,
    signature,
    previousSignature,
  }).beacon;
}

/**
 * Verifies a beacon pasted by an operator: the relay's JSON for the round (optionally with our
 * `chain` field), or its bare signature (hex; for the chained default chain, then the previous
 * round's signature after a space or line break). `expected` is what the draw announced. Throws InputError BEACON_PASTE_INVALID (not
 * JSON or wrong shape; details name the fields) or BEACON_CHAIN_REQUIRED, VerificationError
 * BEACON_CHAIN_MISMATCH / BEACON_ROUND_MISMATCH / any verifyBeacon code.
 */
export function parsePastedBeacon(
  text: string,
  expected: { chain?: DrandChainName; round?: number } = {}
): BeaconRound {
  const bare = BARE_SIGNATURE.exec(text.trim());
  if (bare) return verifyBareSignature(bare[1]!, bare[2], expected);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError('BEACON_PASTE_INVALID', 'pasted beacon is not JSON');
  }
  const parsed = PastedBeacon.safeParse(json);
  if (!parsed.success)
    throw new InputError('BEACON_PASTE_INVALID', 'pasted beacon has the wrong shape', {
      details: z.flattenError(parsed.error),
    });
  const chain = parsed.data.chain ?? expected.chain;
  if (chain === undefined)
    throw new InputError('BEACON_CHAIN_REQUIRED', 'say which drand chain the beacon is from');
  if (expected.chain !== undefined && chain !== expected.chain)
    throw new VerificationError(
      'BEACON_CHAIN_MISMATCH',
      `the draw uses the ${expected.chain} chain, the pasted beacon is from ${chain}`
    );
  return verifyRelayJson(chain, expected.round, parsed.data);
}

/**
 * Checks that a relay serves the chain we pinned (a health check for operators; beacons are verified
 * against the pinned key regardless). Throws VerificationError RELAY_CHAIN_MISMATCH.
 */
// GET /api/draws/:id/relays asks it of every relay before an announcement (relay-check.ts).
export async function checkRelayChain(
  relayUrl: string,
  chain: DrandChainName,
  opts: RelayOptions = {}
): Promise<void> {
  const info = await getJson(chainInfoUrl(relayUrl, chain), RelayChainInfo, opts);
  const pinned = drandChain(chain);
  const same =
    info.public_key === pinned.publicKey &&
    info.hash === pinned.hash &&
    info.period === pinned.period &&
    info.genesis_time === pinned.genesisTime &&
    info.groupHash === pinned.groupHash &&
    info.schemeID === pinned.schemeID;
  if (!same)
    throw new VerificationError(
      'RELAY_CHAIN_MISMATCH',
      `relay's ${chain} chain info differs from the pinned one`
    );
}
