/**
 * The few BLS12-381 G1 operations the batched drand verifier (shared/drand-batch.ts) does thousands
 * of times, in Jacobian coordinates over plain bigint arithmetic: decoding a compressed signature with
 * its subgroup test, and multi-scalar multiplication. noble's points (@noble/curves) are general and
 * careful — complete projective formulas, field objects — and that costs about 3× here; the hashes'
 * map to the SWU curve is shared/bls-g1-iso.ts, everything else (hash_to_field, the isogeny, pairings,
 * cofactor clearing) stays noble's. Results are handed back as noble
 * points, so the two meet only at affine coordinates. Public inputs only: nothing here is
 * constant-time, and nothing here needs to be.
 *
 * Curve: y² = x³ + 4 over Fp (p the 381-bit BLS12-381 prime). Jacobian (X, Y, Z) is the affine point
 * (X/Z², Y/Z³); Z = 0 is the point at infinity. Formulas: "dbl-2009-l" and "add-2007-bl" /
 * "madd-2007-bl" of the Explicit-Formulas Database (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-0).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';

const { Fp } = bls12_381.fields;
const P = Fp.ORDER;
const HALF_P = (P - 1n) / 2n;
const SQRT_EXP = (P + 1n) / 4n;
/** |x| of the BLS parameter x = −0xd201000000010000 */
const BLS_X = 0xd201000000010000n;
/** β: a primitive cube root of unity in Fp; ψ(x, y) = (βx, y) is G1's GLV endomorphism (noble's) */
const BETA = BigInt(
  '0x5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe'
);

type NoblePoint = InstanceType<typeof bls12_381.G1.Point>;

/** A Jacobian point [X, Y, Z]. */
export type Jac = readonly [bigint, bigint, bigint];
export const INFINITY: Jac = [1n, 1n, 0n];
/** Point doubling on one curve: additions fall back to it when both points are the same. */
export type Double = (p: Jac) => Jac;

export const mod = (a: bigint) => {
  const r = a % P;
  return r < 0n ? r + P : r;
};

function dbl([X, Y, Z]: Jac): Jac {
  if (Z === 0n || Y === 0n) return INFINITY;
  const A = (X * X) % P;
  const B = (Y * Y) % P;
  const C = (B * B) % P;
  const XB = X + B;
  // D and E are left unreduced (D in (−4p, 2p), E < 3p): each feeds a product reduced below
  const D = 2n * (((XB * XB) % P) - A - C);
  const E = 3n * A;
  const F = (E * E) % P;
  const X3 = mod(F - 2n * D);
  const Y3 = mod(E * (D - X3) - 8n * C);
  const Z3 = (2n * Y * Z) % P;
  return [X3, Y3, Z3];
}

/**
 * p + q, q affine (x, y) — the bucket additions of the MSM. The formulas do not involve the curve's
 * coefficients, so they serve any short Weierstrass curve given its doubling (`double`).
 */
function addAffine(p: Jac, x2: bigint, y2: bigint, double: Double = dbl): Jac {
  const [X1, Y1, Z1] = p;
  if (Z1 === 0n) return [x2, y2, 1n];
  const Z1Z1 = (Z1 * Z1) % P;
  const U2 = (x2 * Z1Z1) % P;
  const S2 = (((y2 * Z1) % P) * Z1Z1) % P;
  const H = mod(U2 - X1);
  const r = mod(2n * (S2 - Y1));
  if (H === 0n) return r === 0n ? double(p) : INFINITY;
  const HH = (H * H) % P;
  const I = (4n * HH) % P;
  const J = (H * I) % P;
  const V = (X1 * I) % P;
  const X3 = mod(r * r - J - 2n * V);
  const Y3 = mod(r * (V - X3) - 2n * ((Y1 * J) % P));
  const ZH = Z1 + H;
  const Z3 = mod(((ZH * ZH) % P) - Z1Z1 - HH);
  return [X3, Y3, Z3];
}

