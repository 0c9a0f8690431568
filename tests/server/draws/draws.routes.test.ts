/**
 * The draw lifecycle through the operator, witness and public APIs on a real app (real SQLite file,
 * real HTTP, real transparency log) with a real local drand relay serving recorded real rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  ROUND,
  SECRET,
  baseDraft,
  drawApi,
  drawEntries,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import { buildSeedInput, deriveSeed } from '../../../shared/seed.js';
import { runDraw } from '../../../shared/draw/run.js';
import { poolRoot } from '../../../shared/pool.js';
import { announcementHash } from '../../../shared/announcement.js';
import { toHex } from '../../../shared/bytes.js';
import { PublicDrawDetail } from '../../../shared/api/draws.js';
import type { DrawEntryEvent } from '../../../server/draws/events-bus.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotId: number;
const heard: DrawEntryEvent[] = [];

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  lotId = seedLot(t).lotId;
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
  t.ctx.drawEvents!.on('entry', (e) => heard.push(e));
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

describe('a full draw lifecycle', () => {
  it('does walk draft → closed, one log entry per action, and publish everything needed to re-check it', async () => {
    const api = drawApi(op);
    const w = witnessApi(witness);
    const expectOneEntry = async (
      id: string,
      type: string,
      action: () => PromiseLike<{ status: number; body: unknown }>,
      status = 200
    ) => {
      const before = drawEntries(t, id).length;
      const res = await action();
      expect([type, res.status]).toEqual([type, status]);
      const after = drawEntries(t, id);
      expect(after.length).toBe(before + 1);
      expect(after.at(-1)!.type).toBe(type);
      return res.body as Record<string, unknown>;
    };

    const created = await api.create(lotId, baseDraft()).expect(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^D-2023-\d{4}$/);
    expect(created.body).toMatchObject({ state: 'draft', attempt: 1, previousAttempts: [] });
    expect(drawEntries(t, id).map((e) => e.type)).toEqual(['draw.created']);

    await expectOneEntry(id, 'draw.draft_updated', () => api.patch(id, { reserves: 2 }));
    await expectOneEntry(
      id,
      'draw.witness_invited',
      () => api.invite(id, witness.user.username),
      201
    );
    await expectOneEntry(id, 'draw.witness_committed', () => w.commit(id, COMMITMENT));

    const preview = (await api.preview(id).expect(200)).body;
    expect(preview.specIssues).toEqual([]);
    expect(preview.eligible).toHaveLength(9);
    expect(preview.exclusions).toEqual([
      expect.objectContaining({ registryNo: 'R-0005', rule: 'CONFLICT_OF_INTEREST' }),
    ]);
    expect(preview.feasibility).toEqual({ feasible: true, problems: [], suggestions: [] });
    expect(preview.fairness.entries).toHaveLength(9);
    expect(drawEntries(t, id)).toHaveLength(4);

    const announced = await expectOneEntry(id, 'draw.announced', () => api.announce(id));
    expect(announced.state).toBe('announced');
    expect(announced.pool).toHaveLength(9);
    await expectOneEntry(id, 'draw.reveals_opened', () => api.openReveals(id));
    await expectOneEntry(id, 'draw.revealed', () => w.reveal(id, SECRET));
    const closed = await expectOneEntry(id, 'draw.reveals_closed', () => api.closeReveals(id));
    expect(closed.beaconStatus).toMatchObject({ lastError: null, attempts: 0 });

    t.clock.set(AFTER_ROUND);
    const fetched = await expectOneEntry(id, 'draw.beacon', () => api.fetchBeacon(id));
    expect(fetched.state).toBe('beacon_received');
    expect(fetched.beacon).toMatchObject({ round: ROUND, source: 'relay', verified: true });

    const drawn = await expectOneEntry(id, 'draw.result', () => api.run(id));
    expect(drawn.state).toBe('drawn');
    expect(drawn.commission).toHaveLength(3);
    expect(drawn.reserves).toHaveLength(2);

    const member = (drawn.commission as string[])[1]!;
    const declined = await expectOneEntry(id, 'draw.declined', () => api.decline(id, member));
    expect(declined.commission).not.toContain(member);
    expect(declined.replacements).toEqual(
      expect.arrayContaining([expect.objectContaining({ registryNo: member, outcome: 'declined' })])
    );
    await expectOneEntry(id, 'draw.closed', () => api.close(id));

    // The public view re-checks from published data alone.
    const pub = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    const detail = PublicDrawDetail.parse(pub);
    expect(detail.state).toBe('closed');
    expect(poolRoot(detail.pool.map(({ poolNo: _n, ...e }) => e))).toBe(
      detail.announcement!.pool.root
    );
    expect(toHex(announcementHash(detail.announcement!))).toBe(detail.announcementHash);
    const seedInput = buildSeedInput(detail.spec!, detail.announcementHash!, {
      beacon: {
        chainHash: detail.beacon!.chainHash,
        round: detail.beacon!.round,
        randomness: detail.beacon!.randomness,
      },
      publicSources: detail.publicSources,
      reveals: detail.witnesses.map((x) => ({ witnessId: x.id, secret: x.secret! })),
    });
    expect(toHex(deriveSeed(seedInput))).toBe(detail.seed);
    const replay = runDraw(
      detail.spec!,
      detail.pool.map(({ poolNo: _n, ...e }) => e),
      deriveSeed(seedInput)
    );
    expect(detail.steps.slice(0, replay.steps.length)).toEqual(replay.steps);
    expect(detail.log.map((e) => e.type)).toEqual(drawEntries(t, id).map((e) => e.type));
    expect(JSON.stringify(pub)).not.toContain(witness.user.username);
    expect(JSON.stringify(pub)).not.toContain('declined by phone');

    // The bus heard every entry after its commit, in log order.
    expect(heard.filter((e) => e.drawId === id).map((e) => e.logIndex)).toEqual(
      drawEntries(t, id).map((e) => e.index)
    );
  });
});
