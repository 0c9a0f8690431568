/**
 * Boundary types of drand beacons: the verified round we record in a draw (BeaconRound), the JSON a
 * drand HTTP relay answers (drand HTTP API v1, `GET /{chainhash}/public/{round}` and `/{chainhash}/info`),
 * and what an operator pastes when the server has no internet (the same relay JSON).
 * Everything here is attacker-controlled until shared/drand.ts has verified the BLS signature.
 */
import { z } from 'zod';

export const DrandChainName = z.enum(['quicknet', 'default']);
export type DrandChainName = z.infer<typeof DrandChainName>;

/** drand rounds start at 1; kept within the exact integer range of a JS number. */
export const BeaconRoundNumber = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Lower-case hex of exactly `bytes` bytes (the form we record). */
function hexOfBytes(bytes: number) {
  return z
    .string()
    .regex(/^[0-9a-f]*$/, 'lower-case hex')
    .length(2 * bytes, `${bytes} bytes of hex`);
}

/** Hex as typed or served: either case, normalised to lower case. Lengths are checked by verifyBeacon. */
export const LooseHex = z
  .string()
  .max(1024)
  .regex(/^[0-9a-fA-F]*$/, 'hex digits only')
  .transform((s) => s.toLowerCase());

/**
 * A verified drand round as recorded in a draw and its bundle. Hex is lower case; randomness is
 * SHA-256(signature). previousSignature is present exactly for the chained (default) chain.
 */
export const BeaconRound = z.strictObject({
  chain: DrandChainName,
  round: BeaconRoundNumber,
  signature: z.string().regex(/^[0-9a-f]+$/, 'lower-case hex'),
  previousSignature: z
    .string()
    .regex(/^[0-9a-f]+$/, 'lower-case hex')
    .optional(),
  randomness: hexOfBytes(32),
});
export type BeaconRound = z.infer<typeof BeaconRound>;
