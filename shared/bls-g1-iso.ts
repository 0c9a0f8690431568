/**
 * RFC 9380's hash to G1 for the batched drand verifier (shared/drand-batch.ts), stopped on the
 * curve E' of the simplified SWU map (§6.6.2, §8.8.1: y² = x³ + A'x + B', 11-isogenous to G1's
 * curve E): the batch needs only Σ rᵢ·clear(iso(Qᵢ)) over its rounds, where Qᵢ = map(u₀) + map(u₁)
 * on E'. The 11-isogeny and cofactor clearing are both group homomorphisms, so that sum is
 * clear(iso(Σ rᵢ·Qᵢ)): the sum is taken on E' (shared/bls-g1.ts msmJac with E''s doubling) and
 * the isogeny, with its two inversions, is evaluated once per batch instead of twice per round, and
 * the map's own division is kept as a Jacobian Z instead of an inversion per field element.
 * RFC 9380 §6.6.3 itself notes the isogeny may be applied after the addition.
 * tests/shared/drand-batch.test.ts checks the result against noble's hash_to_curve.
 * Public inputs only: nothing here is constant-time, and nothing here needs to be.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hash_to_field, isogenyMap } from '@noble/curves/abstract/hash-to-curve.js';
import { nobleSha256Hash } from './hash.js';
import { add, INFINITY, mod, powP, toAffine, type Jac } from './bls-g1.js';
import { ISOGENY_G1 } from './drand-isogeny.js';

const { Fp } = bls12_381.fields;
const P = Fp.ORDER;
const { A, B, Z } = ISOGENY_G1;
/** sqrt_ratio for p ≡ 3 (mod 4) (RFC 9380 Appendix F.2.1.2): c1 = (p − 3) / 4, c2 = √(−Z) */
const C1 = (P - 3n) / 4n;
const C2 = Fp.sqrt(Fp.neg(Z));

/** 2·(X, Y, Z) on E' ("dbl-2007-bl" of the Explicit-Formulas Database: any a, here A'). */
export function dblIso([X1, Y1, Z1]: Jac): Jac {
  if (Z1 === 0n || Y1 === 0n) return INFINITY;
  const XX = (X1 * X1) % P;
  const YY = (Y1 * Y1) % P;
  const YYYY = (YY * YY) % P;
  const ZZ = (Z1 * Z1) % P;
  const XYY = X1 + YY;
  const S = mod(2n * (((XYY * XYY) % P) - XX - YYYY));
  const M = (3n * XX + ((A * ((ZZ * ZZ) % P)) % P)) % P;
  const T = mod(M * M - 2n * S);
  const Y3 = mod(M * (S - T) - 8n * YYYY);
  const YZ = Y1 + Z1;
  const Z3 = mod(((YZ * YZ) % P) - YY - ZZ);
  return [T, Y3, Z3];
}

/** sqrt_ratio(u, v) for p ≡ 3 (mod 4): whether u / v is a square, and the root the RFC picks. */
function sqrtRatio(u: bigint, v: bigint): { isQR: boolean; y: bigint } {
  const tv2 = (u * v) % P;
  const tv1 = (((v * v) % P) * tv2) % P;
  const y1 = (powP(tv1, C1) * tv2) % P;
  const isQR = (((y1 * y1) % P) * v) % P === u;
  return { isQR, y: isQR ? y1 : (y1 * C2) % P };
}

/**
 * RFC 9380 §6.6.2 map_to_curve_simple_swu(u) onto E' (the straight-line steps of Appendix F.2, as
 * noble writes them), with its final x = x / tv4 kept as the Jacobian Z = tv4: (x·tv4, y·tv4³, tv4).
 */
export function mapToIso(u: bigint): Jac {
  const tv1 = (((u * u) % P) * Z) % P;
  let tv2 = (((tv1 * tv1) % P) + tv1) % P;
  const tv3 = ((tv2 + 1n) * B) % P;
  const tv4 = ((tv2 !== 0n ? P - tv2 : Z) * A) % P;
  tv2 = (tv3 * tv3) % P;
  let tv6 = (tv4 * tv4) % P;
  tv2 = (((tv2 + ((tv6 * A) % P)) % P) * tv3) % P;
  tv6 = (tv6 * tv4) % P;
  tv2 = (tv2 + ((tv6 * B) % P)) % P;
  const { isQR, y: y1 } = sqrtRatio(tv2, tv6);
  const x = isQR ? tv3 : (tv1 * tv3) % P;
  let y = isQR ? y1 : (((tv1 * u) % P) * y1) % P;
  if ((u & 1n) !== (y & 1n)) y = mod(-y);
  return [(x * tv4) % P, (((y * tv4) % P) * ((tv4 * tv4) % P)) % P, tv4];
}

/** RFC 9380 hash_to_curve for G1 up to the sum on E': map(u₀) + map(u₁), before the isogeny. */
export function hashToIso(message: Uint8Array, dst: string): Jac {
  const u = hash_to_field(message, 2, {
    DST: dst,
    p: P,
    m: 1,
    k: 128,
    expand: 'xmd',
    hash: nobleSha256Hash,
  });
  return add(mapToIso(u[0]![0]!), mapToIso(u[1]![0]!), dblIso);
}

let iso: ((x: bigint, y: bigint) => { x: bigint; y: bigint }) | undefined;

/** A point of E' mapped to G1's curve E by the 11-isogeny (not yet cofactor-cleared), as noble's. */
export function isoToE(p: Jac): InstanceType<typeof bls12_381.G1.Point> {
  iso ??= isogenyMap(Fp, ISOGENY_G1.map);
  const a = toAffine(p);
  if (a === null) return bls12_381.G1.Point.ZERO;
  const q = iso(a.x, a.y);
  // isogenyMap's exceptional case (a zero denominator: the isogeny's kernel) is the identity, (0, 0)
  return q.x === 0n && q.y === 0n ? bls12_381.G1.Point.ZERO : bls12_381.G1.Point.fromAffine(q);
}
