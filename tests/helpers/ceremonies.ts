/**
 * Ceremony-test support (docs/LIFECYCLE.md §Ceremonies): the operator's ceremony calls over a
 * signed-in session, and a driver that takes a ceremony of a seeded competition's lots from "new" to
 * drawn with two witnesses and a pasted bare signature of a recorded round, and the input of
 * `adal draw replay` built from a ceremony's published bundle alone. Not a test file.
 */
import type { DeclineCategory } from '../../shared/schemas/decline-category.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { LotDraftOf } from '../../shared/schemas/ceremony-events.js';
import { commitmentFor } from '../../shared/seed.js';
import { withCsrf, type TestApp, type TestSession } from './app.js';
import type { TestDrandRelay } from './drand-relay.js';
import type { Bundle } from '../../shared/schemas/bundle.js';
import type { CeremonyReplayInput } from '../../shared/schemas/ceremony.js';
import { AFTER_ROUND, BEFORE_ROUND, ROUND, drawApi, witnessApi } from './draws.js';

/** Two witnesses' secrets (fixed: the test's results are then fixed too). */
export const SECRETS = ['a1'.repeat(32), 'b2'.repeat(32)] as const;

export function ceremonyApi(op: TestSession) {
  const post = (path: string, body: object = {}) =>
    op.agent.post(path).set(withCsrf(op)).send(body);
  return {
    ...drawApi(op),
    createCeremony: (lotIds: number[], draft?: DraftSpec, lotDrafts?: LotDraftOf[]) =>
      post('/api/ceremonies', { lotIds, draft, ...(lotDrafts ? { lotDrafts } : {}) }),
    patchLot: (id: string, lotId: number, body: object) =>
      op.agent.patch(`/api/draws/${id}/lots/${lotId}/draft`).set(withCsrf(op)).send(body),
    declineIn: (
      id: string,
      lotId: number,
      registryNo: string,
      category: DeclineCategory = 'declined',
      reason = 'declined by phone'
    ) => post(`/api/draws/${id}/declines`, { lotId, registryNo, category, reason }),
    closeLot: (id: string, lotId: number) => post(`/api/draws/${id}/lots/${lotId}/close`),
  };
}

/**
 * Creates a ceremony over `lotIds` and drives it to drawn: both witnesses invited, committing and
 * revealing; announced before the round; with the server offline, the round's bare signature (as the
 * test's relay serves it) pasted after its time; run. Returns the ceremony's id.
 */
export async function driveCeremony(
  t: TestApp,
  op: TestSession,
  witnesses: readonly TestSession[],
  relay: TestDrandRelay,
  lotIds: number[],
  draft: DraftSpec,
  lotDrafts?: LotDraftOf[]
): Promise<string> {
  const api = ceremonyApi(op);
  t.clock.set(BEFORE_ROUND);
  const id = (await api.createCeremony(lotIds, draft, lotDrafts).expect(201)).body.id as string;
  for (const [i, w] of witnesses.entries()) {
    await api.invite(id, w.user.username).expect(201);
    await witnessApi(w).commit(id, commitmentFor(SECRETS[i]!)).expect(200);
  }
  await api.announce(id).expect(200);
  await api.openReveals(id).expect(200);
  for (const [i, w] of witnesses.entries()) await witnessApi(w).reveal(id, SECRETS[i]!).expect(200);
  await api.closeReveals(id).expect(200);
  t.clock.set(AFTER_ROUND);
  const r = relay.recorded('quicknet').rounds.find((x) => x.round === ROUND)!;
  await api.pasteBeacon(id, r.signature).expect(200);
  await api.run(id).expect(200);
  return id;
}

type Data = Record<string, unknown>;

/**
 * The `adal draw replay` input of a ceremony (docs/PROTOCOL.md §Replaying a ceremony) from its bundle
 * alone: every lot in full (announcement, pool, its declines in log order), the reveals, the beacon
 * round and the logged seed as the expected one — an independent replay of the published inputs.
 */
export function ceremonyReplayInput(bundle: Bundle): CeremonyReplayInput {
  const of = (type: string) =>
    bundle.entries.filter((e) => e.entry.type === type).map((e) => e.entry.data as Data);
  const result = of('draw.result')[0] as { seedInput: { beacon: unknown }; seed: string };
  const beacon = of('draw.beacon')[0];
  const declines = of('draw.declined');
  return {
    version: 1,
    kind: 'ceremony',
    drawId: bundle.drawId,
    lots: of('draw.lot_sealed').map((s) => ({
      announcement: s['announcement'],
      pool: s['pool'],
      declines: declines.filter((d) => d['lotId'] === s['lotId']).map((d) => d['registryNo']),
    })),
    material: {
      beacon: result.seedInput.beacon,
      publicSources: of('draw.public_sources').flatMap((p) => p['values'] as unknown[]),
      reveals: of('draw.revealed').map((d) => ({ witnessId: d['witnessId'], secret: d['secret'] })),
    },
    ...(beacon
      ? {
          beaconRound: {
            chain: beacon['chain'],
            round: beacon['round'],
            signature: beacon['signature'],
            ...(beacon['previousSignature']
              ? { previousSignature: beacon['previousSignature'] }
              : {}),
            randomness: beacon['randomness'],
          },
        }
      : {}),
    expected: { seed: result.seed },
  } as CeremonyReplayInput;
}
