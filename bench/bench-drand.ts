/**
 * A stand-in drand chain for the audit bench: real drand signatures exist only for rounds that were
 * produced, and the recorded ones (tests/fixtures/drand) are a handful, while the bench needs 10,000
 * distinct rounds, one per draw. So the bench signs them with a GENERATED key of quicknet's scheme
 * (bls-unchained-g1-rfc9380: signatures in G1, the key in G2, quicknet's DST and message), making
 * rounds of exactly the real shape and cost to verify. The audit verifies them under this key only
 * through the code-level option `drand.benchPublicKey` (shared/drand.ts BeaconVerifyOptions), which
 * no command line flag or environment variable sets: `adal` trusts the pinned chains only.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../shared/bytes.js';
import { beaconMessage, prepareRound, type BeaconVerifyOptions } from '../shared/drand.js';
import { DRAND_CHAINS } from '../shared/drand-chains.js';
import type { BeaconRound } from '../shared/schemas/beacon.js';

const bls = bls12_381.shortSignatures;
/** A fixed secret (the bench database is cached, so its rounds must stay verifiable) — not a secret. */
const SECRET = bls12_381.fields.Fr.create(
  BigInt('0x' + toHex(sha256(new TextEncoder().encode('adal-draw bench drand key'))))
);
const SECRET_BYTES = bls12_381.fields.Fr.toBytes(SECRET);

/** The bench chain's public key (compressed G2, hex). */
export const BENCH_DRAND_KEY = toHex(bls.getPublicKey(SECRET_BYTES).toBytes(true));

/** What the audit is given to verify the bench's rounds. */
export const BENCH_DRAND: BeaconVerifyOptions = { benchPublicKey: BENCH_DRAND_KEY };

/**
 * Round `round` of the bench chain, as the record a draw stores (quicknet's chain name and format).
 * Its format is checked (prepareRound); its signature is not re-verified here, which would only
 * re-check this signing at the cost of a pairing per round (a third of the audit database's
 * generation): the audit verifies every one, and tests/shared/drand-batch.test.ts verifies rounds
 * made by this function.
 */
export function benchRound(round: number): BeaconRound {
  const dst = DRAND_CHAINS.quicknet.dst;
  const signature = bls.sign(bls.hash(beaconMessage(round), dst), SECRET_BYTES).toBytes(true);
  return prepareRound({ chain: 'quicknet', round, signature: toHex(signature) }, BENCH_DRAND)
    .beacon;
}
