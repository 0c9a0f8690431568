/**
 * drand beacon verification, offline (docs/PROTOCOL.md §drand beacon verification). A round is a
 * threshold BLS signature by the League of Entropy; anyone checks it against the chain's pinned
 * public key, and its randomness is SHA-256(signature). Two chains are pinned: - quicknet, scheme
 * `bls-unchained-g1-rfc9380`: signature on G1 (48 bytes), key on G2 (96 bytes),
 *   DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_, message = SHA-256(uint64be(round));
 * - default (mainnet), scheme `pedersen-bls-chained`: signature on G2 (96 bytes), key on G1 (48 bytes),
 *   DST BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_, message = SHA-256(previous_signature || uint64be(round)).
 * Hash-to-curve is RFC 9380; point encodings are the compressed ZCash BLS12-381 format.
 * The pinned chains and round arithmetic are in shared/drand-chains.ts.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { concatBytes, fromHex, toHex, uint64be, equalBytes } from './bytes.js';
import { VerificationError } from './errors.js';
import { sha256 } from './hash.js';
import type { BeaconRound, DrandChainName } from './schemas/beacon.js';
import {
  checkRound,
  drandChain,
  type BeaconErrorCode,
  type DrandChainInfo,
} from './drand-chains.js';

function fail(code: BeaconErrorCode, message: string, details?: unknown): never {
  throw new VerificationError(code, message, details === undefined ? undefined : { details });
}

function hexField(name: string, hex: string, bytes: number | number[]): Uint8Array {
  const allowed = Array.isArray(bytes) ? bytes : [bytes];
  let out: Uint8Array;
  try {
    out = fromHex(hex);
  } catch {
    return fail('BEACON_MALFORMED', `${name} is not hex`);
  }
  if (!allowed.includes(out.length))
    fail('BEACON_MALFORMED', `${name} must be ${allowed.join(' or ')} bytes, got ${out.length}`);
  return out;
}

/** The signed message of a round: SHA-256(uint64be(round)), prefixed by the previous signature when chained. */
export function beaconMessage(round: number, previousSignature?: Uint8Array): Uint8Array {
  checkRound(round);
  const r = uint64be(BigInt(round));
  return sha256(previousSignature ? concatBytes(previousSignature, r) : r);
}

export interface BeaconInput {
  chain: DrandChainName;
  round: number;
  /** hex, either case */
  signature: string;
  /** hex; required for the chained default chain, refused for quicknet */
  previousSignature?: string | undefined;
  /** hex; when given it must equal SHA-256(signature) */
  randomness?: string | undefined;
}

export interface VerifiedBeacon {
  /** SHA-256(signature): the bytes a draw's seed consumes */
  randomness: Uint8Array;
  /** the normalised record (lower-case hex), ready to store or publish */
  beacon: BeaconRound;
}

export interface BeaconVerifyOptions {
  /**
   * The chain's public key (compressed, hex) to verify with INSTEAD of the pinned one. For benchmarks
   * only (bench/: rounds signed by a generated key of the same scheme); nothing a user runs sets it —
   * the pinned chains are the only ones `adal` trusts.
   */
  benchPublicKey?: string;
  /**
   * For benchmarks only: the audit skips its batched verification of drand rounds
   * (auditor/beacon-prefetch.ts) and verifies each round alone, to show what batching saves.
   */
  oneByOne?: boolean;
}

/** A round whose format is checked, ready for the pairing check (one round, or a batch). */
export interface PreparedRound {
  chain: Readonly<DrandChainInfo>;
  /** the compressed signature */
  signature: Uint8Array;
  /** the signed 32-byte message M */
  message: Uint8Array;
  /** the public key to verify with (hex) */
  publicKey: string;
  /** SHA-256(signature) */
  randomness: Uint8Array;
  /** the randomness the input claims, if any: checked after the signature (checkClaimedRandomness) */
  claimedRandomness: string | undefined;
  beacon: BeaconRound;
}

/**
 * verifyBeacon's checks before the pairing: the chain, the round, hex lengths and the previous
 * signature's presence. Throws VerificationError as verifyBeacon does.
 */
