/**
 * Generates tests/vectors/draw-golden.json: inputs of a few draws (spec, pool, randomness, declines)
 * and every output the protocol derives from them. Run only on a deliberate protocol change:
 *   npx tsx tests/helpers/draw-golden-gen.ts <commit> > tests/vectors/draw-golden.json
 * tests/shared/draw/golden.test.ts recomputes every output from the stored inputs and compares.
 */
import { fromHex, toHex, utf8 } from '../../shared/bytes.js';
import { sha256 } from '../../shared/hash.js';
import { buildAnnouncement } from '../../shared/announcement.js';
import { drawOrder } from '../../shared/draw/order.js';
import { replayDraw } from '../../shared/draw/replay.js';
import { poolRoot } from '../../shared/pool.js';
import { commitmentFor } from '../../shared/seed.js';
import type { DrawReplayInput } from '../../shared/schemas/draw-replay.js';
import type { DrawSpec } from '../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../shared/schemas/pool.js';
import type { SeedMaterial } from '../../shared/schemas/seed.js';
import { makePool, makeSpec } from './draw-fixtures.js';

const secret = (label: string) => toHex(sha256(utf8(label)));

/** Everything derived from a case's inputs: what the golden test compares. */
export function goldenOutput(input: DrawReplayInput) {
  const r = replayDraw(input);
  const entropy =
    input.announcement.spec.method === 'adal-v1'
      ? fromHex(r.seed!)
      : { rfc3797Sources: input.material.publicSources.map((s) => s.value) };
  const order = drawOrder(input.announcement.spec, input.pool.length, entropy).map((i) => i + 1);
  return {
    announcementHash: r.announcementHash,
    seedInput: r.seedInput,
    seed: r.seed,
    orderPoolNumbers: order.slice(0, 60),
    result: r.result,
  };
}

function input(
  drawId: string,
  spec: DrawSpec,
  pool: PoolEntry[],
  material: SeedMaterial,
  declines?: string[]
): DrawReplayInput {
  const announcement = buildAnnouncement({
    drawId,
    spec,
    pool: { entries: pool, root: poolRoot(pool) },
    exclusions:
      drawId === 'GOLD-2'
        ? [
            { registryNo: 'R-99001', rule: 'STATUS_SUSPENDED', detail: 'status is suspended' },
            {
              registryNo: 'R-99002',
              rule: 'COOLDOWN',
              detail: 'last commission on 2026-10-01, 50 days before 2026-11-20; cooldown 180 days',
            },
          ]
        : [],
  });
  return { version: 1, announcement, pool, material, ...(declines ? { declines } : {}) };
}

const witnesses = (ids: string[]) =>
  ids.map((id) => ({
    id,
    name: `Observer ${id}`,
    commitment: commitmentFor(secret(`golden ${id}`)),
  }));
const drand = {
  chain: 'quicknet' as const,
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  round: 25000000,
};

function cases() {
  const spec1 = makeSpec({
    lotId: 'LOT-GOLD-1',
    size: 3,
    reserves: 2,
    entropy: {
      drand,
      publicSources: [
        { id: 'lotto', description: 'National lottery, draw of 2026-12-01, 6 numbers' },
      ],
    },
    witnesses: witnesses(['alice', 'bob']),
  });
  const c1 = input('GOLD-1', spec1, makePool(12, 'golden-1'), {
    beacon: {
      chainHash: drand.chainHash,
      round: drand.round,
      randomness: secret('golden beacon 1'),
    },
    publicSources: [{ id: 'lotto', value: [45, 9, 18, 26, 34, 41] }],
    reveals: [{ witnessId: 'bob', secret: secret('golden bob') }],
  });

  const spec2 = makeSpec({
    lotId: 'LOT-GOLD-2',
    size: 7,
    reserves: 3,
    perOrganizationMax: 1,
    cooldownDays: 180,
    quotas: [
      { category: 'proposedBy', value: 'operator', maxPercent: 30 },
      { category: 'proposedBy', value: 'ngo', minPercent: 70 },
      { category: 'gender', value: 'female', min: 3 },
      { category: 'region', value: 'KZ-10', min: 2 },
      { category: 'direction', value: 'ecology', max: 3 },
    ],
    entropy: { drand, publicSources: [] },
    witnesses: witnesses(['carol']),
  });
  const pool2 = makePool(40, 'golden-2', { orgs: 12, regions: 4 });
  // Pick the beacon value so that every kind of skip shows up in this case.
  let c2: DrawReplayInput | undefined;
  for (let k = 0; !c2; k++) {
    const c = input('GOLD-2', spec2, pool2, {
      beacon: {
        chainHash: drand.chainHash,
        round: drand.round,
        randomness: secret(`golden beacon 2/${k}`),
      },
      publicSources: [],
      reveals: [{ witnessId: 'carol', secret: secret('golden carol') }],
    });
    const rules = new Set(replayDraw(c).result.steps.map((s) => s.rule));
    if (
      ['QUOTA_MAX', 'ORG_LIMIT', 'NO_VALID_COMPLETION', 'FITS_NO_SEAT'].every((x) =>
        rules.has(x as never)
      )
    )
      c2 = c;
    if (k > 5000) throw new Error('no beacon value shows every skip');
  }
  const c3: DrawReplayInput = { ...c2, announcement: { ...c2.announcement, drawId: 'GOLD-3' } };
  const r3 = replayDraw(c3).result;
  c3.declines = [r3.commission[0]!, r3.commission[3]!, r3.reserves[r3.reserves.length - 1]!];

  const rfcSpec = makeSpec({
    lotId: 'LOT-GOLD-4',
    method: 'rfc3797',
    size: 5,
    reserves: 2,
    quotas: [{ category: 'gender', value: 'female', min: 2 }],
    entropy: {
      publicSources: [
        { id: 'src1', description: 'RFC 3797 §6 source 1' },
        { id: 'src2', description: 'RFC 3797 §6 source 2' },
        { id: 'src3', description: 'RFC 3797 §6 source 3' },
      ],
    },
    witnesses: [],
  });
  const c4 = input('GOLD-4', rfcSpec, makePool(25, 'golden-4'), {
    beacon: null,
    publicSources: [
      { id: 'src1', value: [9319] },
      { id: 'src2', value: [2, 5, 12, 8, 10] },
      { id: 'src3', value: [9, 18, 26, 34, 41, 45] },
    ],
    reveals: [],
  });
  return [
    {
      id: 'plain',
      description: '12 experts, 3 seats + 2 reserves, drand + lottery + 2 witnesses (one missing)',
      input: c1,
    },
    {
      id: 'quotas',
      description:
        '40 experts, 7 + 3, four quota categories and perOrganizationMax 1: every skip rule appears',
      input: c2,
    },
    {
      id: 'declines',
      description: 'the quotas case with two members and one reserve declining',
      input: c3,
    },
    {
      id: 'rfc3797',
      description: 'method rfc3797 over the RFC 3797 §6 sources, 25 experts, a min quota',
      input: c4,
    },
  ];
}

if (process.argv[1]?.endsWith('draw-golden-gen.ts')) {
  const commit = process.argv[2] ?? 'unknown';
  const out = {
    _source: `generated by this project, frozen at ${commit}`,
    _comment:
      'Golden vectors of the draw protocol (docs/PROTOCOL.md): inputs as adal draw replay reads them, and every derived value. Regenerate only on a deliberate protocol change: npx tsx tests/helpers/draw-golden-gen.ts <commit> > tests/vectors/draw-golden.json',
    cases: cases().map((c) => ({ ...c, output: goldenOutput(c.input) })),
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
