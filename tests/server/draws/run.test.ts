/**
 * Run, declines and public sources through the API: a decline is replaced by the next reserve in
 * order as recorded steps (a reserve who declines is withdrawn; with no reserve left the seat stays
 * vacant), never by a re-draw; RFC 3797 draws run from posted public-source values; a draw that names
 * both a drand round and a public source waits for both.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp, TestSession } from '../../helpers/app.js';
import type { TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  baseDraft,
  drawApi,
  drawEntries,
  driveTo,
  startDrawWorld,
  type DrawWorld,
} from '../../helpers/draws.js';
import { OperatorDrawDetail, PublicDrawDetail } from '../../../shared/api/draws.js';
import { runDraw } from '../../../shared/draw/run.js';
import { DRAND_CHAINS, roundTime } from '../../../shared/drand-chains.js';

let world: DrawWorld;
let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];

beforeAll(async () => {
  world = await startDrawWorld(4);
  ({ relay, t, op, witness, lotIds } = world);
});
afterAll(() => world.close());

const detail = async (id: string) =>
  PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`).expect(200)).body);

describe('declines after the draw', () => {
  it('does seat the next reserve in order, withdraw a declining reserve, and leave a seat vacant when none is left', async () => {
    const api = drawApi(op);
    const draft = baseDraft({ quotas: [], perOrganizationMax: 10, reserves: 3 });
    const id = await driveTo(t, op, witness, lotIds[0]!, 'drawn', draft);
    const drawn = await detail(id);
    const [m1, m2, m3] = drawn.commission as [string, string, string];
    const [r1, r2, r3] = drawn.reserves as [string, string, string];
    let n = drawn.steps.length;
    const decline = async (registryNo: string) => {
      const before = drawEntries(t, id).length;
      const res = await api.decline(id, registryNo).expect(200);
      expect(
        drawEntries(t, id)
          .slice(before)
          .map((e) => e.type)
      ).toEqual(['draw.declined']);
      const fresh = res.body.steps.slice(n);
      n = res.body.steps.length;
      return { d: await detail(id), fresh };
    };

    let { d, fresh } = await decline(m1);
    expect(d.commission).toEqual([r1, m2, m3]);
    expect(d.reserves).toEqual([r2, r3]);
    expect(fresh.map((s: { outcome: string }) => s.outcome)).toEqual(['declined', 'replacement']);
    expect(fresh[1].detail).toEqual({ replaces: m1 });

    ({ d, fresh } = await decline(r2));
    expect(fresh.map((s: { outcome: string }) => s.outcome)).toEqual(['withdrawn']);
    expect(d.reserves).toEqual([r3]);

    ({ d } = await decline(m2));
    expect(d.commission).toEqual([r1, r3, m3]);
    expect(d.reserves).toEqual([]);

    ({ d, fresh } = await decline(m3));
    expect(fresh.map((s: { outcome: string; rule?: string }) => [s.outcome, s.rule])).toEqual([
      ['declined', undefined],
      ['vacant', 'NO_RESERVE_FITS'],
    ]);
    expect(d.commission).toEqual([r1, r3]);
    expect(d.steps.map((s) => s.n)).toEqual(d.steps.map((_s, i) => i + 1));
    expect(d.replacements).toHaveLength(7);

    const notMember = await api.decline(id, m1).expect(409);
    expect(notMember.body.error.code).toBe('NOT_A_MEMBER');
    const unknown = await api.decline(id, 'R-9999').expect(400);
    expect(unknown.body.error.code).toBe('NOT_IN_POOL');

    const view = OperatorDrawDetail.parse((await api.get(id).expect(200)).body);
    expect(view.declines.map((x) => x.registryNo)).toEqual([m1, r2, m2, m3]);
    expect(view.declines[0]!.reason).toBe('declined by phone');
  });
});

describe('public sources', () => {
  it('does run an RFC 3797 draw from the posted values once every announced source is in', async () => {
    const api = drawApi(op);
    t.clock.set(BEFORE_ROUND);
    const draft = baseDraft({
      method: 'rfc3797',
      entropy: {
        publicSources: [
          { id: 'lotto-a', description: 'State lottery, main numbers', date: '2023-08-24' },
          { id: 'lotto-b', description: 'Weekly lottery', date: '2023-08-24', time: '21:00' },
        ],
      },
    });
    const id = (await api.create(lotIds[1]!, draft).expect(201)).body.id;
    await api.announce(id).expect(200);
    await api.openReveals(id).expect(200);
    await api.closeReveals(id).expect(200); // no witnesses: nothing to wait for
    t.clock.set(new Date('2023-08-24T16:00:00Z')); // both sources' dates have come
    const unknown = await api.publicSources(id, [{ id: 'lotto-c', value: [1] }]).expect(400);
    expect(unknown.body.error.issues[0].path).toBe('body.values.0.id');

    const a = await api
      .publicSources(id, [{ id: 'lotto-a', value: [9, 31, 2, 17, 5] }])
      .expect(200);
    expect(a.body.state).toBe('reveals_closed');
    expect(a.body.beaconStatus).toBeNull();
    const twice = await api.publicSources(id, [{ id: 'lotto-a', value: [1] }]).expect(400);
    expect(twice.body.error.code).toBe('PUBLIC_SOURCE_INVALID');
    // numbers written as one string would hash as the text "7123340/": refused, give an array
    const bare = await api.publicSources(id, [{ id: 'lotto-b', value: '7 12 33 40' }]).expect(400);
    expect(bare.body.error.issues[0].path).toBe('body.values.0.value');
    expect(bare.body.error.issues[0].message).toContain('give numbers as an array');
    const b = await api
      .publicSources(id, [{ id: 'lotto-b', value: ['7', '12', '33', '40'] }])
      .expect(200);
    expect(b.body.state).toBe('beacon_received');

    const drawn = await detail((await api.run(id).expect(200)).body.id);
    const replay = runDraw(
      drawn.spec!,
      drawn.pool.map(({ poolNo: _n, ...e }) => e),
      {
        rfc3797Sources: [
          [9, 31, 2, 17, 5],
          ['7', '12', '33', '40'],
        ],
      }
    );
    expect(drawn.steps).toEqual(replay.steps);
    expect(drawn.seedInput!.publicSources).toEqual([
      { id: 'lotto-a', text: '2.5.9.17.31./' },
      { id: 'lotto-b', text: '7.12.33.40./' },
    ]);
  });

  it('when a draw names a drand round and a public source, waits for both', async () => {
    const api = drawApi(op);
    const draft = baseDraft();
    draft.entropy = {
      ...draft.entropy!,
      publicSources: [{ id: 'lotto-a', description: 'State lottery', date: '2023-08-24' }],
    };
    const id = await driveTo(t, op, witness, lotIds[2]!, 'reveals_closed', draft);
    t.clock.set(AFTER_ROUND);
    const fetched = await api.fetchBeacon(id).expect(200);
    expect(fetched.body.state).toBe('reveals_closed');
    expect(fetched.body.beaconStatus).toBeNull();
    await api.run(id).expect(409);
    const again = await api.fetchBeacon(id).expect(409);
    expect(again.body.error.code).toBe('BEACON_ALREADY_RECEIVED');
    t.clock.set(new Date('2023-08-23T19:00:00Z')); // 2023-08-24 00:00 in Kazakhstan: its date came
    const done = await api.publicSources(id, [{ id: 'lotto-a', value: [4, 8, 15] }]).expect(200);
    expect(done.body.state).toBe('beacon_received');
    const drawn = (await api.run(id).expect(200)).body;
    expect(drawn.seedInput.beacon).not.toBeNull();
    expect(drawn.seedInput.publicSources).toEqual([{ id: 'lotto-a', text: '4.8.15./' }]);
  });
});

describe('the chained default drand chain', () => {
  it('does draw from a recorded round of the default chain, verified with its previous signature', async () => {
    const api = drawApi(op);
    const round = 72785;
    const at = roundTime('default', round) * 1000;
    const draft = baseDraft({
      asOf: '2020-08-16',
      revealDeadline: new Date(at - 60_000).toISOString(),
      entropy: {
        drand: { chain: 'default', chainHash: DRAND_CHAINS.default.hash, round },
        publicSources: [],
      },
    });
    t.clock.set(at - 3_600_000);
    const id = (await api.create(lotIds[3]!, draft).expect(201)).body.id;
    expect(id).toMatch(/^D-2020-/);
    await api.announce(id).expect(200);
    await api.openReveals(id).expect(200);
    await api.closeReveals(id).expect(200);
    t.clock.set(at + 30_000);
    const got = (await api.fetchBeacon(id).expect(200)).body;
    const recorded = relay.recorded('default').rounds.find((r) => r.round === round)!;
    expect(got.beacon).toMatchObject({
      chain: 'default',
      round,
      previousSignature: recorded.previous_signature,
      randomness: recorded.randomness,
      source: 'relay',
    });
    const drawn = (await api.run(id).expect(200)).body;
    expect(drawn.seedInput.beacon).toEqual({
      chainHash: DRAND_CHAINS.default.hash,
      round,
      randomness: recorded.randomness,
    });
  });
});
