/**
 * Closing a draw records that its commission sat: each member's lastCommissionOn becomes the closing
 * day (Kazakhstan time) through the registry service — with history and a log entry — so a later
 * draw's cooldown rule excludes them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp, TestSession } from '../../helpers/app.js';
import {
  AFTER_ROUND,
  baseDraft,
  driveTo,
  startDrawWorld,
  type DrawWorld,
} from '../../helpers/draws.js';
import { PublicDrawDetail } from '../../../shared/api/draws.js';

let world: DrawWorld;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotIds: number[];

beforeAll(async () => {
  world = await startDrawWorld(2);
  ({ t, op, witness, lotIds } = world);
});
afterAll(() => world.close());

describe('closing a draw', () => {
  it('does set the members’ last-commission date, so a later cooldown excludes them', async () => {
    const draft = baseDraft({ quotas: [], perOrganizationMax: 10, reserves: 2 });
    const id = await driveTo(t, op, witness, lotIds[0]!, 'closed', draft);
    const closed = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
    const today = new Date(AFTER_ROUND.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
    for (const registryNo of closed.commission) {
      const e = await op.agent.get(`/api/experts/${registryNo}`).expect(200);
      expect(e.body.lastCommissionOn).toBe(today);
      const h = await op.agent.get(`/api/experts/${registryNo}/history`).expect(200);
      expect(JSON.stringify(h.body)).toContain(today);
    }
    const ex = await op.agent
      .get(`/api/lots/${lotIds[1]}/exclusions?asOf=${today}&cooldownDays=30`)
      .expect(200);
    const cooled = (ex.body.exclusions as { registryNo: string; rule: string }[])
      .filter((x) => x.rule === 'COOLDOWN')
      .map((x) => x.registryNo)
      .sort();
    expect(cooled).toEqual([...closed.commission].sort());
    // a reserve did not sit, so no cooldown for them
    for (const r of closed.reserves) expect(cooled).not.toContain(r);
  });
});
