/**
 * Batched verification of many drand rounds of ONE chain (docs/PROTOCOL.md §Batch verification of
 * drand rounds): an audit meets one round per draw, and one pairing check per round
 * (shared/drand.ts) costs ~26 ms. Rounds of one chain share its single public key, so a random
 * linear combination checks them all with two pairings:
 *
 *   quicknet (signatures σ in G1, key in G2):  e(Σ rᵢσᵢ, g₂) = e(Σ rᵢH(mᵢ), pk)
 *   default  (signatures σ in G2, key in G1):  e(pk, Σ rᵢH(mᵢ)) = e(g₁, Σ rᵢσᵢ)
 *
 * Soundness. Each σᵢ is decoded with the subgroup test (on the curve and in the prime-order subgroup,
 * as noble decodes it for verifyBeacon), so the error term eᵢ = σᵢ − sk·H(mᵢ) of every bad round is
 * a non-zero element of a group of prime order r ≈ 2^255 — without that test a component of order 3
 * would vanish from the sum for one rᵢ in three. A batch with bad rounds then passes only if
 * Σ rᵢ·eᵢ = 0, and for any fixed choice of the other rᵢ at most one value of the last one does that:
 * with rᵢ uniform in [1, 2^128) the chance is below 2^-127. The rᵢ are DERIVED, not drawn: 128 bits of
 * SHA-256 over every round and signature of the batch (a Fiat–Shamir transcript), so whoever made the
 * signatures fixed them before the rᵢ existed and can only try again by changing a signature — about
 * 2^127 tries per success, which is why 128 bits and not 64. Derived randomisers keep shared/
 * deterministic (no CSPRNG: the same verdict on every run, in the browser too). There is one public
 * key, the pinned one, so no rogue-key combination arises.
 *
 * A batch that fails is split in halves, each checked again with randomisers of its own, down to
 * four rounds and then one by one, so the result names exactly the rounds that do not verify;
 * callers verify those with verifyBeacon to report each one's code.
 *
 * Speed, for quicknet (what real draws use): hash-to-curve's last two steps, the 11-isogeny from
 * the SWU map's curve E' and cofactor clearing, are done once on the sum instead of per round — both
 * are group homomorphisms, so Σ rᵢ·clear(iso(Qᵢ)) = clear(iso(Σ rᵢQᵢ)), the sum taken on E'
 * (shared/bls-g1-iso.ts) — and decoding, the subgroup test and the sums use shared/bls-g1.ts.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { concatBytes, uint32be, uint64be } from './bytes.js';
import { taggedHash } from './hash.js';
import {
  checkClaimedRandomness,
  g1Key,
  g2Key,
  prepareRound,
  type BeaconInput,
  type BeaconVerifyOptions,
} from './drand.js';
import { decodeG1Signature, msmG1, msmJac, toAffineAll, type Affine, type Jac } from './bls-g1.js';
import { dblIso, hashToIso, isoToE } from './bls-g1-iso.js';

const { G1, G2, fields } = bls12_381;
const { Fp12 } = fields;
type G1Point = InstanceType<typeof G1.Point>;
type G2Point = InstanceType<typeof G2.Point>;

/** Rounds per batch: beyond this the pairings are a negligible share, and a failure costs more. */
const BATCH = 1024;
/** A failing batch of at most this many rounds is checked round by round. */
const SINGLES = 4;

interface Item<S, H> {
  index: number;
  sig: S;
  /** H(m) — for quicknet still on RFC 9380's curve E' (shared/bls-g1-iso.ts) */
  hash: H;
  /** what the transcript binds: the round, its signature, and its message when chained */
  bound: Uint8Array;
}

/** 128-bit randomisers (16 bytes, big-endian) from the batch's transcript (see the header). */
function randomisers(items: readonly { bound: Uint8Array }[]): Uint8Array[] {
  const transcript = taggedHash('drand-batch', concatBytes(...items.map((i) => i.bound)));
  return items.map((_, i) => {
    const r = taggedHash('drand-batch-r', concatBytes(transcript, uint32be(i))).slice(0, 16);
    if (r.every((b) => b === 0)) r[15] = 1; // never 0 (a chance of 2^-128)
    return r;
  });
}

type Check<S, H> = (items: readonly Item<S, H>[]) => boolean;

/** check(items), where anything noble refuses (a sum at infinity in a pairing, …) is a failure. */
function passes<S, H>(items: readonly Item<S, H>[], check: Check<S, H>): boolean {
  try {
    return check(items);
  } catch {
    return false;
  }
}

