/**
 * A real protocol version 2 draw with a region cap (perRegionMax), for the tests that need one: ten
 * experts of a direction of their own in three regions (four in KZ-71, three in KZ-75, three in KZ-10),
 * a lot of it, and a draw taken through the real operator API — at most one member per region and per
 * organization, a public source dated a few minutes ahead (date and time) and one witness (no drand round: the witness makes
 * the seed unpredictable at announcement) — announced, revealed, its sources published, run, one member's decline handled from the reserves, closed. With one seat
 * per region and four experts in KZ-71, the walk skips with REGION_LIMIT. Not a test file.
 */
import { createExpert } from '../../server/registry/experts.js';
import { createDirection, createLot } from '../../server/lots/lots.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import { sourceInstantMs } from '../../shared/seed-knowable.js';
import type { TestApp, TestSession } from './app.js';
import { COMMITMENT, SECRET, drawApi, witnessApi } from './draws.js';

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
/**
 * The Kazakhstan date and time (UTC+5) of the first whole minute at least `minutes` after `now`: a
 * source dated then is after the announcement, and its value may be posted a few minutes later
 * (moving the clock less than a session's idle time).
 */
function kzMinuteAfter(now: Date, minutes: number): { date: string; time: string } {
  const at = Math.ceil((now.getTime() + minutes * 60_000) / 60_000) * 60_000;
  const kz = new Date(at + 5 * 3_600_000).toISOString();
  return { date: kz.slice(0, 10), time: kz.slice(11, 16) };
}

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
      publicSources: [
        { id: 'lotto', description: 'Лото 6 из 49, тираж', ...kzMinuteAfter(now, 2) },
      ],
    },
    revealDeadline: new Date(now.getTime() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function ok<T extends { status: number; body: unknown }>(what: string, res: T, status = 200): T {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res;
}

/** Takes a region-capped draw of `lotId` from draft to closed at the app's clock; returns its id. */
export async function runRegionDraw(t: TestApp, op: TestSession, lotId: number): Promise<string> {
  const api = drawApi(op);
  const witness = await t.loginAs('observer');
  const w = witnessApi(witness);
  const draft = regionDraft(t.clock.now());
  const id = ok('create', await api.create(lotId, draft), 201).body.id as string;
  ok('invite', await api.invite(id, witness.user.username), 201);
  ok('commit', await w.commit(id, COMMITMENT));
  ok('announce', await api.announce(id));
  ok('open', await api.openReveals(id));
  ok('reveal', await w.reveal(id, SECRET));
  ok('close reveals', await api.closeReveals(id));
  // the source's value exists from its date and time on: post it then
  const atDate = new Date(sourceInstantMs(draft.entropy!.publicSources[0]!)!);
  if (t.clock.now() < atDate) t.clock.set(atDate);
  ok('sources', await api.publicSources(id, [{ id: 'lotto', value: [7, 15, 21, 30, 38, 44] }]));
  const drawn = ok('run', await api.run(id)).body as { commission: string[] };
  ok('decline', await api.decline(id, drawn.commission[0]!));
  ok('close', await api.close(id));
  return id;
}
