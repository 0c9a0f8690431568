/**
 * A real protocol version 2 draw with a region cap (perRegionMax), for the tests that need one: ten
 * experts of a direction of their own in three regions (four in KZ-71, three in KZ-75, three in KZ-10),
 * a lot of it, and a draw taken through the real operator API — at most one member per region and per
 * organization, public sources only (no drand round, no witnesses) — announced, revealed (nobody),
 * its sources published, run, one member's decline handled from the reserves, closed. With one seat
 * per region and four experts in KZ-71, the walk skips with REGION_LIMIT. Not a test file.
 */
import { createExpert } from '../../server/registry/experts.js';
import { createDirection, createLot } from '../../server/lots/lots.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { TestApp, TestSession } from './app.js';
import { drawApi } from './draws.js';

const REGIONS = [
  'KZ-71',
  'KZ-75',
  'KZ-10',
  'KZ-71',
  'KZ-75',
  'KZ-10',
  'KZ-71',
  'KZ-75',
  'KZ-10',
  'KZ-71',
];

/** The culture direction, its experts R-0101 … R-0110 and a lot of it in the competition. */
export function seedRegionLot(t: TestApp, competitionId: number): number {
  createDirection(t.ctx, 'setup', {
    code: 'culture',
    nameKk: 'Мәдениет',
    nameRu: 'Культура',
    nameEn: 'Culture',
  });
  REGIONS.forEach((region, i) =>
    createExpert(t.ctx, 'setup', {
      registryNo: `R-${String(101 + i).padStart(4, '0')}`,
      fullNameKk: `Әлімова Дана ${i + 1}`,
      fullNameRu: `Алимова Дана ${i + 1}`,
      directions: ['culture'],
      region,
      gender: i % 2 === 0 ? 'female' : 'male',
      organizations: [{ name: `ОО «Өнер ${i % 5}»`, role: 'member' }],
      languages: ['kk', 'ru'],
      proposedBy: i % 4 === 0 ? 'operator' : 'ngo',
    })
  );
  return createLot(t.ctx, 'setup', {
    competitionId,
    directionCode: 'culture',
    titleKk: 'Өңірлік мәдениет',
    titleRu: 'Региональная культура',
    applicants: [],
  }).id;
}

/** One member per region and per organization; the reveal deadline an hour after `now`. */
export function regionDraft(now: Date): DraftSpec {
  return {
    method: 'adal-v1',
    size: 3,
    reserves: 3,
    quotas: [{ category: 'gender', value: 'female', min: 1 }],
    perOrganizationMax: 1,
    perRegionMax: 1,
    cooldownDays: 0,
    asOf: now.toISOString().slice(0, 10),
    entropy: {
      publicSources: [{ id: 'lotto', description: 'Лото 6 из 49, тираж 2023-08-24' }],
    },
    revealDeadline: new Date(now.getTime() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function ok<T extends { status: number; body: unknown }>(what: string, res: T, status = 200): T {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res;
}

/** Takes a region-capped draw of `lotId` from draft to closed; returns its id. */
export async function runRegionDraw(op: TestSession, lotId: number, now: Date): Promise<string> {
  const api = drawApi(op);
  const id = ok('create', await api.create(lotId, regionDraft(now)), 201).body.id as string;
  ok('announce', await api.announce(id));
  ok('open', await api.openReveals(id));
  ok('close reveals', await api.closeReveals(id));
  ok('sources', await api.publicSources(id, [{ id: 'lotto', value: [7, 15, 21, 30, 38, 44] }]));
  const drawn = ok('run', await api.run(id)).body as { commission: string[] };
  ok('decline', await api.decline(id, drawn.commission[0]!));
  ok('close', await api.close(id));
  return id;
}
