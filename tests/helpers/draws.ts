/**
 * Draw-test support: a small real registry created through the registry services (a direction, a
 * competition, a lot with an applicant, experts — one tied to the applicant, one suspended), the
 * recorded real drand rounds' times, and an operator client for the draw API. Not a test file.
 *
 * Clock: recorded rounds are old (quicknet round 123 is produced at 2023-08-23T15:15:33Z), so tests
 * announce with the clock before that time and move it past the round to fetch.
 */
import { checkDigit } from '../../shared/bin.js';
import { DRAND_CHAINS, roundTime } from '../../shared/drand-chains.js';
import { commitmentFor } from '../../shared/seed.js';
import { createExpert } from '../../server/registry/experts.js';
import { createCompetition, createDirection, createLot } from '../../server/lots/lots.js';
import type { ExpertCreate } from '../../shared/api/registry.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DrawState } from '../../shared/api/draws.js';
import type { DeclineCategory } from '../../shared/schemas/decline-category.js';
import { startTestApp, withCsrf, type TestApp, type TestSession } from './app.js';
import { startDrandRelay, type TestDrandRelay } from './drand-relay.js';

/** A valid BIN from 11 leading digits (the first serial with a check digit). */
export function testBin(prefix: string): string {
  for (let s = 0; ; s++) {
    const first11 = prefix + String(s).padStart(11 - prefix.length, '0');
    const c = checkDigit(first11);
    if (c !== null) return first11 + String(c);
  }
}

export const APPLICANT_BIN = testBin('1203400');

export const ROUND = 123;
/** quicknet round 123 is produced at this instant */
export const ROUND_AT = new Date(roundTime('quicknet', ROUND) * 1000);
/** before the round: announce, commit, reveal */
export const BEFORE_ROUND = new Date(ROUND_AT.getTime() - 30 * 60_000);
export const REVEAL_DEADLINE = new Date(ROUND_AT.getTime() - 5 * 60_000);
export const AFTER_ROUND = new Date(ROUND_AT.getTime() + 60_000);

export const SECRET = '5e'.repeat(32);
export const COMMITMENT = commitmentFor(SECRET);

export interface SeededLot {
  lotId: number;
  lotIds: number[];
  competitionId: number;
  experts: ExpertCreate[];
}

/** A test expert R-n (direction youth, region KZ-71); `over` replaces fields. */
export function expert(n: number, over: Partial<ExpertCreate> = {}): ExpertCreate {
  return {
    registryNo: `R-${String(n).padStart(4, '0')}`,
    fullNameKk: `Сәрсенов Ерлан ${n}`,
    fullNameRu: `Сарсенов Ерлан ${n}`,
    directions: ['youth'],
    region: 'KZ-71',
    organizations: [],
    languages: ['kk', 'ru'],
    proposedBy: n % 3 === 0 ? 'operator' : 'ngo',
    ...over,
  };
}

/** Another lot of the seeded competition (direction youth, the same applicant). */
export function addLot(t: TestApp, competitionId: number): number {
  return createLot(t.ctx, 'setup', {
    competitionId,
    directionCode: 'youth',
    titleKk: 'Жастар бастамалары',
    titleRu: 'Молодёжные инициативы',
    applicants: [{ name: 'ОФ «Жас Қанат»', bin: APPLICANT_BIN }],
  }).id;
}

/**
 * A competition with `lots` lots of direction youth and 12 experts: R-0001 … R-0010 in youth (every
 * third proposed by the operator; R-0005 heads the applicant: a conflict of interest), R-0011 and
 * R-0012 in ecology. Returns the first lot's id and all lot ids.
 */
export function seedLot(t: TestApp, lots = 1): SeededLot {
  const deps = t.ctx;
  createDirection(deps, 'setup', {
    code: 'youth',
    nameKk: 'Жастар саясаты',
    nameRu: 'Молодёжная политика',
    nameEn: 'Youth policy',
  });
  createDirection(deps, 'setup', {
    code: 'ecology',
    nameKk: 'Экология',
    nameRu: 'Экология',
    nameEn: 'Ecology',
  });
  const c = createCompetition(deps, 'setup', {
    code: 'GR-2023',
    titleKk: 'Гранттар 2023',
    titleRu: 'Гранты 2023',
    year: 2023,
  });
  const lotIds = Array.from({ length: lots }, () => addLot(t, c.id));
  const experts: ExpertCreate[] = [];
  for (let n = 1; n <= 10; n++)
    experts.push(
      expert(n, {
        organizations: [
          n === 5
            ? { name: 'ОФ «Жас Қанат»', bin: APPLICANT_BIN, role: 'head' }
            : { name: `ОО «Ұйым ${n % 4}»`, bin: testBin(`0${n % 4}0540`), role: 'member' },
        ],
      })
    );
  experts.push(expert(11, { directions: ['ecology'] }), expert(12, { directions: ['ecology'] }));
  for (const e of experts) createExpert(deps, 'setup', e);
  return { lotId: lotIds[0]!, lotIds, competitionId: c.id, experts };
}

/** Rules that a 10-expert lot meets: 3 members, 2 reserves, at most 1 proposed by the operator. */
export function baseDraft(over: Partial<DraftSpec> = {}): DraftSpec {
  return {
    method: 'adal-v1',
    size: 3,
    reserves: 2,
    quotas: [{ category: 'proposedBy', value: 'operator', max: 1 }],
    perOrganizationMax: 2,
    cooldownDays: 0,
    asOf: '2023-08-23',
    entropy: {
      drand: { chain: 'quicknet', chainHash: DRAND_CHAINS.quicknet.hash, round: ROUND },
      publicSources: [],
    },
    revealDeadline: REVEAL_DEADLINE.toISOString().replace('.000Z', 'Z'),
    ...over,
  };
}

