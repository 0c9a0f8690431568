/**
 * What a modified server does to re-roll: cancelDraw without its refusal once the seed can be
 * known (refuseReRoll), at whatever its clock says — the entry and the row written as the real
 * cancel writes them. The re-roll tests give it to the verifier and the audit to catch.
 */
import * as repo from '../../db/repos/draws.repo.js';
import { drawAction } from '../../server/draws/action.js';
import { getDraw } from '../../server/draws/draft.js';
import type { TestApp } from './app.js';

export function cancelAnyway(t: TestApp, username: string, id: string, reason: string): void {
  drawAction(t.ctx, username, (rec) => {
    const d = getDraw(t.ctx, id);
    repo.updateDraw(t.ctx.db, id, rec.at, {
      state: 'cancelled',
      cancelReason: reason,
      cancelledFrom: d.state,
      beaconNextRetryAt: null,
      endedAt: rec.at,
    });
    rec.record('draw.cancelled', { drawId: id, reason });
  });
}
