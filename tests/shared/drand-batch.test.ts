/**
 * Batched drand verification (shared/drand-batch.ts, docs/PROTOCOL.md §Batch verification of drand
 * rounds) on the recorded real rounds of both pinned chains (tests/fixtures/drand, what the test
 * relay serves): every verdict equals verifyBeacon's, one corrupted signature in a batch is named
 * alone, and larger batches (rounds of a generated key of quicknet's scheme, through the explicit
 * benchPublicKey option) find exactly their bad rounds by halving. The hand-written G1 parts
 * (shared/bls-g1.ts, shared/drand-isogeny.ts) are checked against noble's own results.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { fromHex, toHex } from '../../shared/bytes.js';
import { beaconMessage, verifyBeacon, type BeaconInput } from '../../shared/drand.js';
import { verifyRoundsBatch } from '../../shared/drand-batch.js';
import { decodeG1Signature, msmG1, msmJac, powP, toAffineAll } from '../../shared/bls-g1.js';
import { dblIso, hashToIso, isoToE } from '../../shared/bls-g1-iso.js';
import { DRAND_CHAINS } from '../../shared/drand-chains.js';
import { VerificationError } from '../../shared/errors.js';
import { BENCH_DRAND, benchRound } from '../../bench/bench-drand.js';

type Recorded = {
  round: number;
  signature: string;
  previous_signature?: string;
  randomness: string;
};
const fixture = (chain: 'quicknet' | 'default'): BeaconInput[] =>
  (
    JSON.parse(
      readFileSync(new URL(`../fixtures/drand/${chain}.json`, import.meta.url), 'utf8')
    ) as { rounds: Recorded[] }
  ).rounds.map((r) => ({
    chain,
    round: r.round,
    signature: r.signature,
    randomness: r.randomness,
    ...(r.previous_signature ? { previousSignature: r.previous_signature } : {}),
  }));
const quicknet = fixture('quicknet');
const mainnet = fixture('default');

/** verifyBeacon's verdict, as the batch states it */
const alone = (r: BeaconInput, opts = {}) => {
  try {
    verifyBeacon(r, opts);
    return true;
  } catch (e) {
    if (e instanceof VerificationError) return false;
    throw e;
  }
};

/** A byte of the signature changed (most such bytes no longer decode to a point). */
const flipped = (r: BeaconInput, at: number): BeaconInput => {
  const s = fromHex(r.signature);
  s[at]! ^= 0x04;
  return { ...r, signature: toHex(s), randomness: undefined };
};

