/**
 * The draw's outside randomness after reveals close (docs/LIFECYCLE.md §Beacon, §Public sources): the
 * announced drand round — fetched from the relays of DRAND_URLS (or DRAND_URL) in order by the relay client or pasted by the operator,
 * verified offline the same way either way (server/draws/drand-relay.ts, shared/drand.ts) — and the
 * published values of announced RFC 3797-style public sources. When every announced source is in, the
 * draw is beacon_received and can be run. A failed fetch is not a state change and not a log entry:
 * it updates the waiting status (last error code, next automatic try with backoff) shown publicly.
 */
import * as repo from '../../db/repos/draws.repo.js';
import { AppError, ConflictError, DrawError, InputError } from '../../shared/errors.js';
import { rfc3797SourceText } from '../../shared/rfc3797.js';
import type { BeaconRound } from '../../shared/schemas/beacon.js';
import type { DrawSpec } from '../../shared/schemas/draw-spec.js';
import type { PublishedSource } from '../../shared/schemas/seed.js';
import { drandRelays } from '../config.js';
import { fetchBeaconFromRelays, parsePastedBeacon } from './drand-relay.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { refuseValuesBeforeDate } from './source-dates.js';
import { getDraw } from './draft.js';

/** Retry delays after a failed fetch: base · 2^(tries − 1), capped (ms). */
export interface BeaconRetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** one relay request's time limit */
  timeoutMs: number;
}
export const DEFAULT_RETRY: BeaconRetryPolicy = {
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  timeoutMs: 10_000,
};

function retryDelayMs(policy: BeaconRetryPolicy, attempts: number): number {
  const exp = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.baseDelayMs * 2 ** exp, policy.maxDelayMs);
}

function entropyComplete(spec: DrawSpec, beacon: BeaconRound | null, given: PublishedSource[]) {
  const ids = new Set(given.map((s) => s.id));
  return (
    (!spec.entropy.drand || beacon !== null) &&
    spec.entropy.publicSources.every((p) => ids.has(p.id))
  );
}

function announcedRound(d: repo.DrawRecord) {
  const drand = d.spec!.entropy.drand;
  if (!drand) throw new DrawError('BEACON_NOT_ANNOUNCED', `draw ${d.id} names no drand round`);
  if (d.beacon !== null)
    throw new ConflictError('BEACON_ALREADY_RECEIVED', `draw ${d.id} has its beacon already`);
  return drand;
}

/** Stores a verified round of the announced chain and logs it as 'draw.beacon'. */
export function acceptBeacon(
  deps: DrawDeps,
  actor: string | null,
  id: string,
  beacon: BeaconRound,
  source: 'relay' | 'pasted'
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'beacon');
    const drand = announcedRound(d);
    if (beacon.chain !== drand.chain || beacon.round !== drand.round)
      throw new InputError(
        'BEACON_MISMATCH',
        `the draw announced ${drand.chain} round ${drand.round}, not ${beacon.chain} round ${beacon.round}`
      );
    const complete = entropyComplete(d.spec!, beacon, d.publicSources);
    repo.updateDraw(deps.db, id, rec.at, {
      beacon,
      beaconSource: source,
      beaconNextRetryAt: null,
      ...(complete ? { state: 'beacon_received' as const } : {}),
    });
    // a verified round: the time line of the checkpoint that covers its entry and of later ones —
    // noted before the entry is appended, which may sign at once (outside tlog.transaction); if the
    // transaction rolls back the round was still verified, so the line stays true
    deps.tlog.noteVerifiedRound(beacon);
    rec.record('draw.beacon', { drawId: id, ...beacon, chainHash: drand.chainHash, source });
    return getDraw(deps, id);
  });
}

/** Records a failed fetch in the waiting status; a not-yet-produced round is retried at its time. */
function recordFailure(deps: DrawDeps, id: string, e: AppError, policy: BeaconRetryPolicy): void {
  deps.db
    .transaction(() => {
      const d = repo.findDraw(deps.db, id);
      if (!d || d.state !== 'reveals_closed' || d.beacon !== null) return;
      const now = deps.clock();
      const attempts = d.beaconAttempts + 1;
      const availableAt = (e.details as { availableAt?: number } | undefined)?.availableAt;
      const next =
        availableAt !== undefined && availableAt * 1000 > now.getTime()
          ? availableAt * 1000
          : now.getTime() + retryDelayMs(policy, attempts);
      repo.updateDraw(deps.db, id, now.toISOString(), {
        beaconAttempts: attempts,
        beaconLastError: e.code,
        beaconNextRetryAt: new Date(next).toISOString(),
      });
    })
    .immediate();
}

/**
 * Fetches the announced round from the relay now and stores it. A relay that is down, a round not yet
 * out or a forged answer leaves the draw waiting: the failure is recorded and rethrown
 * (BeaconUnavailableError or VerificationError).
 */
export async function fetchBeaconNow(
  deps: DrawDeps,
  actor: string | null,
  id: string,
  policy: BeaconRetryPolicy = DEFAULT_RETRY
): Promise<repo.DrawRecord> {
  const d = getDraw(deps, id);
  requireState(id, d.state, 'beacon');
  const drand = announcedRound(d);
  let beacon: BeaconRound;
  try {
    beacon = await fetchBeaconFromRelays(drandRelays(deps.config), drand.chain, drand.round, {
      now: deps.clock,
      timeoutMs: policy.timeoutMs,
    });
  } catch (e) {
    if (e instanceof AppError) recordFailure(deps, id, e, policy);
    throw e;
  }
  return acceptBeacon(deps, actor, id, beacon, 'relay');
}

/** The operator pastes the relay's JSON for the round (text or object); verified like a fetch. */
export function pasteBeacon(
  deps: DrawDeps,
  actor: string,
  id: string,
  pasted: string | object
): repo.DrawRecord {
  const d = getDraw(deps, id);
  requireState(id, d.state, 'beacon');
  const drand = announcedRound(d);
  const text = typeof pasted === 'string' ? pasted : JSON.stringify(pasted);
  const beacon = parsePastedBeacon(text, { chain: drand.chain, round: drand.round });
  return acceptBeacon(deps, actor, id, beacon, 'pasted');
}

/** The operator posts published values of announced public sources (each once). */
export function postPublicSources(
  deps: DrawDeps,
  actor: string,
  id: string,
  values: PublishedSource[]
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'publicSources');
    const spec = d.spec!;
    const issues: { path: string; message: string }[] = [];
    const seen = new Set(d.publicSources.map((s) => s.id));
    values.forEach((v, i) => {
      const path = `body.values.${i}`;
      if (!spec.entropy.publicSources.some((p) => p.id === v.id))
        issues.push({ path: `${path}.id`, message: `source ${v.id} was not announced` });
      else if (seen.has(v.id))
        issues.push({ path: `${path}.id`, message: `source ${v.id} has its values already` });
      seen.add(v.id);
      try {
        rfc3797SourceText(v.value, path);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        issues.push({ path: `${path}.value`, message: e.message });
      }
    });
    if (issues.length > 0)
      throw new InputError(
        'PUBLIC_SOURCE_INVALID',
        issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        { details: { issues } }
      );
    refuseValuesBeforeDate(spec, values, rec.now);
    const publicSources = [...d.publicSources, ...values];
    const complete = entropyComplete(spec, d.beacon, publicSources);
    repo.updateDraw(deps.db, id, rec.at, {
      publicSources,
      ...(complete ? { state: 'beacon_received' as const } : {}),
    });
    rec.record('draw.public_sources', { drawId: id, values });
    return getDraw(deps, id);
  });
}
