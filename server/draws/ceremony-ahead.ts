/**
 * A ceremony's announcement with what it seals computed off the event loop (as announceDrawOffThread
 * does for one draw, fairness-pool.ts). A database file: a fairness worker freezes every lot's pool
 * and builds its announcement over one snapshot (fairness.worker.ts, task 'ceremony'), then each
 * lot's fairness report is computed in the fairness workers in parallel, and the transaction
 * (ceremony-announce.ts) uses it all unless the log shows a change since. In memory: the lots are
 * sealed here for the reports' inputs, and again in the transaction.
 */
import type * as repo from '../../db/repos/draws.repo.js';
import type { DrawDeps } from './action.js';
import {
  announceCeremony,
  ceremonyParts,
  fairnessInputOf,
  type LotParts,
} from './ceremony-announce.js';
import { fairnessPool, reportOffThread } from './fairness-pool.js';
import { getDraw } from './draft.js';

export async function announceCeremonyOffThread(
  deps: DrawDeps,
  actor: string,
  id: string
): Promise<repo.DrawRecord> {
  // Only a draft is announced: anything else fails below at once, with nothing computed for nothing.
  if (getDraw(deps, id).state !== 'draft') return announceCeremony(deps, actor, id);
  let ahead: { logSize: number; lots: LotParts[] } | null = null;
  if (!deps.db.memory) {
    const a = await fairnessPool().run({
      kind: 'ceremony',
      file: deps.db.name,
      drawId: id,
      now: deps.clock().getTime(),
    });
    if (a.kind !== 'ceremony') throw new Error('the fairness worker answered another task');
    ahead =
      a.ahead === null ? null : (JSON.parse(a.ahead) as { logSize: number; lots: LotParts[] });
  } else {
    try {
      const lots = ceremonyParts({ db: deps.db, hasher: deps.tlog.hasher }, id);
      // the transaction seals every lot again, from the database as it is at commit
      ahead = lots && { logSize: -1, lots };
    } catch {
      // the transaction below answers with the same error
    }
  }
  if (!ahead) return announceCeremony(deps, actor, id);
  const reports = await Promise.all(ahead.lots.map((l) => reportOffThread(fairnessInputOf(l))));
  const lots = ahead.lots.map((l, i) => ({ ...l, fairness: reports[i]! }));
  return announceCeremony(deps, actor, id, { logSize: ahead.logSize, lots });
}