describe('verifyRoundsBatch', () => {
  it('does verify every recorded real round of both chains, as verifyBeacon does', () => {
    expect(quicknet.length).toBeGreaterThan(4);
    expect(verifyRoundsBatch(quicknet)).toEqual(quicknet.map(() => true));
    expect(verifyRoundsBatch(mainnet)).toEqual(mainnet.map(() => true));
    expect(verifyRoundsBatch([])).toEqual([]);
  });

  it('does name exactly the one corrupted round of a batch of real rounds', () => {
    for (const rounds of [quicknet, mainnet])
      for (const bad of [rounds.length - 2]) {
        const other = rounds[(bad + 1) % rounds.length]!;
        const cases: BeaconInput[] = [
          // a valid point of the group, but another round's signature
          { ...rounds[bad]!, signature: other.signature, randomness: undefined },
          flipped(rounds[bad]!, 20),
          { ...rounds[bad]!, randomness: rounds[bad]!.randomness!.replace(/^./, 'f') },
        ];
        for (const c of cases) {
          const batch = rounds.map((r, i) => (i === bad ? c : r));
          const want = batch.map((r) => alone(r));
          expect(want.filter((x) => !x)).toHaveLength(1);
          expect(verifyRoundsBatch(batch)).toEqual(want);
          expect(want[bad]).toBe(false);
        }
      }
  });

  it('does find exactly the bad rounds of larger batches by halving (generated key, explicit option)', () => {
    const rounds: BeaconInput[] = Array.from({ length: 24 }, (_, i) => {
      const b = benchRound(1000 + i);
      return { chain: 'quicknet', round: b.round, signature: b.signature };
    });
    // the pinned key refuses them: the option is what makes them verify
    expect(verifyRoundsBatch(rounds.slice(0, 3))).toEqual([false, false, false]);
    expect(verifyRoundsBatch(rounds, BENCH_DRAND)).toEqual(rounds.map(() => true));
    const bad = new Set([3, 12, 13, 23]);
    const batch = rounds.map((r, i) =>
      bad.has(i) ? { ...r, signature: rounds[(i + 5) % rounds.length]!.signature } : r
    );
    expect(verifyRoundsBatch(batch, BENCH_DRAND)).toEqual(rounds.map((_, i) => !bad.has(i)));
    for (const i of bad) expect(alone(batch[i]!, BENCH_DRAND)).toBe(false);
  });

  it('does give the published vectors’ verdicts (tests/vectors/drand.json), negative cases in a batch of good rounds', () => {
    const v = JSON.parse(
      readFileSync(new URL('../vectors/drand.json', import.meta.url), 'utf8')
    ) as {
      rounds: (Recorded & { chain: 'quicknet' | 'default' })[];
      negative_cases: (Recorded & { chain: 'quicknet' | 'default'; dst_override?: string })[];
    };
    const input = (r: Recorded & { chain: 'quicknet' | 'default' }): BeaconInput => ({
      chain: r.chain,
      round: r.round,
      signature: r.signature,
      ...(r.randomness ? { randomness: r.randomness } : {}),
      ...(r.previous_signature ? { previousSignature: r.previous_signature } : {}),
    });
    for (const chain of ['quicknet', 'default'] as const) {
      const good = v.rounds.filter((r) => r.chain === chain).map(input);
      // a DST override is not an input of ours: those cases are checked by tests/shared/drand.test.ts
      const bad = v.negative_cases.filter((c) => c.chain === chain && !c.dst_override).map(input);
      expect(bad.length).toBeGreaterThan(0);
      const batch = [...good, ...(chain === 'quicknet' ? quicknet : mainnet), ...bad];
      expect(verifyRoundsBatch(batch)).toEqual(batch.map((r) => alone(r)));
      expect(verifyRoundsBatch(batch).slice(-bad.length)).toEqual(bad.map(() => false));
    }
  });

  it('does refuse rounds of several chains in one call', () => {
    expect(() => verifyRoundsBatch([quicknet[0]!, mainnet[0]!])).toThrow(/one chain/);
  });
});

