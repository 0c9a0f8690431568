import { describe, expect, it } from '@jest/globals';
import { toHex, utf8 } from '../../../shared/bytes.js';
import { sha256 } from '../../../shared/hash.js';
import { buildAnnouncement } from '../../../shared/announcement.js';
import { replayDraw } from '../../../shared/draw/replay.js';
import { poolRoot } from '../../../shared/pool.js';
import { commitmentFor } from '../../../shared/seed.js';
import { VerificationError } from '../../../shared/errors.js';
import type { DrawReplayInput } from '../../../shared/schemas/draw-replay.js';
import { makePool, makeSpec } from '../../helpers/draw-fixtures.js';
import drand from '../../vectors/drand.json' with { type: 'json' };

const round = drand.rounds.find((r) => r.chain === 'quicknet')!;
const QUICKNET = drand.chains.quicknet.hash;
const secret = toHex(sha256(utf8('witness secret')));
const pool = makePool(15, 'replay');
const spec = makeSpec({
  size: 3,
  reserves: 2,
  entropy: {
    drand: { chain: 'quicknet', chainHash: QUICKNET, round: round.round },
    publicSources: [],
  },
  witnesses: [{ id: 'w1', name: 'Observer', commitment: commitmentFor(secret) }],
});
const input: DrawReplayInput = {
  version: 1,
  announcement: buildAnnouncement({
    drawId: 'D-1',
    spec,
    pool: { entries: pool, root: poolRoot(pool) },
    exclusions: [],
  }),
  pool,
  material: {
    beacon: { chainHash: QUICKNET, round: round.round, randomness: round.randomness },
    publicSources: [],
    reveals: [{ witnessId: 'w1', secret }],
  },
  beaconRound: {
    chain: 'quicknet',
    round: round.round,
    signature: round.signature,
    randomness: round.randomness,
  },
};

describe('replayDraw', () => {
  const r = replayDraw(input);

  it('does verify the real drand round and re-run the draw', () => {
    expect(r.beaconVerified).toBe(true);
    expect(r.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(r.result.commission).toHaveLength(3);
    expect(r.result.reserves).toHaveLength(2);
  });

  it('does confirm expected values that match', () => {
    expect(replayDraw({ ...input, expected: { seed: r.seed!, result: r.result } }).seed).toBe(
      r.seed
    );
  });

  it('when any published value is tampered with does fail with its code', () => {
    const flippedSig = round.signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const step0 = { ...r.result.steps[0]!, registryNo: 'R-99999' };
    const cases: [Partial<DrawReplayInput>, string][] = [
      [
        { pool: pool.map((e, i) => (i === 4 ? { ...e, region: 'KZ-75' } : e)) },
        'POOL_ROOT_MISMATCH',
      ],
      [{ pool: pool.slice(1) }, 'POOL_SIZE_MISMATCH'],
      [
        {
          material: {
            ...input.material,
            reveals: [{ witnessId: 'w1', secret: toHex(sha256(utf8('other'))) }],
          },
        },
        'REVEAL_MISMATCH',
      ],
      [
        { beaconRound: { ...input.beaconRound!, signature: flippedSig } },
        'BEACON_SIGNATURE_INVALID',
      ],
      [{ beaconRound: { ...input.beaconRound!, round: round.round + 1 } }, 'BEACON_MISMATCH'],
      [{ expected: { seed: '00'.repeat(32) } }, 'SEED_MISMATCH'],
      [
        { expected: { result: { ...r.result, steps: [step0, ...r.result.steps.slice(1)] } } },
        'RESULT_MISMATCH',
      ],
    ];
    for (const [change, code] of cases)
      expect(() => replayDraw({ ...input, ...change })).toThrowWithCode(VerificationError, code);
  });

  it('when the announcement differs does give a different seed', () => {
    const other = { ...input, announcement: { ...input.announcement, drawId: 'D-2' } };
    expect(replayDraw({ ...other, beaconRound: undefined }).seed).not.toBe(r.seed);
  });
});
