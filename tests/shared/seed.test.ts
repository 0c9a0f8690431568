import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromHex, toHex } from '../../shared/bytes.js';
import { canonicalBytes } from '../../shared/canonical.js';
import { DrawError, InputError, VerificationError } from '../../shared/errors.js';
import { sha256, taggedHash } from '../../shared/hash.js';
import { buildSeedInput, commitmentFor, deriveSeed, verifyReveal } from '../../shared/seed.js';
import type { SeedInput, SeedMaterial } from '../../shared/schemas/seed.js';
import { makeSpec } from '../helpers/draw-fixtures.js';

const secret = (k: number) => toHex(sha256(new Uint8Array([k])));
const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ANN = toHex(sha256(new Uint8Array([42])));

const spec = makeSpec({
  entropy: {
    drand: { chain: 'quicknet', chainHash: QUICKNET, round: 1000 },
    publicSources: [
      { id: 'lotto', description: 'Lottery X, 6 numbers' },
      { id: 'bonds', description: 'Bond index close' },
    ],
  },
  witnesses: [
    { id: 'w2', name: 'Observer B', commitment: commitmentFor(secret(2)) },
    { id: 'w1', name: 'Observer A', commitment: commitmentFor(secret(1)) },
    { id: 'w3', name: 'Observer C', commitment: commitmentFor(secret(3)) },
  ],
});
const beacon = { chainHash: QUICKNET, round: 1000, randomness: secret(9) };
const material: SeedMaterial = {
  beacon,
  publicSources: [
    { id: 'lotto', value: [45, 9, 18, '026', 34, 41] },
    { id: 'bonds', value: ['1012.50'] },
  ],
  reveals: [
    { witnessId: 'w2', secret: secret(2) },
    { witnessId: 'w1', secret: secret(1) },
  ],
};

describe('commitments and reveals', () => {
  it('does commit to taggedHash(commitment, secret bytes)', () => {
    expect(commitmentFor(secret(1))).toBe(toHex(taggedHash('commitment', fromHex(secret(1)))));
  });
  it('does accept the matching reveal and refuses any other', () => {
    expect(() => verifyReveal(commitmentFor(secret(1)), secret(1))).not.toThrow();
    expect(() => verifyReveal(commitmentFor(secret(1)), secret(2))).toThrowWithCode(
      VerificationError,
      'REVEAL_MISMATCH'
    );
  });
  it('does refuse a secret that is not 32 bytes of lowercase hex', () => {
    expect(() => commitmentFor('ab')).toThrowWithCode(InputError, 'SECRET_MALFORMED');
    expect(() => commitmentFor(secret(1).toUpperCase())).toThrowWithCode(
      InputError,
      'SECRET_MALFORMED'
    );
  });
});

describe('buildSeedInput', () => {
  it('does sort reveals and sources, canonicalize values and list missing witnesses', () => {
    const input = buildSeedInput(spec, ANN, material);
    expect(input).toEqual({
      announcementHash: ANN,
      beacon,
      publicSources: [
        { id: 'bonds', text: '1012.5/' },
        { id: 'lotto', text: '9.18.26.34.41.45./' },
      ],
      reveals: [
        { witnessId: 'w1', secret: secret(1) },
        { witnessId: 'w2', secret: secret(2) },
      ],
      missing: ['w3'],
    });
  });
  it('does give the same input whatever order the material arrives in', () => {
    const shuffled = {
      ...material,
      publicSources: [...material.publicSources].reverse(),
      reveals: [...material.reveals].reverse(),
    };
    expect(buildSeedInput(spec, ANN, shuffled)).toEqual(buildSeedInput(spec, ANN, material));
  });
  it('when a reveal does not match does refuse it', () => {
    const bad = { ...material, reveals: [{ witnessId: 'w1', secret: secret(2) }] };
    expect(() => buildSeedInput(spec, ANN, bad)).toThrowWithCode(
      VerificationError,
      'REVEAL_MISMATCH'
    );
  });
  it('when inputs do not fit the announcement does name the problem', () => {
    const cases: [Partial<SeedMaterial>, new (...a: never[]) => Error, string][] = [
      [{ beacon: null }, DrawError, 'BEACON_MISSING'],
      [{ beacon: { ...beacon, round: 1001 } }, VerificationError, 'BEACON_MISMATCH'],
      [{ publicSources: material.publicSources.slice(1) }, DrawError, 'SOURCE_MISSING'],
      [
        { publicSources: [...material.publicSources, { id: 'x', value: [1] }] },
        InputError,
        'SOURCE_UNKNOWN',
      ],
      [
        { publicSources: [...material.publicSources, material.publicSources[0]!] },
        InputError,
        'SOURCE_DUPLICATE',
      ],
      [{ reveals: [{ witnessId: 'w9', secret: secret(9) }] }, InputError, 'REVEAL_UNKNOWN_WITNESS'],
      [{ reveals: [material.reveals[0]!, material.reveals[0]!] }, InputError, 'REVEAL_DUPLICATE'],
    ];
    cases.forEach(([change, cls, code]) =>
      expect(() => buildSeedInput(spec, ANN, { ...material, ...change })).toThrowWithCode(cls, code)
    );
    const noDrand = makeSpec({ entropy: { publicSources: spec.entropy.publicSources } });
    expect(() => buildSeedInput(noDrand, ANN, material)).toThrowWithCode(
      InputError,
      'BEACON_UNEXPECTED'
    );
  });
});

describe('deriveSeed', () => {
  it('does hash the canonical JSON of the input with the seed tag', () => {
    const input = buildSeedInput(spec, ANN, material);
    expect(toHex(deriveSeed(input))).toBe(toHex(taggedHash('seed', canonicalBytes(input))));
  });

  it('does change when any bit of any input changes', () => {
    const base = buildSeedInput(spec, ANN, material);
    const seed0 = toHex(deriveSeed(base));
    const flipHex = (hex: string, bit: number) => {
      const b = fromHex(hex);
      b[(bit >> 3) % b.length]! ^= 1 << (bit & 7);
      return toHex(b);
    };
    const mutations: ((s: SeedInput, bit: number) => SeedInput)[] = [
      (s, bit) => ({ ...s, announcementHash: flipHex(s.announcementHash, bit) }),
      (s, bit) => ({
        ...s,
        beacon: { ...s.beacon!, randomness: flipHex(s.beacon!.randomness, bit) },
      }),
      (s, bit) => ({ ...s, beacon: { ...s.beacon!, round: s.beacon!.round ^ (1 << (bit % 20)) } }),
      (s, bit) => ({
        ...s,
        reveals: s.reveals.map((r, i) =>
          i === bit % s.reveals.length ? { ...r, secret: flipHex(r.secret, bit) } : r
        ),
      }),
      (s, bit) => {
        const t = s.publicSources[0]!.text;
        const k = bit % t.length;
        const c = String.fromCharCode(t.charCodeAt(k) ^ (1 << (bit % 5)));
        return {
          ...s,
          publicSources: [
            { ...s.publicSources[0]!, text: t.slice(0, k) + c + t.slice(k + 1) },
            s.publicSources[1]!,
          ],
        };
      },
      (s) => ({
        ...s,
        missing: [],
        reveals: [...s.reveals, { witnessId: 'w3', secret: secret(3) }],
      }),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: mutations.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (m, bit) => {
          expect(toHex(deriveSeed(mutations[m]!(base, bit)))).not.toBe(seed0);
        }
      ),
      { seed: 1, numRuns: 300 }
    );
  });
});
