/**
 * What crosses the wire on the way to a beacon round: a drand relay's answers (drand HTTP API v1)
 * and a round pasted by the operator. Nothing here is trusted: every round is rebuilt and
 * BLS-verified (shared/drand.ts) before use; the verified round is shared/schemas/beacon.ts BeaconRound.
 */
import { z } from 'zod';
import { DrandChainName, BeaconRoundNumber, LooseHex } from '../schemas/beacon.js';

/**
 * The body of `GET {relay}/{chainhash}/public/{round}` (drand HTTP API v1). Unknown fields are
 * dropped rather than refused: relays have added fields over time, and only these are verified.
 */
export const RelayBeaconResponse = z.object({
  round: BeaconRoundNumber,
  randomness: LooseHex,
  signature: LooseHex,
  previous_signature: LooseHex.optional(),
});

export type RelayBeaconResponse = z.infer<typeof RelayBeaconResponse>;

/** The body of `GET {relay}/{chainhash}/info` (drand HTTP API v1). */
export const RelayChainInfo = z.object({
  public_key: LooseHex,
  period: z.number().int().min(1),
  genesis_time: z.number().int().min(0),
  hash: LooseHex,
  groupHash: LooseHex,
  schemeID: z.string(),
  metadata: z.object({ beaconID: z.string() }).optional(),
});

export type RelayChainInfo = z.infer<typeof RelayChainInfo>;

/**
 * A beacon pasted by an operator: the relay JSON, optionally with our `chain` field. Extra fields are
 * dropped as for relay answers, so a copy from a browser tab of the relay works as is.
 */
export const PastedBeacon = RelayBeaconResponse.extend({ chain: DrandChainName.optional() });

export type PastedBeacon = z.infer<typeof PastedBeacon>;

/** GET /api/draws/:id/relays: whether each relay of DRAND_URLS serves the draw's chain, in order. */
export const RelayCheck = z.strictObject({
  chain: DrandChainName.nullable(),
  relays: z.array(
    z.strictObject({ url: z.string(), ok: z.boolean(), code: z.string().nullable() })
  ),
});

export type RelayCheck = z.infer<typeof RelayCheck>;
