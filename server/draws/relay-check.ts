/**
 * Can this server reach a drand relay for a draw's chain? Asked before the announcement, while the
 * randomness method can still be changed (issue 16): each relay of DRAND_URLS is asked for the
 * chain's info (a few hundred bytes, nothing about the round) and checked against the pinned chain.
 * The answer only warns: a draw whose relays are all unreachable can still be announced, and its
 * round pasted by hand when due. Nothing is stored or logged.
 */
import { drandRelays } from '../config.js';
import { AppError } from '../../shared/errors.js';
import type { RelayCheck } from '../../shared/api/beacon.js';
import { checkRelayChain, type RelayOptions } from './drand-relay.js';
import { getDraw } from './draft.js';
import type { DrawDeps } from './action.js';

/** Short: the operator waits for this on the draft screen. */
const CHECK_TIMEOUT_MS = 3_000;

export async function checkDrawRelays(
  deps: Pick<DrawDeps, 'db' | 'config'>,
  id: string,
  opts: RelayOptions = {}
): Promise<RelayCheck> {
  const d = getDraw(deps, id);
  const drand = (d.spec ?? d.draft).entropy?.drand;
  if (!drand) return { chain: null, relays: [] };
  const relays = await Promise.all(
    drandRelays(deps.config).map(async (url) => {
      try {
        await checkRelayChain(url, drand.chain, { timeoutMs: CHECK_TIMEOUT_MS, ...opts });
        return { url, ok: true, code: null };
      } catch (e) {
        return { url, ok: false, code: e instanceof AppError ? e.code : 'RELAY_UNAVAILABLE' };
      }
    })
  );
  return { chain: drand.chain, relays };
}
