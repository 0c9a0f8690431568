/**
 * Announcement through the API: the draft must be a complete spec (400 naming draft fields), every
 * witness must have committed, the drand round must be in the future and after the reveal deadline,
 * infeasible rules are refused with the protocol's explanation and suggested relaxation, and a frozen
 * pool never changes when the registry does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  ROUND_AT,
  baseDraft,
  drawApi,
  drawEntries,
  driveTo,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import { changeExpertStatus, updateExpert } from '../../../server/registry/experts.js';
import { poolRoot } from '../../../shared/pool.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];
let next = 0;
const lot = () => lotIds[next++]!;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 10).lotIds;
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});
afterAll(async () => {
  await t.close();
  await relay.close();
});

/** Announces a draft and expects a refusal; checks nothing was written. */
async function refused(id: string, status: number, code: string) {
  const before = drawEntries(t, id).length;
  const res = await drawApi(op).announce(id);
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(drawEntries(t, id)).toHaveLength(before);
  const d = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
  expect(d.state).toBe('draft');
  expect(d.pool).toEqual([]);
  return res.body.error;
}

describe('announcing a draw', () => {
  it('when the draft is incomplete, answers 400 naming the missing fields', async () => {
    t.clock.set(BEFORE_ROUND);
    const api = drawApi(op);
    const id = (await api.create(lot(), { method: 'adal-v1' }).expect(201)).body.id;
    const err = await refused(id, 400, 'DRAFT_INCOMPLETE');
    const paths = err.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['draft.size', 'draft.asOf', 'draft.revealDeadline'])
    );
    const preview = (await api.preview(id).expect(200)).body;
    expect(preview.spec).toBeNull();
    expect(preview.specIssues.map((i: { path: string }) => i.path)).toContain('draft.size');
    // the same issues as catalogue codes, for the console to tell in the user's language
    const required = { path: 'draft.size', code: 'required', params: {} };
    expect(err.issueCodes).toContainEqual(required);
    expect(preview.specIssueCodes).toContainEqual(required);
    await api.cancel(id, 'incomplete').expect(200);
  });

  it('when a witness has not committed, answers 409 WITNESS_NOT_COMMITTED', async () => {
    t.clock.set(BEFORE_ROUND);
    const api = drawApi(op);
    const id = (await api.create(lot(), baseDraft()).expect(201)).body.id;
    await api.invite(id, witness.user.username).expect(201);
    const err = await refused(id, 409, 'WITNESS_NOT_COMMITTED');
    expect(err.message).toContain('W-1');
    await api.cancel(id, 'no commitment').expect(200);
  });

  it('when the drand round is not in the future, answers 409 DRAW_ROUND_NOT_FUTURE', async () => {
    t.clock.set(ROUND_AT);
    const id = (await drawApi(op).create(lot(), baseDraft()).expect(201)).body.id;
    await refused(id, 409, 'DRAW_ROUND_NOT_FUTURE');
    await drawApi(op).cancel(id, 'old round').expect(200);
  });

  it('when the reveal deadline is not before the round, answers 400 naming the field', async () => {
    t.clock.set(BEFORE_ROUND);
    const late = baseDraft({ revealDeadline: AFTER_ROUND.toISOString() });
    const id = (await drawApi(op).create(lot(), late).expect(201)).body.id;
    const err = await refused(id, 400, 'REVEAL_DEADLINE_AFTER_ROUND');
    expect(err.issues).toEqual([expect.objectContaining({ path: 'draft.revealDeadline' })]);
    await drawApi(op).cancel(id, 'late deadline').expect(200);
  });

  it('when the rules cannot be met, answers 409 DRAW_INFEASIBLE with the explanation and a relaxation', async () => {
    t.clock.set(BEFORE_ROUND);
    // 3 operator-proposed experts are eligible (R-0003, R-0006, R-0009): a min of 4 cannot be met.
    const draft = baseDraft({
      size: 5,
      reserves: 0,
      quotas: [{ category: 'proposedBy', value: 'operator', min: 4 }],
      perOrganizationMax: 5,
    });
    const id = (await drawApi(op).create(lot(), draft).expect(201)).body.id;
    const err = await refused(id, 409, 'DRAW_INFEASIBLE');
    expect(err.message).toContain('lower min');
    expect(err.feasibility.feasible).toBe(false);
    expect(err.feasibility.problems[0]).toMatchObject({
      kind: 'quota-min',
      need: 4,
      available: 3,
    });
    expect(err.feasibility.suggestions).toEqual(
      expect.arrayContaining([expect.objectContaining({ change: 'lower-min', from: 4, to: 3 })])
    );
    const preview = (await drawApi(op).preview(id).expect(200)).body;
    expect(preview.feasibility).toEqual(err.feasibility);
    expect(preview.fairness).toBeNull();
    await drawApi(op).cancel(id, 'infeasible').expect(200);
  });

  it('does keep the frozen pool when the registry changes after announcement', async () => {
    const id = await driveTo(t, op, witness, lot(), 'announced');
    const before = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(before.pool.map((e: { registryNo: string }) => e.registryNo)).toContain('R-0001');
    changeExpertStatus(t.ctx, 'registrar', 'R-0001', 'exclude', { reason: 'left the registry' });
    updateExpert(t.ctx, 'registrar', 'R-0002', {
      region: 'KZ-75',
      fullNameRu: 'Другое Имя',
      proposedBy: 'operator',
    });
    const after = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(after.pool).toEqual(before.pool);
    expect(after.announcement).toEqual(before.announcement);
    expect(poolRoot(after.pool.map(({ poolNo: _n, ...e }: { poolNo: number }) => e))).toBe(
      after.announcement.pool.root
    );
    // The draw runs on the frozen pool: the excluded expert is still a candidate there.
    const w = witnessApi(witness);
    await drawApi(op).openReveals(id).expect(200);
    await w.reveal(id, '5e'.repeat(32)).expect(200);
    await drawApi(op).closeReveals(id).expect(200);
    t.clock.set(AFTER_ROUND);
    await drawApi(op).fetchBeacon(id).expect(200);
    const drawn = (await drawApi(op).run(id).expect(200)).body;
    expect(drawn.pool).toEqual(before.pool);
    const frozen = new Set(before.pool.map((e: { registryNo: string }) => e.registryNo));
    for (const s of drawn.steps) expect(frozen.has(s.registryNo)).toBe(true);
    const r2 = drawn.pool.find((e: { registryNo: string }) => e.registryNo === 'R-0002');
    expect(r2).toMatchObject({ region: 'KZ-71', nameRu: 'Сарсенов Ерлан 2', proposedBy: 'ngo' });
    // A new preview of a fresh draft already sees the registry change.
    t.clock.set(BEFORE_ROUND);
    const fresh = (await drawApi(op).create(lot(), baseDraft()).expect(201)).body.id;
    const preview = (await drawApi(op).preview(fresh).expect(200)).body;
    expect(preview.exclusions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ registryNo: 'R-0001', rule: 'STATUS_EXCLUDED' }),
      ])
    );
  });
});
