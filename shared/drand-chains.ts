/**
 * The pinned drand chains (docs/PROTOCOL.md §drand beacon verification): each chain's public key,
 * period, genesis time and hashes, copied from drand's published /info (drand-client
 * lib/defaults.ts, drand-docs quicknet post), and the round ↔ time arithmetic. No BLS here: pages and
 * modules that only name a round or its time import this, and only those that verify a signature
 * import shared/drand.ts (the pairing code is most of a page's weight).
 */
import { concatBytes, fromHex, toHex, uint32be, uint64be, utf8 } from './bytes.js';
import { VerificationError } from './errors.js';
import { sha256 } from './hash.js';
import type { DrandChainName } from './schemas/beacon.js';

function fail(code: BeaconErrorCode, message: string): never {
  throw new VerificationError(code, message);
}

/** A round number is an integer ≥ 1. */
export function checkRound(round: number): void {
  if (!Number.isSafeInteger(round) || round < 1)
    fail('BEACON_MALFORMED', `round must be an integer ≥ 1, got ${String(round)}`);
}

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

export function drandChain(name: string): Readonly<DrandChainInfo> {
  if (name !== 'quicknet' && name !== 'default')
    throw new VerificationError(
      'BEACON_UNKNOWN_CHAIN',
      `unknown drand chain "${name}" (quicknet or default)`
    );
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
