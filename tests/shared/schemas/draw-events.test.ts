import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  DRAW_EVENT_DATA,
  DrawEvent,
  DrawEventType,
  isDrawEventType,
} from '../../../shared/schemas/draw-events.js';
import { freezePool } from '../../../shared/pool.js';
import { announcementHash, buildAnnouncement } from '../../../shared/announcement.js';
import { buildSeedInput, commitmentFor, deriveSeed } from '../../../shared/seed.js';
import { runDraw } from '../../../shared/draw/run.js';
import { replaceDecline } from '../../../shared/draw/replace.js';
import { verifyBeacon } from '../../../shared/drand.js';
import { DRAND_CHAINS } from '../../../shared/drand-chains.js';
import { toHex } from '../../../shared/bytes.js';
import { DrawSpec } from '../../../shared/schemas/draw-spec.js';

const quicknet = JSON.parse(
  readFileSync(new URL('../../fixtures/drand/quicknet.json', import.meta.url), 'utf8')
) as { rounds: { round: number; signature: string; randomness: string }[] };
const round123 = quicknet.rounds.find((r) => r.round === 123)!;

const secret = 'ab'.repeat(32);
const experts = Array.from({ length: 9 }, (_, i) => ({
  registryNo: `R-${String(i + 1).padStart(4, '0')}`,
  fullNameRu: `Эксперт ${i + 1}`,
  region: 'KZ-71' as const,
  languages: ['kk', 'ru'],
  directions: ['youth'],
  proposedBy: (i % 3 === 0 ? 'operator' : 'ngo') as 'operator' | 'ngo',
  organizations: [{ name: `Org ${i}` }],
}));
const spec: DrawSpec = DrawSpec.parse({
  version: 1,
  lotId: '7',
  method: 'adal-v1',
  size: 3,
  reserves: 2,
  quotas: [{ category: 'proposedBy', value: 'operator', max: 1 }],
  cooldownDays: 0,
  asOf: '2026-03-01',
  entropy: {
    drand: { chain: 'quicknet', chainHash: DRAND_CHAINS.quicknet.hash, round: 123 },
    publicSources: [],
  },
  witnesses: [{ id: 'W-1', name: 'Observer One', commitment: commitmentFor(secret) }],
  revealDeadline: '2023-08-23T15:15:00Z',
});

/** A whole draw's entries, built by the protocol functions themselves. */
function lifecycle() {
  const drawId = 'D-2026-0001';
  const pool = freezePool(experts);
  const announcement = buildAnnouncement({ drawId, spec, pool, exclusions: [] });
  const aHash = toHex(announcementHash(announcement));
  const { beacon } = verifyBeacon({ chain: 'quicknet', ...round123 });
  const seedInput = buildSeedInput(spec, aHash, {
    beacon: { chainHash: DRAND_CHAINS.quicknet.hash, round: 123, randomness: beacon.randomness },
    publicSources: [],
    reveals: [{ witnessId: 'W-1', secret }],
  });
  const seed = deriveSeed(seedInput);
  const result = runDraw(spec, pool, seed);
  const declined = replaceDecline(result, spec, pool.entries, result.commission[0]!);
  const fairness = {
    version: 1 as const,
    announcementHash: aHash,
    k: 10,
    poolSize: 9,
    size: 3,
    uniformPercent: '33.33%',
    entries: pool.entries.map((e) => ({
      registryNo: e.registryNo,
      count: 3,
      percent: '30.00%',
      flagged: false,
    })),
  };
  return [
    {
      type: 'draw.created',
      data: { drawId, lotId: 7, attempt: 2, previousDrawIds: ['D-2025-0003'], draft: {} },
    },
    { type: 'draw.draft_updated', data: { drawId, draft: { size: 3, reserves: 2 } } },
    { type: 'draw.witness_invited', data: { drawId, witnessId: 'W-1', name: 'Observer One' } },
    {
      type: 'draw.witness_committed',
      data: { drawId, witnessId: 'W-1', commitment: commitmentFor(secret) },
    },
    {
      type: 'draw.announced',
      data: { drawId, announcement, announcementHash: aHash, pool: pool.entries, fairness },
    },
    { type: 'draw.reveals_opened', data: { drawId } },
    {
      type: 'draw.reveal_rejected',
      data: { drawId, witnessId: 'W-1', secret: 'cd'.repeat(32), code: 'REVEAL_MISMATCH' },
    },
    { type: 'draw.revealed', data: { drawId, witnessId: 'W-1', secret } },
    { type: 'draw.reveals_closed', data: { drawId, missing: [] } },
    {
      type: 'draw.beacon',
      data: { drawId, ...beacon, chainHash: DRAND_CHAINS.quicknet.hash, source: 'relay' },
    },
    { type: 'draw.result', data: { drawId, seedInput, seed: toHex(seed), result } },
    {
      type: 'draw.declined',
      data: {
        drawId,
        registryNo: result.commission[0],
        steps: declined.steps,
        result: declined.result,
      },
    },
    { type: 'draw.closed', data: { drawId } },
  ];
}

describe('draw log entry schemas', () => {
  it('does accept every entry of a lifecycle built by the protocol functions', () => {
    for (const [i, e] of lifecycle().entries()) {
      const r = DrawEvent.safeParse(e);
      expect([i, e.type, r.success ? 'ok' : r.error.issues]).toEqual([i, e.type, 'ok']);
    }
  });

  it('does accept public sources and a cancellation', () => {
    const drawId = 'D-2026-0002';
    expect(
      DrawEvent.safeParse({
        type: 'draw.public_sources',
        data: { drawId, values: [{ id: 'lotto', value: [9, 2, 5, 12, 8] }] },
      }).success
    ).toBe(true);
    expect(
      DrawEvent.safeParse({ type: 'draw.cancelled', data: { drawId, reason: 'wrong lot' } }).success
    ).toBe(true);
  });

  it('when an entry has an unknown field, refuses it (strict)', () => {
    const r = DrawEvent.safeParse({
      type: 'draw.closed',
      data: { drawId: 'D-2026-0001', extra: 1 },
    });
    expect(r.success).toBe(false);
  });

  it('when the announcement names another draw, refuses it naming the field', () => {
    const announced = lifecycle().find((e) => e.type === 'draw.announced')!;
    const r = DrawEvent.safeParse({
      ...announced,
      data: { ...announced.data, drawId: 'D-2026-0009' },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('data.announcement.drawId');
  });

  it('when a cancellation has no reason or a draw id is malformed, refuses it', () => {
    expect(
      DrawEvent.safeParse({ type: 'draw.cancelled', data: { drawId: 'D-2026-0001', reason: ' ' } })
        .success
    ).toBe(false);
    expect(DrawEvent.safeParse({ type: 'draw.closed', data: { drawId: 'x' } }).success).toBe(false);
  });

  it('does list exactly the types of the union', () => {
    expect(DrawEventType.options).toEqual(Object.keys(DRAW_EVENT_DATA));
    expect(isDrawEventType('draw.result')).toBe(true);
    expect(isDrawEventType('registry.expert_updated')).toBe(false);
    expect(isDrawEventType('toString')).toBe(false);
  });
});