/** p + q on any short Weierstrass curve over Fp, given its doubling (see addAffine). */
export function add(p: Jac, q: Jac, double: Double = dbl): Jac {
  const [X1, Y1, Z1] = p;
  const [X2, Y2, Z2] = q;
  if (Z1 === 0n) return q;
  if (Z2 === 0n) return p;
  const Z1Z1 = (Z1 * Z1) % P;
  const Z2Z2 = (Z2 * Z2) % P;
  const U1 = (X1 * Z2Z2) % P;
  const U2 = (X2 * Z1Z1) % P;
  const S1 = (((Y1 * Z2) % P) * Z2Z2) % P;
  const S2 = (((Y2 * Z1) % P) * Z1Z1) % P;
  const H = mod(U2 - U1);
  const r = mod(2n * (S2 - S1));
  if (H === 0n) return r === 0n ? double(p) : INFINITY;
  const I = (4n * H * H) % P;
  const J = (H * I) % P;
  const V = (U1 * I) % P;
  const X3 = mod(r * r - J - 2n * V);
  const Y3 = mod(r * (V - X3) - 2n * ((S1 * J) % P));
  const Zs = Z1 + Z2;
  const Z3 = (mod(((Zs * Zs) % P) - Z1Z1 - Z2Z2) * H) % P;
  return [X3, Y3, Z3];
}

/**
 * A fixed exponent cut into sliding windows of at most 5 bits (left to right): for each, how many
 * squarings come before it and its odd value. Square roots (decoding, the SWU map) raise to fixed
 * exponents of 379–381 bits, where this saves about a quarter of the multiplications of noble's
 * fixed 4-bit windows (about 6% of the whole).
 */
function windowsOf(e: bigint): { squarings: number; odd: number }[] {
  const bits = e.toString(2);
  const out: { squarings: number; odd: number }[] = [];
  let squarings = 0;
  for (let i = 0; i < bits.length;) {
    if (bits[i] === '0') {
      squarings++;
      i++;
      continue;
    }
    let j = Math.min(i + 5, bits.length); // the window is bits[i, j), ending in a 1
    while (bits[j - 1] === '0') j--;
    out.push({
      squarings: squarings + (out.length === 0 ? 0 : j - i),
      odd: parseInt(bits.slice(i, j), 2),
    });
    squarings = 0;
    i = j;
  }
  if (squarings > 0) out.push({ squarings, odd: 0 });
  return out;
}

const plans = new Map<bigint, { squarings: number; odd: number }[]>();

/** a^e mod p for a fixed exponent e > 0 (its windows computed once), a in [0, p). */
export function powP(a: bigint, e: bigint): bigint {
  let plan = plans.get(e);
  if (!plan) plans.set(e, (plan = windowsOf(e)));
  const a2 = (a * a) % P;
  const odd: bigint[] = [a]; // odd[k] = a^(2k+1)
  for (let k = 1; k < 16; k++) odd.push((odd[k - 1]! * a2) % P);
  let r = odd[(plan[0]!.odd - 1) >> 1]!;
  for (let w = 1; w < plan.length; w++) {
    const { squarings, odd: d } = plan[w]!;
    for (let k = 0; k < squarings; k++) r = (r * r) % P;
    if (d !== 0) r = (r * odd[(d - 1) >> 1]!) % P;
  }
  return r;
}

/** The bits of |x| below its top one, from the top: where mulByX adds after doubling. */
const X_BITS = Array.from({ length: 63 }, (_, i) => ((BLS_X >> BigInt(62 - i)) & 1n) === 1n);

/** [|x|]·p by double-and-add over the 64 bits of |x| (6 of them set); p affine when `affine`. */
function mulByX(p: Jac, affine = false): Jac {
  let acc = p;
  for (const set of X_BITS) {
    acc = dbl(acc);
    if (set) acc = affine ? addAffine(acc, p[0], p[1]) : add(acc, p);
  }
  return acc;
}

/**
 * (x, y) ∈ G1 ⟺ ψ(x, y) = −[x²](x, y) — noble's isTorsionFree (Scott, eprint 2021/1130), compared
 * without leaving Jacobian coordinates: (βx, y) = (X/Z², −Y/Z³).
 */
function inG1(x: bigint, y: bigint): boolean {
  const [X, Y, Z] = mulByX(mulByX([x, y, 1n], true));
  if (Z === 0n) return false;
  const Z2 = (Z * Z) % P;
  return (((BETA * x) % P) * Z2) % P === X && mod(-y * ((Z2 * Z) % P)) === Y;
}

/**
 * A compressed G1 point in the ZCash BLS12-381 encoding, as a drand signature (docs/PROTOCOL.md
 * §Verification step 3): 48 bytes, the compression flag set, the infinity flag clear, x < p, on the
 * curve, in G1, y the root whose "larger than −y" flag matches. Affine (x, y), or null for anything
 * else — the point at infinity included (noble decodes it; a signature at infinity never verifies,
 * so refusing it only leaves it to verifyBeacon).
 */
