/**
 * drand beacon verification, offline (docs/PROTOCOL.md §drand beacon verification). A round is a
 * threshold BLS signature by the League of Entropy; anyone checks it against the chain's pinned
 * public key, and its randomness is SHA-256(signature). Two chains are pinned: - quicknet, scheme
 * `bls-unchained-g1-rfc9380`: signature on G1 (48 bytes), key on G2 (96 bytes),
 *   DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_, message = SHA-256(uint64be(round));
 * - default (mainnet), scheme `pedersen-bls-chained`: signature on G2 (96 bytes), key on G1 (48 bytes),
 *   DST BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_, message = SHA-256(previous_signature || uint64be(round)).
 * Hash-to-curve is RFC 9380; point encodings are the compressed ZCash BLS12-381 format.
 * Chain info comes from drand's own chain files (drand-client lib/defaults.ts, drand-docs quicknet post).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { concatBytes, fromHex, toHex, uint32be, uint64be, utf8, equalBytes } from './bytes.js';
import { VerificationError } from './errors.js';
import { sha256 } from './hash.js';
import type { BeaconRound, DrandChainName } from './schemas/beacon.js';

export type BeaconErrorCode =
  | 'BEACON_MALFORMED'
  | 'BEACON_UNKNOWN_CHAIN'
  | 'BEACON_PREVIOUS_SIGNATURE_REQUIRED'
  | 'BEACON_PREVIOUS_SIGNATURE_UNEXPECTED'
  | 'BEACON_SIGNATURE_INVALID'
  | 'BEACON_RANDOMNESS_MISMATCH'
  | 'BEACON_ROUND_MISMATCH';

export type DrandScheme = 'bls-unchained-g1-rfc9380' | 'pedersen-bls-chained';

export interface DrandChainInfo {
  name: DrandChainName;
  /** compressed public key, hex */
  publicKey: string;
  /** seconds between rounds */
  period: number;
  /** unix seconds of round 1 */
  genesisTime: number;
  /** chain hash, hex: the chain's identifier in relay URLs */
  hash: string;
  /** group hash, hex; also the chained scheme's "previous signature" of round 1 (genesis seed) */
  groupHash: string;
  schemeID: DrandScheme;
  beaconID: string;
  /** RFC 9380 domain separation tag of the signature group */
  dst: string;
  signatureBytes: number;
}

/** Pinned chain info (copied from drand's published /info of each chain; see the header). */
export const DRAND_CHAINS: Readonly<Record<DrandChainName, Readonly<DrandChainInfo>>> = {
  quicknet: {
    name: 'quicknet',
    publicKey:
      '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
    period: 3,
    genesisTime: 1692803367,
    hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
    groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
    schemeID: 'bls-unchained-g1-rfc9380',
    beaconID: 'quicknet',
    dst: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
    signatureBytes: 48,
  },
  default: {
    name: 'default',
    publicKey:
      '868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31',
    period: 30,
    genesisTime: 1595431050,
    hash: '8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce',
    groupHash: '176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a',
    schemeID: 'pedersen-bls-chained',
    beaconID: 'default',
    dst: 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_',
    signatureBytes: 96,
  },
};

function fail(code: BeaconErrorCode, message: string, details?: unknown): never {
  throw new VerificationError(code, message, details === undefined ? undefined : { details });
}

export function drandChain(name: string): Readonly<DrandChainInfo> {
  if (name !== 'quicknet' && name !== 'default')
    fail('BEACON_UNKNOWN_CHAIN', `unknown drand chain "${name}" (quicknet or default)`);
  return DRAND_CHAINS[name];
}

/**
 * drand's chain hash (drand chain/info.go Hash): SHA-256(uint32be(period) || int64be(genesis_time) ||
 * public_key || group_hash || beaconID when it is not "default"). Used to check the pinned constants.
 */
export function computeChainHash(info: Readonly<DrandChainInfo>): string {
  const parts = [
    uint32be(info.period),
    uint64be(BigInt(info.genesisTime)),
    fromHex(info.publicKey),
    fromHex(info.groupHash),
  ];
  if (info.beaconID !== 'default') parts.push(utf8(info.beaconID));
  return toHex(sha256(concatBytes(...parts)));
}