export function prepareRound(input: BeaconInput, opts: BeaconVerifyOptions = {}): PreparedRound {
  const chain = drandChain(input.chain);
  checkRound(input.round);
  const signature = hexField('signature', input.signature, chain.signatureBytes);
  let previous: Uint8Array | undefined;
  if (chain.schemeID === 'pedersen-bls-chained') {
    if (input.previousSignature === undefined)
      fail(
        'BEACON_PREVIOUS_SIGNATURE_REQUIRED',
        `the ${chain.name} chain is chained: the previous signature is part of the signed message`
      );
    // Round 1 is chained to the genesis seed (the 32-byte group hash), every later round to a signature.
    previous = hexField('previous signature', input.previousSignature, input.round === 1 ? 32 : 96);
  } else if (input.previousSignature !== undefined) {
    fail(
      'BEACON_PREVIOUS_SIGNATURE_UNEXPECTED',
      `the ${chain.name} chain is unchained: a previous signature is not part of its message`
    );
  }
  const randomness = sha256(signature);
  const beacon: BeaconRound = {
    chain: chain.name,
    round: input.round,
    signature: toHex(signature),
    ...(previous ? { previousSignature: toHex(previous) } : {}),
    randomness: toHex(randomness),
  };
  return {
    chain,
    signature,
    message: beaconMessage(input.round, previous),
    publicKey: opts.benchPublicKey ?? chain.publicKey,
    randomness,
    claimedRandomness: input.randomness,
    beacon,
  };
}

/** verifyBeacon's last check: a randomness given with the round must be SHA-256 of its signature. */
export function checkClaimedRandomness(r: PreparedRound): void {
  if (r.claimedRandomness === undefined) return;
  const given = hexField('randomness', r.claimedRandomness, 32);
  if (!equalBytes(given, r.randomness))
    fail('BEACON_RANDOMNESS_MISMATCH', 'randomness is not SHA-256 of the signature');
}

/**
 * Verifies one round offline. Throws VerificationError: BEACON_UNKNOWN_CHAIN, BEACON_MALFORMED (not
 * hex, wrong length, bad round), BEACON_PREVIOUS_SIGNATURE_REQUIRED / _UNEXPECTED, BEACON_SIGNATURE_INVALID
 * (a point that does not decode, or the pairing check fails), BEACON_RANDOMNESS_MISMATCH.
 */
export function verifyBeacon(input: BeaconInput, opts: BeaconVerifyOptions = {}): VerifiedBeacon {
  const r = prepareRound(input, opts);
  if (!checkSignature(r))
    fail(
      'BEACON_SIGNATURE_INVALID',
      `${r.chain.name} round ${input.round}: BLS signature does not verify`
    );
  checkClaimedRandomness(r);
  return { randomness: r.randomness, beacon: r.beacon };
}

// Decoded (and subgroup-checked) pinned keys, memoized: decoding a G2 key costs about as much as
// hashing to the curve. Keyed by the hex itself, so the memo is a pure function of constants.
const g1Keys = new Map<string, ReturnType<typeof bls12_381.G1.Point.fromBytes>>();
const g2Keys = new Map<string, ReturnType<typeof bls12_381.G2.Point.fromBytes>>();
export function g1Key(hex: string) {
  let p = g1Keys.get(hex);
  if (!p) g1Keys.set(hex, (p = bls12_381.G1.Point.fromBytes(fromHex(hex))));
  return p;
}
export function g2Key(hex: string) {
  let p = g2Keys.get(hex);
  if (!p) g2Keys.set(hex, (p = bls12_381.G2.Point.fromBytes(fromHex(hex))));
  return p;
}

/** Hash-to-curve with the chain's DST, then the pairing check; a point that fails to decode is invalid. */
function checkSignature({ chain, signature, message, publicKey }: PreparedRound): boolean {
  try {
    // shortSignatures: signatures on G1, keys on G2 (quicknet); longSignatures: the reverse (default).
    if (chain.schemeID === 'bls-unchained-g1-rfc9380') {
      const bls = bls12_381.shortSignatures;
      return bls.verify(signature, bls.hash(message, chain.dst), g2Key(publicKey));
    }
    const bls = bls12_381.longSignatures;
    return bls.verify(signature, bls.hash(message, chain.dst), g1Key(publicKey));
  } catch {
    // noble throws on bytes that are not a valid compressed point in the right subgroup.
    return false;
  }
}