export function decodeG1Signature(bytes: Uint8Array): Affine {
  if (bytes.length !== 48) return null;
  const flags = bytes[0]! & 0xe0;
  if ((flags & 0x80) === 0 || (flags & 0x40) !== 0) return null;
  let x = BigInt(bytes[0]! & 0x1f);
  for (let i = 1; i < 48; i++) x = (x << 8n) | BigInt(bytes[i]!);
  if (x >= P) return null;
  const y2 = (((x * x) % P) * x + 4n) % P;
  // p ≡ 3 (mod 4): the square root, if any, is y2^((p+1)/4); if y² ≠ y2, x³ + 4 is not a square:
  // not on the curve
  let y = powP(y2, SQRT_EXP);
  if ((y * y) % P !== y2) return null;
  if (y > HALF_P !== ((flags & 0x20) !== 0)) y = mod(-y);
  return inG1(x, y) ? { x, y } : null;
}

export type Affine = { x: bigint; y: bigint } | null;

/** The sum of two affine points (either may be null, the point at infinity). */
export function addAffinePoints(a: Affine, b: Affine): Jac {
  if (!a) return b ? [b.x, b.y, 1n] : INFINITY;
  return b ? addAffine([a.x, a.y, 1n], b.x, b.y) : [a.x, a.y, 1n];
}

/** Jacobian points to affine with one inversion for all of them (Montgomery's trick). */
export function toAffineAll(points: readonly Jac[]): Affine[] {
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const [, , Z] of points) {
    prefix.push(acc);
    if (Z !== 0n) acc = (acc * Z) % P;
  }
  let inv = Fp.inv(acc);
  const out: Affine[] = new Array<Affine>(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const [X, Y, Z] = points[i]!;
    if (Z === 0n) {
      out[i] = null;
      continue;
    }
    const zi = (inv * prefix[i]!) % P;
    inv = (inv * Z) % P;
    const zi2 = (zi * zi) % P;
    out[i] = { x: (X * zi2) % P, y: (((Y * zi2) % P) * zi) % P };
  }
  return out;
}

/**
 * Σ sᵢ·(xᵢ, yᵢ) by Pippenger's buckets, one window per byte of the scalars (big-endian, all the same
 * length), in Jacobian coordinates, on G1's curve or (with its doubling) another short Weierstrass
 * curve over Fp — RFC 9380's E' for the hashes (shared/bls-g1-iso.ts). Points given as null
 * (infinity) add nothing.
 */
export function msmJac(
  points: readonly Affine[],
  scalars: readonly Uint8Array[],
  double: Double = dbl
): Jac {
  const bytes = scalars[0]?.length ?? 0;
  let sum: Jac = INFINITY;
  const buckets: Jac[] = new Array<Jac>(256);
  for (let w = 0; w < bytes; w++) {
    if (w > 0) for (let k = 0; k < 8; k++) sum = double(sum);
    buckets.fill(INFINITY);
    for (let j = 0; j < points.length; j++) {
      const d = scalars[j]![w]!;
      const pt = points[j];
      if (d !== 0 && pt) buckets[d] = addAffine(buckets[d]!, pt.x, pt.y, double);
    }
    let running = INFINITY;
    let window = INFINITY;
    for (let d = 255; d > 0; d--) {
      running = add(running, buckets[d]!, double);
      window = add(window, running, double);
    }
    sum = add(sum, window, double);
  }
  return sum;
}

/** A Jacobian point as affine coordinates (one inversion), null for the point at infinity. */
export function toAffine([X, Y, Z]: Jac): Affine {
  if (Z === 0n) return null;
  const zi = Fp.inv(Z);
  const zi2 = (zi * zi) % P;
  return { x: (X * zi2) % P, y: (((Y * zi2) % P) * zi) % P };
}

/** Σ sᵢ·(xᵢ, yᵢ) on G1's curve (msmJac), as a noble point. */
export function msmG1(points: readonly Affine[], scalars: readonly Uint8Array[]): NoblePoint {
  const p = toAffine(msmJac(points, scalars));
  return p ? bls12_381.G1.Point.fromAffine(p) : bls12_381.G1.Point.ZERO;
}
