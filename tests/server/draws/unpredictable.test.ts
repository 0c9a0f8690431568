/**
 * Unpredictable by construction (docs/PROTOCOL.md §Unpredictable by construction), through the real
 * API: announce refuses a seed that depends on no input unknown to the operator (no future drand
 * round, no witness) naming the rule; every public source needs a structured date (and time) after the
 * announcement, RFC 3797 mode included; a dated spec is protocol version 2. Refusals write nothing.
 * The clock is 2023-08-23T14:45:33Z, i.e. 19:45 on 2023-08-23 in Kazakhstan (UTC+5).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { BEFORE_ROUND, baseDraft, drawApi, drawEntries, seedLot } from '../../helpers/draws.js';
import type { DraftSpec } from '../../../shared/schemas/draw-draft.js';

let t: TestApp;
let op: TestSession;
let lotIds: number[];
let next = 0;

beforeAll(async () => {
  t = await startTestApp({ now: BEFORE_ROUND });
  lotIds = seedLot(t, 12).lotIds;
  op = await t.loginAs('operator');
});
afterAll(async () => {
  await t.close();
});

type Source = { id: string; description: string; date?: string; time?: string };

/** Public sources only: adal-v1 without a drand round (no witness), or rfc3797. */
function sourcesDraft(method: 'adal-v1' | 'rfc3797', sources: Source[]): DraftSpec {
  const d = baseDraft({ method });
  return { ...d, entropy: { publicSources: sources } };
}

async function announce(draft: DraftSpec) {
  t.clock.set(BEFORE_ROUND);
  const api = drawApi(op);
  const id = (await api.create(lotIds[next++]!, draft).expect(201)).body.id as string;
  const before = drawEntries(t, id).length;
  const res = await api.announce(id);
  if (res.status !== 200) expect(drawEntries(t, id)).toHaveLength(before);
  return res;
}

const TOMORROW: Source = { id: 'lotto', description: 'State lottery', date: '2023-08-24' };

describe('announce: the seed must not be known in advance', () => {
  it('when the seed has neither a future drand round nor a witness, answers 409 naming the rule', async () => {
    const res = await announce(sourcesDraft('adal-v1', [TOMORROW]));
    expect([res.status, res.body.error.code]).toEqual([409, 'DRAW_SEED_PREDICTABLE']);
    expect(res.body.error.message).toContain('unpredictable-seed');
    expect(res.body.error.message).toContain('witness');
  });

  it('when a public source has no date, answers 400 naming its date field', async () => {
    const res = await announce(
      baseDraft({
        entropy: {
          ...baseDraft().entropy!,
          publicSources: [{ id: 'lotto', description: 'State lottery' }],
        },
      })
    );
    expect([res.status, res.body.error.code]).toEqual([400, 'PUBLIC_SOURCE_UNDATED']);
    expect(res.body.error.issues[0].path).toBe('draft.entropy.publicSources.0.date');
  });

  it.each([
    ['a past date', { date: '2023-08-22' }],
    [
      'the same day without a time (the value may come at any moment of it)',
      { date: '2023-08-23' },
    ],
    ['a time already passed', { date: '2023-08-23', time: '19:45' }],
  ])('when a source has %s, answers 409 PUBLIC_SOURCE_NOT_FUTURE', async (_what, when) => {
    const res = await announce(
      baseDraft({
        entropy: {
          ...baseDraft().entropy!,
          publicSources: [{ id: 'lotto', description: 'State lottery', ...when }],
        },
      })
    );
    expect([res.status, res.body.error.code]).toEqual([409, 'PUBLIC_SOURCE_NOT_FUTURE']);
    expect(res.body.error.message).toContain('draft.entropy.publicSources.0.date');
  });

  it('when a source is dated later the same day, accepts it as protocol version 2', async () => {
    const later = { id: 'lotto', description: 'State lottery', date: '2023-08-23', time: '19:50' };
    const res = await announce(
      baseDraft({ entropy: { ...baseDraft().entropy!, publicSources: [later] } })
    );
    expect(res.status).toBe(200);
    expect(res.body.spec.version).toBe(2);
    expect(res.body.spec.entropy.publicSources).toEqual([later]);
  });

  it('when an RFC 3797 draw names a past-dated source, refuses it too, and accepts future ones', async () => {
    const past = await announce(
      sourcesDraft('rfc3797', [TOMORROW, { id: 'kase', description: 'KASE', date: '2023-08-01' }])
    );
    expect([past.status, past.body.error.code]).toEqual([409, 'PUBLIC_SOURCE_NOT_FUTURE']);
    expect(past.body.error.message).toContain('publicSources.1.date');
    const undated = await announce(sourcesDraft('rfc3797', [{ id: 'kase', description: 'KASE' }]));
    expect([undated.status, undated.body.error.code]).toEqual([400, 'PUBLIC_SOURCE_UNDATED']);
    const ok = await announce(sourcesDraft('rfc3797', [TOMORROW]));
    expect(ok.status).toBe(200);
  });

  it('when a time is given without a date, the draft itself answers 400 naming the field', async () => {
    const draft = sourcesDraft('rfc3797', [{ id: 'kase', description: 'KASE', time: '10:00' }]);
    const res = await drawApi(op).create(lotIds[next++]!, draft);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.issues)).toContain('publicSources.0.time');
  });
});