describe('the hand-written G1 parts agree with noble', () => {
  const dst = DRAND_CHAINS.quicknet.dst;

  it('hash to G1 stopped on E’, then the isogeny and cofactor clearing, is noble’s hash_to_curve (RFC 9380)', () => {
    for (const r of [1, 2, 123, 30662982, 2 ** 40]) {
      const m = beaconMessage(r);
      const ours = isoToE(hashToIso(m, dst)).clearCofactor();
      expect(ours.equals(bls12_381.G1.hashToCurve(m, { DST: dst }) as typeof ours)).toBe(true);
    }
  });

  it('the sum on E’ (multi-scalar, with doublings) maps to the sum of noble’s hashes', () => {
    const rounds = [1, 2, 123, 30662982, 2 ** 40, 7, 8];
    const points = toAffineAll(rounds.map((r) => hashToIso(beaconMessage(r), dst)));
    const scalars = rounds.map((_, i) => {
      const s = new Uint8Array(16);
      s[0] = 0xf0 - i;
      s[9] = 3 * i + 1;
      s[15] = i === 2 ? 1 : 0x81;
      return s;
    });
    let want = bls12_381.G1.Point.ZERO;
    for (const [i, r] of rounds.entries())
      want = want.add(
        (bls12_381.G1.hashToCurve(beaconMessage(r), { DST: dst }) as typeof want).multiply(
          BigInt('0x' + toHex(scalars[i]!))
        )
      );
    const ours = isoToE(msmJac(points, scalars, dblIso)).clearCofactor();
    expect(ours.equals(want)).toBe(true);
    // the same point twice is a doubling on E' inside the additions
    const twice = isoToE(msmJac([points[0]!, points[0]!], [scalars[0]!, scalars[0]!], dblIso));
    const h0 = bls12_381.G1.hashToCurve(beaconMessage(1), { DST: dst }) as typeof want;
    expect(twice.clearCofactor().equals(h0.multiply(2n * BigInt('0x' + toHex(scalars[0]!))))).toBe(
      true
    );
  });

  it('fixed-exponent powers (sliding windows) are noble’s', () => {
    const { Fp } = bls12_381.fields;
    const p = Fp.ORDER;
    const exponents = [(p + 1n) / 4n, (p - 3n) / 4n, 1n, 2n, 0b100000n, 0b1011100000111n, p - 2n];
    const bases = [0n, 1n, 2n, p - 1n, 0x1234567890abcdefn, (p * 2n) / 3n];
    for (const e of exponents) for (const a of bases) expect(powP(a, e)).toBe(Fp.pow(a, e));
  });

  it('decodes signatures as noble does: the real ones, and refuses what noble refuses', () => {
    const G1 = bls12_381.G1.Point;
    const noble = (b: Uint8Array) => {
      try {
        return G1.fromBytes(b).toAffine();
      } catch {
        return null;
      }
    };
    const inputs: Uint8Array[] = quicknet.map((r) => fromHex(r.signature));
    // points on the curve but (almost surely) outside G1: x with x³ + 4 a square, compressed
    const { Fp } = bls12_381.fields;
    for (let x = 1n, found = 0; found < 3; x++) {
      const y2 = Fp.add(Fp.pow(x, 3n), 4n);
      if (Fp.eql(Fp.pow(y2, (Fp.ORDER - 1n) / 2n), Fp.ONE)) {
        const b = Fp.toBytes(x);
        b[0]! |= 0x80;
        inputs.push(b);
        found++;
      }
    }
    for (const r of quicknet)
      for (const at of [0, 1, 47]) inputs.push(fromHex(flipped(r, at).signature));
    inputs.push(new Uint8Array(48), Uint8Array.of(0xc0, ...new Uint8Array(47)));
    let refused = 0;
    for (const b of inputs) {
      const want = noble(b);
      const got = decodeG1Signature(b);
      if (want === null || (want.x === 0n && want.y === 0n)) {
        expect(got).toBeNull();
        refused++;
      } else expect(got).toEqual({ x: want.x, y: want.y });
    }
    expect(refused).toBeGreaterThan(3);
  });

  it('multi-scalar multiplication is the sum of noble’s products', () => {
    const points = quicknet.map((r) => decodeG1Signature(fromHex(r.signature)));
    const scalars = points.map((_, i) => {
      const s = new Uint8Array(16);
      s[0] = 0xff - i;
      s[15] = i + 1;
      s[7] = 0x80;
      return s;
    });
    let want = bls12_381.G1.Point.ZERO;
    for (const [i, p] of points.entries())
      want = want.add(
        bls12_381.G1.Point.fromAffine(p!).multiply(BigInt('0x' + toHex(scalars[i]!)))
      );
    expect(msmG1(points, scalars).equals(want)).toBe(true);
  });
});

describe('the bench-only chain key', () => {
  it('is read in shared/drand.ts only: no command, route or page of the product can set it', () => {
    const root = new URL('../../', import.meta.url);
    const setters: string[] = [];
    for (const top of ['auditor', 'server', 'shared', 'client', 'db'])
      for (const f of readdirSync(new URL(top, root), { recursive: true }) as string[])
        if (/\.ts$/.test(f)) {
          const path = `${top}/${f}`;
          if (readFileSync(new URL(path, root), 'utf8').includes('benchPublicKey'))
            setters.push(path);
        }
    expect(setters).toEqual(['shared/drand.ts']);
  });
});