/** The operator's draw API over a signed-in session: each call returns the supertest response. */
export function drawApi(op: TestSession) {
  const post = (path: string, body: object = {}) =>
    op.agent.post(path).set(withCsrf(op)).send(body);
  return {
    create: (lotId: number, draft?: DraftSpec) => post('/api/draws', { lotId, draft }),
    patch: (id: string, body: object) =>
      op.agent.patch(`/api/draws/${id}/draft`).set(withCsrf(op)).send(body),
    get: (id: string) => op.agent.get(`/api/draws/${id}`),
    preview: (id: string) => op.agent.get(`/api/draws/${id}/preview`),
    invite: (id: string, username: string) => post(`/api/draws/${id}/witnesses`, { username }),
    announce: (id: string) => post(`/api/draws/${id}/announce`),
    openReveals: (id: string) => post(`/api/draws/${id}/reveals/open`),
    closeReveals: (id: string) => post(`/api/draws/${id}/reveals/close`),
    fetchBeacon: (id: string) => post(`/api/draws/${id}/beacon/fetch`),
    pasteBeacon: (id: string, beacon: unknown) => post(`/api/draws/${id}/beacon`, { beacon }),
    publicSources: (id: string, values: unknown[]) =>
      post(`/api/draws/${id}/public-sources`, { values }),
    run: (id: string) => post(`/api/draws/${id}/run`),
    decline: (
      id: string,
      registryNo: string,
      reason = 'declined by phone',
      category: DeclineCategory = 'declined'
    ) => post(`/api/draws/${id}/declines`, { registryNo, category, reason }),
    close: (id: string) => post(`/api/draws/${id}/close`),
    cancel: (id: string, reason: string) => post(`/api/draws/${id}/cancel`, { reason }),
  };
}

/** The witness's API over an observer session. */
export function witnessApi(w: TestSession) {
  return {
    invitations: () => w.agent.get('/api/witness/invitations'),
    commit: (id: string, commitment: string) =>
      w.agent.post(`/api/witness/draws/${id}/commitment`).set(withCsrf(w)).send({ commitment }),
    reveal: (id: string, secret: string) =>
      w.agent.post(`/api/witness/draws/${id}/reveal`).set(withCsrf(w)).send({ secret }),
  };
}

/** Log entries about one draw, straight from the log table (type and index, in order). */
export function drawEntries(t: TestApp, drawId: string): { index: number; type: string }[] {
  return t.ctx.db
    .prepare(
      `SELECT idx AS "index", type FROM log_entries WHERE subject_kind = 'draw' AND subject_id = ? ORDER BY idx`
    )
    .all(drawId) as { index: number; type: string }[];
}

/** The states a draw passes through on the way to closed. */
export const PATH: readonly DrawState[] = [
  'draft',
  'announced',
  'revealing',
  'reveals_closed',
  'beacon_received',
  'drawn',
  'closed',
];

/**
 * Drives a new draw of `lotId` to `target` through the API with one witness who commits and reveals
 * SECRET, moving the clock before the round to announce and after it to fetch. Returns its id.
 */
export async function driveTo(
  t: TestApp,
  op: TestSession,
  witness: TestSession,
  lotId: number,
  target: DrawState,
  draft: DraftSpec = baseDraft()
): Promise<string> {
  const api = drawApi(op);
  const w = witnessApi(witness);
  t.clock.set(BEFORE_ROUND);
  const id = (await api.create(lotId, draft).expect(201)).body.id as string;
  const reached = (s: DrawState) =>
    target !== 'cancelled' && PATH.indexOf(target) >= PATH.indexOf(s);
  await api.invite(id, witness.user.username).expect(201);
  await w.commit(id, COMMITMENT).expect(200);
  if (target === 'cancelled') {
    await api.cancel(id, 'test').expect(200);
    return id;
  }
  if (reached('announced')) await api.announce(id).expect(200);
  if (reached('revealing')) {
    await api.openReveals(id).expect(200);
    await w.reveal(id, SECRET).expect(200);
  }
  if (reached('reveals_closed')) await api.closeReveals(id).expect(200);
  if (reached('beacon_received')) {
    t.clock.set(AFTER_ROUND);
    await api.fetchBeacon(id).expect(200);
  }
  if (reached('drawn')) await api.run(id).expect(200);
  if (reached('closed')) await api.close(id).expect(200);
  return id;
}

/** A test app fetching from a local drand relay, with lots seeded and two people signed in. */
export interface DrawWorld {
  relay: TestDrandRelay;
  t: TestApp;
  op: TestSession;
  /** an observer, who can be a draw's witness */
  witness: TestSession;
  lotIds: number[];
  close(): Promise<void>;
}

export async function startDrawWorld(lots: number): Promise<DrawWorld> {
  const relay = await startDrandRelay();
  const t = await startTestApp({ config: { DRAND_URL: relay.url } });
  const { lotIds } = seedLot(t, lots);
  const op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  return {
    relay,
    t,
    op,
    witness,
    lotIds,
    close: async () => {
      await t.close();
      await relay.close();
    },
  };
}
