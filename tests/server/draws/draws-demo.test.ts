/**
 * A whole ceremony on the deterministic demo registry (server/demo/seed.ts: 320 experts, conflicts,
 * suspended and excluded experts): quotas of the operator's practice (at most 30% proposed by the
 * operator, at least 70% by NGOs), a per-organization limit and a cooldown; two witnesses, one of
 * whom never reveals; the round fetched from the local relay of recorded real rounds; a decline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  REVEAL_DEADLINE,
  SECRET,
  baseDraft,
  drawApi,
  drawEntries,
  witnessApi,
} from '../../helpers/draws.js';
import { seedDemoIfEmpty } from '../../../server/demo/seed.js';
import { listLots } from '../../../db/repos/lots.repo.js';
import { commitmentFor } from '../../../shared/seed.js';
import { PublicDrawDetail } from '../../../shared/api/draws.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let alice: TestSession;
let bob: TestSession;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  seedDemoIfEmpty(t.ctx);
  op = await t.loginAs('operator');
  alice = await t.loginAs('observer');
  bob = await t.loginAs('observer');
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

describe('a ceremony on the demo registry', () => {
  it('does announce, draw and replace under the quotas, with every exclusion published', async () => {
    const api = drawApi(op);
    const lot = listLots(t.ctx.db)[0]!;
    const draft = baseDraft({
      size: 5,
      reserves: 3,
      quotas: [
        { category: 'proposedBy', value: 'operator', maxPercent: 30 },
        { category: 'proposedBy', value: 'ngo', minPercent: 70 },
      ],
      perOrganizationMax: 2,
      cooldownDays: 365,
      asOf: '2026-03-01',
    });
    const id = (await api.create(lot.id, draft).expect(201)).body.id;
    await api.invite(id, alice.user.username).expect(201);
    await api.invite(id, bob.user.username).expect(201);
    await witnessApi(alice).commit(id, COMMITMENT).expect(200);
    await witnessApi(bob)
      .commit(id, commitmentFor('0f'.repeat(32)))
      .expect(200);

    const preview = (await api.preview(id).expect(200)).body;
    expect(preview.feasibility.feasible).toBe(true);
    await api.announce(id).expect(200);
    const announced = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
    // a draw on the demo data is written as protocol version 2 like every new draw, though its rules
    // use no version 2 rule (docs/PROTOCOL.md §Versions)
    expect([announced.spec!.version, announced.spec!.perRegionMax]).toEqual([2, undefined]);
    expect(announced.pool.map((e) => e.registryNo)).toEqual(
      preview.eligible.map((e: { registryNo: string }) => e.registryNo)
    );
    expect(announced.exclusions).toEqual(preview.exclusions);
    expect(announced.exclusions.length).toBeGreaterThan(0);
    expect(new Set(announced.exclusions.map((e) => e.rule)).size).toBeGreaterThan(1);
    const pooled = new Set(announced.pool.map((e) => e.registryNo));
    for (const e of announced.exclusions) expect(pooled.has(e.registryNo)).toBe(false);
    expect(announced.fairness!.entries).toHaveLength(announced.pool.length);

    await api.openReveals(id).expect(200);
    await witnessApi(alice).reveal(id, SECRET).expect(200);
    t.clock.set(REVEAL_DEADLINE);
    await api.closeReveals(id).expect(200);
    t.clock.set(AFTER_ROUND);
    await api.fetchBeacon(id).expect(200);
    await api.run(id).expect(200);
    const drawn = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
    expect(drawn.seedInput!.missing).toEqual(['W-2']);
    expect(drawn.commission).toHaveLength(5);
    expect(drawn.reserves).toHaveLength(3);
    const byNo = new Map(drawn.pool.map((e) => [e.registryNo, e]));
    const operatorSeats = drawn.commission.filter((r) => byNo.get(r)!.proposedBy === 'operator');
    expect(operatorSeats.length).toBeLessThanOrEqual(1);

    await api.decline(id, drawn.commission[0]!).expect(200);
    await api.close(id).expect(200);
    const closed = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
    expect(closed.state).toBe('closed');
    expect(closed.log.map((e) => e.type)).toEqual([
      'draw.created',
      'draw.witness_invited',
      'draw.witness_invited',
      'draw.witness_committed',
      'draw.witness_committed',
      'draw.announced',
      'draw.reveals_opened',
      'draw.revealed',
      'draw.reveals_closed',
      'draw.beacon',
      'draw.result',
      'draw.declined',
      'draw.closed',
    ]);
    expect(closed.log).toEqual(drawEntries(t, id));
  });
});