function checkRound(round: number): void {
  if (!Number.isSafeInteger(round) || round < 1)
    fail('BEACON_MALFORMED', `round must be an integer ≥ 1, got ${String(round)}`);
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

/**
 * Verifies one round offline. Throws VerificationError: BEACON_UNKNOWN_CHAIN, BEACON_MALFORMED (not
 * hex, wrong length, bad round), BEACON_PREVIOUS_SIGNATURE_REQUIRED / _UNEXPECTED, BEACON_SIGNATURE_INVALID
 * (a point that does not decode, or the pairing check fails), BEACON_RANDOMNESS_MISMATCH.
 */
export function verifyBeacon(input: BeaconInput): VerifiedBeacon {
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
  const message = beaconMessage(input.round, previous);
  if (!checkSignature(chain, signature, message))
    fail(
      'BEACON_SIGNATURE_INVALID',
      `${chain.name} round ${input.round}: BLS signature does not verify`
    );
  const randomness = sha256(signature);
  if (input.randomness !== undefined) {
    const given = hexField('randomness', input.randomness, 32);
    if (!equalBytes(given, randomness))
      fail('BEACON_RANDOMNESS_MISMATCH', 'randomness is not SHA-256 of the signature');
  }
  const beacon: BeaconRound = {
    chain: chain.name,
    round: input.round,
    signature: toHex(signature),
    ...(previous ? { previousSignature: toHex(previous) } : {}),
    randomness: toHex(randomness),
  };
  return { randomness, beacon };
}

// Decoded (and subgroup-checked) pinned keys, memoized: decoding a G2 key costs about as much as
// hashing to the curve. Keyed by the hex itself, so the memo is a pure function of constants.
const g1Keys = new Map<string, ReturnType<typeof bls12_381.G1.Point.fromBytes>>();
const g2Keys = new Map<string, ReturnType<typeof bls12_381.G2.Point.fromBytes>>();
function g1Key(hex: string) {
  let p = g1Keys.get(hex);
  if (!p) g1Keys.set(hex, (p = bls12_381.G1.Point.fromBytes(fromHex(hex))));
  return p;
}
function g2Key(hex: string) {
  let p = g2Keys.get(hex);
  if (!p) g2Keys.set(hex, (p = bls12_381.G2.Point.fromBytes(fromHex(hex))));
  return p;
}

/** Hash-to-curve with the chain's DST, then the pairing check; a point that fails to decode is invalid. */
function checkSignature(
  chain: Readonly<DrandChainInfo>,
  signature: Uint8Array,
  message: Uint8Array
): boolean {
  try {
    // shortSignatures: signatures on G1, keys on G2 (quicknet); longSignatures: the reverse (default).
    if (chain.schemeID === 'bls-unchained-g1-rfc9380') {
      const bls = bls12_381.shortSignatures;
      return bls.verify(signature, bls.hash(message, chain.dst), g2Key(chain.publicKey));
    }
    const bls = bls12_381.longSignatures;
    return bls.verify(signature, bls.hash(message, chain.dst), g1Key(chain.publicKey));
  } catch {
    // noble throws on bytes that are not a valid compressed point in the right subgroup.
    return false;
  }
}

/** The round being produced at a unix time: 1 + floor((t − genesis) / period); 0 before genesis. */
export function roundAt(chainName: DrandChainName, unixSeconds: number): number {
  const chain = drandChain(chainName);
  if (!Number.isSafeInteger(unixSeconds)) throw new RangeError('unixSeconds must be an integer');
  if (unixSeconds < chain.genesisTime) return 0;
  const elapsed = unixSeconds - chain.genesisTime;
  // Integer division without floating point: subtract the remainder first.
  return (elapsed - (elapsed % chain.period)) / chain.period + 1;
}

/** The unix time (seconds) at which a round is produced: genesis + (round − 1) · period. */
export function roundTime(chainName: DrandChainName, round: number): number {
  const chain = drandChain(chainName);
  checkRound(round);
  const t = chain.genesisTime + (round - 1) * chain.period;
  if (!Number.isSafeInteger(t)) fail('BEACON_MALFORMED', `round ${round} is too large`);
  return t;
}
