/**
 * The state machine through the real API: in every state, every action that state does not allow
 * answers 409 DRAW_STATE_CONFLICT naming the current and required states, and changes nothing (no
 * log entry, same state).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  COMMITMENT,
  PATH,
  SECRET,
  drawApi,
  drawEntries,
  driveTo,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import { ALLOWED_FROM, TRANSITIONS, type DrawAction } from '../../../server/draws/states.js';
import { DrawState } from '../../../shared/api/draws.js';

/** The documented table (docs/LIFECYCLE.md), written out independently of the code. */
const ALLOWED: Record<DrawAction, DrawState[]> = {
  updateDraft: ['draft'],
  inviteWitness: ['draft'],
  commit: ['draft'],
  announce: ['draft'],
  openReveals: ['announced'],
  reveal: ['revealing'],
  closeReveals: ['revealing'],
  beacon: ['reveals_closed'],
  publicSources: ['reveals_closed'],
  run: ['beacon_received'],
  decline: ['drawn'],
  close: ['drawn'],
  cancel: ['draft', 'announced', 'revealing'],
};

/** Where cancel answers DRAW_CANCEL_TOO_LATE instead (no re-roll: tests/server/draws/no-reroll.test.ts). */
const SEED_KNOWABLE: DrawState[] = ['reveals_closed', 'beacon_received', 'drawn'];

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let other: TestSession;
const drawIn = {} as Record<DrawState, string>;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URL: relay.url } });
  const { lotIds } = seedLot(t, DrawState.options.length);
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
  other = await t.loginAs('observer');
  for (const [i, s] of [...PATH, 'cancelled' as const].entries())
    drawIn[s] = await driveTo(t, op, witness, lotIds[i]!, s);
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

describe('the draw state machine', () => {
  it('does document the same table the service enforces', () => {
    expect(ALLOWED_FROM).toEqual(ALLOWED);
    for (const tr of TRANSITIONS) expect(ALLOWED[tr.action]).toContain(tr.from);
  });

  it('does reach every state through the API', async () => {
    for (const s of DrawState.options) {
      const res = await t.agent.get(`/api/public/draws/${drawIn[s]}`).expect(200);
      expect([s, res.body.state]).toEqual([s, s]);
    }
  });

  it('when an action comes in the wrong state, answers 409 DRAW_STATE_CONFLICT and changes nothing', async () => {
    const api = drawApi(op);
    const w = witnessApi(witness);
    const call: Record<
      DrawAction,
      (
        id: string
      ) => PromiseLike<{ status: number; body: { error?: { code: string; message: string } } }>
    > = {
      updateDraft: (id) => api.patch(id, { reserves: 1 }),
      inviteWitness: (id) => api.invite(id, other.user.username),
      commit: (id) => w.commit(id, COMMITMENT),
      announce: (id) => api.announce(id),
      openReveals: (id) => api.openReveals(id),
      reveal: (id) => w.reveal(id, SECRET),
      closeReveals: (id) => api.closeReveals(id),
      beacon: (id) => api.fetchBeacon(id),
      publicSources: (id) => api.publicSources(id, [{ id: 'lotto', value: [1, 2, 3] }]),
      run: (id) => api.run(id),
      decline: (id) => api.decline(id, 'R-0001'),
      close: (id) => api.close(id),
      cancel: (id) => api.cancel(id, 'wrong order'),
    };
    let checked = 0;
    for (const s of DrawState.options) {
      const id = drawIn[s];
      for (const action of Object.keys(call) as DrawAction[]) {
        if (ALLOWED[action].includes(s)) continue;
        if (action === 'cancel' && SEED_KNOWABLE.includes(s)) continue;
        const before = drawEntries(t, id).length;
        const res = await call[action](id);
        expect([s, action, res.status, res.body.error?.code]).toEqual([
          s,
          action,
          409,
          'DRAW_STATE_CONFLICT',
        ]);
        expect(res.body.error!.message).toContain(`is ${s}`);
        expect(res.body.error!.message).toContain(ALLOWED[action].join(' or '));
        expect(drawEntries(t, id).length).toBe(before);
        checked++;
      }
      const after = await t.agent.get(`/api/public/draws/${id}`).expect(200);
      expect(after.body.state).toBe(s);
    }
    expect(checked).toBeGreaterThan(70);
  });

  it('when a pasted beacon comes in the wrong state, answers 409 as well', async () => {
    const round = relay.recorded('quicknet').rounds.find((r) => r.round === 123)!;
    for (const s of ['draft', 'revealing', 'drawn', 'cancelled'] as const) {
      const res = await drawApi(op).pasteBeacon(drawIn[s], JSON.stringify(round));
      expect([s, res.status, res.body.error.code]).toEqual([s, 409, 'DRAW_STATE_CONFLICT']);
    }
  });
});