/** Adds to `out` the indices of the items that fail, halving failing batches. */
function failing<S, H>(items: readonly Item<S, H>[], check: Check<S, H>, out: Set<number>): void {
  if (items.length === 0 || passes(items, check)) return;
  if (items.length <= SINGLES) {
    for (const it of items) if (items.length === 1 || !passes([it], check)) out.add(it.index);
    return;
  }
  const half = Math.ceil(items.length / 2);
  failing(items.slice(0, half), check, out);
  failing(items.slice(half), check, out);
}

const isOne = (gt: ReturnType<typeof bls12_381.pairingBatch>) => Fp12.eql(gt, Fp12.ONE);

const g1Check =
  (pk: G2Point): Check<Affine, Affine> =>
  (items) => {
    const r = randomisers(items);
    const sigma = msmG1(
      items.map((i) => i.sig),
      r
    );
    // Σ rᵢ·H(mᵢ) = clear(iso(Σ rᵢ·Qᵢ)): the sum on E', then one isogeny and one clearing
    const h = isoToE(
      msmJac(
        items.map((i) => i.hash),
        r,
        dblIso
      )
    ).clearCofactor();
    return isOne(
      bls12_381.pairingBatch([
        { g1: sigma, g2: G2.Point.BASE.negate() },
        { g1: h, g2: pk },
      ])
    );
  };

/** Σ sᵢPᵢ for noble's G2 points, scalars as big-endian bytes. */
function sumG2(points: readonly G2Point[], scalars: readonly Uint8Array[]): G2Point {
  let acc = G2.Point.ZERO;
  for (const [i, p] of points.entries()) {
    let s = 0n;
    for (const b of scalars[i]!) s = (s << 8n) | BigInt(b);
    acc = acc.add(p.multiplyUnsafe(s));
  }
  return acc;
}

const g2Check =
  (pk: G1Point): Check<G2Point, G2Point> =>
  (items) => {
    const r = randomisers(items);
    const sigma = sumG2(
      items.map((i) => i.sig),
      r
    );
    const h = sumG2(
      items.map((i) => i.hash),
      r
    );
    return isOne(
      bls12_381.pairingBatch([
        { g1: pk, g2: h },
        { g1: G1.Point.BASE.negate(), g2: sigma },
      ])
    );
  };

/**
 * Which of `rounds` (all of one chain) verify exactly as verifyBeacon would — the format checks, the
 * BLS signature and the claimed randomness: `true` for each that does. A `false` is a round to check
 * one by one with verifyBeacon for its error code. Throws only when the rounds are of several chains.
 */
export function verifyRoundsBatch(
  rounds: readonly BeaconInput[],
  opts: BeaconVerifyOptions = {}
): boolean[] {
  const ok = rounds.map(() => false);
  const g1Items: Item<Affine, Jac>[] = [];
  const g2Items: Item<G2Point, G2Point>[] = [];
  let key: string | undefined;
  for (const [index, input] of rounds.entries()) {
    let p;
    try {
      p = prepareRound(input, opts);
      checkClaimedRandomness(p);
    } catch {
      continue; // verifyBeacon names the fault
    }
    if (key !== undefined && key !== p.publicKey)
      throw new Error('verifyRoundsBatch: the rounds of one batch are of one chain');
    key = p.publicKey;
    const bound = concatBytes(uint64be(BigInt(input.round)), p.signature, p.message);
    if (p.chain.schemeID === 'bls-unchained-g1-rfc9380') {
      const sig = decodeG1Signature(p.signature);
      if (sig === null) continue;
      g1Items.push({ index, sig, hash: hashToIso(p.message, p.chain.dst), bound });
    } else {
      let sig: G2Point;
      try {
        sig = bls12_381.longSignatures.Signature.fromBytes(p.signature);
      } catch {
        continue;
      }
      g2Items.push({ index, sig, hash: G2.hashToCurve(p.message, { DST: p.chain.dst }), bound });
    }
    ok[index] = true;
  }
  const bad = new Set<number>();
  if (g1Items.length > 0) {
    const hashes = toAffineAll(g1Items.map((i) => i.hash));
    const items = g1Items.map((it, i) => ({ ...it, hash: hashes[i]! }));
    const check = g1Check(g2Key(key!));
    for (let i = 0; i < items.length; i += BATCH) failing(items.slice(i, i + BATCH), check, bad);
  }
  if (g2Items.length > 0) {
    const check = g2Check(g1Key(key!));
    for (let i = 0; i < g2Items.length; i += BATCH)
      failing(g2Items.slice(i, i + BATCH), check, bad);
  }
  for (const i of bad) ok[i] = false;
  return ok;
}
