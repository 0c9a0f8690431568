/**
 * A ceremony's preview over real HTTP (docs/LIFECYCLE.md §Ceremony routes): every feasible lot has
 * its fairness report, computed in the fairness workers (no lot previewed on the main thread), and
 * it is the very report the announcement then seals for that lot; an infeasible lot has none.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { BEFORE_ROUND, baseDraft, seedLot, witnessApi } from '../../helpers/draws.js';
import { SECRETS, ceremonyApi } from '../../helpers/ceremonies.js';
import { CeremonyPreview } from '../../../shared/api/ceremonies.js';
import { commitmentFor } from '../../../shared/seed.js';
import { previewedHere } from '../../../server/draws/ceremony-preview.js';

let t: TestApp;
let op: TestSession;
let lotIds: number[];
let id: string;

beforeAll(async () => {
  t = await startTestApp({ config: { DRAND_URLS: ['http://127.0.0.1:9'] } });
  ({ lotIds } = seedLot(t, 3));
  op = await t.loginAs('operator');
  const api = ceremonyApi(op);
  t.clock.set(BEFORE_ROUND);
  id = (await api.createCeremony(lotIds, baseDraft({ reserves: 1 })).expect(201)).body.id as string;
  for (const [i, w] of [await t.loginAs('observer'), await t.loginAs('observer')].entries()) {
    await api.invite(id, w.user.username).expect(201);
    await witnessApi(w).commit(id, commitmentFor(SECRETS[i]!)).expect(200);
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const preview = async () =>
  CeremonyPreview.parse((await ceremonyApi(op).preview(id).expect(200)).body);

describe('a ceremony preview', () => {
  it('does give an infeasible lot no report, the others theirs', async () => {
    const api = ceremonyApi(op);
    // 9 seats and a reserve from the 9 eligible experts: infeasible
    await api.patchLot(id, lotIds[1]!, { size: 9 }).expect(200);
    const p = await preview();
    expect(p.lots.map((l) => [l.lotId, l.feasibility?.feasible, l.fairness !== null])).toEqual([
      [lotIds[0], true, true],
      [lotIds[1], false, false],
      [lotIds[2], true, true],
    ]);
    await api.patchLot(id, lotIds[1]!, { size: null }).expect(200);
  });

  it('does compute every report off the main thread, the same the announcement seals', async () => {
    const before = previewedHere.count;
    const p = await preview();
    expect(previewedHere.count - before).toBe(0);
    expect(p.lots.every((l) => l.fairness !== null && l.fairness.k > 0)).toBe(true);
    await ceremonyApi(op).announce(id).expect(200);
    const sealed = t.ctx.tlog
      .entriesAbout('draw', id)
      .filter((r) => r.entry.type === 'draw.lot_sealed')
      .map((r) => (r.entry.data as { fairness: unknown }).fairness);
    expect(sealed).toHaveLength(3);
    expect(p.lots.map((l) => l.fairness)).toEqual(sealed);
  });
});
