/**
 * No re-roll (docs/PROTOCOL.md §No re-roll), through the real API: every lifecycle state × every
 * moment (before any input can be known, once a dated public source's time has come, once the drand
 * round's time has passed). Cancel is accepted only while no input of the seed can be known; otherwise
 * it answers 409 DRAW_CANCEL_TOO_LATE (or DRAW_STATE_CONFLICT in a final state) and changes nothing.
 * Declines stay possible after the result.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  ROUND_AT,
  baseDraft,
  drawApi,
  drawEntries,
  driveTo,
  startDrawWorld,
  PATH,
  type DrawWorld,
} from '../../helpers/draws.js';
import type { DrawState } from '../../../shared/api/draws.js';

const STATES: DrawState[] = [...PATH, 'cancelled'];
/** The dated source's value exists from 15:00Z (20:00 Kazakhstan time), 15 min before the round. */
const SOURCE_AT = new Date('2023-08-23T15:00:00Z');
const MOMENTS = {
  early: new Date(BEFORE_ROUND.getTime() + 60_000),
  'source-time': new Date(SOURCE_AT.getTime() + 60_000),
  'round-time': AFTER_ROUND,
} as const;
type Moment = keyof typeof MOMENTS;

/** A drand round and, for the source-time moment, a public source dated before it. */
function draftFor(moment: Moment) {
  const d = baseDraft();
  if (moment !== 'source-time') return d;
  return {
    ...d,
    entropy: {
      ...d.entropy!,
      publicSources: [
        { id: 'lotto', description: 'State lottery', date: '2023-08-23', time: '20:00' },
      ],
    },
  };
}

/** What cancel must answer in `state` at `moment`. */
function expected(state: DrawState, moment: Moment): [number, string | undefined] {
  if (state === 'closed' || state === 'cancelled') return [409, 'DRAW_STATE_CONFLICT'];
  if (['reveals_closed', 'beacon_received', 'drawn'].includes(state))
    return [409, 'DRAW_CANCEL_TOO_LATE'];
  if (state === 'draft' || moment === 'early') return [200, undefined];
  return [409, 'DRAW_CANCEL_TOO_LATE'];
}

let w: DrawWorld;
const cases: { state: DrawState; moment: Moment; id: string }[] = [];

beforeAll(async () => {
  const moments = Object.keys(MOMENTS) as Moment[];
  w = await startDrawWorld(STATES.length * moments.length);
  let lot = 0;
  for (const state of STATES)
    for (const moment of moments) {
      // a source's values are never posted here, so beyond reveals_closed the round alone is named
      const draft =
        PATH.indexOf(state) > PATH.indexOf('revealing') ? baseDraft() : draftFor(moment);
      const id = await driveTo(w.t, w.op, w.witness, w.lotIds[lot++]!, state, draft);
      cases.push({ state, moment, id });
    }
}, 120_000);
afterAll(async () => {
  await w.close();
});

describe('cancel once the seed can be known', () => {
  it('does check the moments against the round: the source first, then the round', () => {
    expect(MOMENTS.early.getTime()).toBeLessThan(SOURCE_AT.getTime());
    expect(MOMENTS['source-time'].getTime()).toBeLessThan(ROUND_AT.getTime());
    expect(MOMENTS['round-time'].getTime()).toBeGreaterThan(ROUND_AT.getTime());
  });

  it('does answer every state × moment as the rule says, and a refusal changes nothing', async () => {
    const seen: string[] = [];
    for (const c of cases) {
      w.t.clock.set(MOMENTS[c.moment]);
      const before = drawEntries(w.t, c.id).length;
      const res = await drawApi(w.op).cancel(c.id, 'try again');
      const [status, code] = expected(c.state, c.moment);
      expect([c.state, c.moment, res.status, res.body.error?.code]).toEqual([
        c.state,
        c.moment,
        status,
        code,
      ]);
      const after = await w.t.agent.get(`/api/public/draws/${c.id}`).expect(200);
      if (status === 200) {
        expect(after.body).toMatchObject({ state: 'cancelled', cancelledFrom: c.state });
        expect(drawEntries(w.t, c.id).length).toBe(before + 1);
      } else {
        expect(after.body.state).toBe(c.state);
        expect(drawEntries(w.t, c.id).length).toBe(before);
      }
      if (code === 'DRAW_CANCEL_TOO_LATE') {
        expect(res.body.error.message).toContain('no re-roll');
        seen.push(`${c.state}/${c.moment}`);
      }
    }
    // announced and revealing at two moments, three settled states at three
    expect(seen).toHaveLength(2 * 2 + 3 * 3);
  });

  it('does still take a decline after the result: problems go to the reserves', async () => {
    const drawn = cases.find((c) => c.state === 'drawn')!;
    const member = ((await drawApi(w.op).get(drawn.id)).body.commission as string[])[0]!;
    await drawApi(w.op).decline(drawn.id, member).expect(200);
  });
});
