/**
 * A ceremony's announcement with its lots' fairness reports computed in the fairness worker threads
 * (fairness-pool.ts), one task per lot, in parallel: the reports are seconds of CPU for large pools.
 * The transaction (ceremony-announce.ts) recomputes every lot's announcement from the database as it
 * is at commit and takes a report computed ahead only for the very announcement it was computed from.
 */
import type * as repo from '../../db/repos/draws.repo.js';
import type { DrawDeps } from './action.js';
import type { FairnessInput } from './announce.js';
import { announceCeremony, ceremonyFairnessInputs } from './ceremony-announce.js';
import { reportOffThread } from './fairness-pool.js';

export async function announceCeremonyOffThread(
  deps: DrawDeps,
  actor: string,
  id: string
): Promise<repo.DrawRecord> {
  let inputs: FairnessInput[] = [];
  try {
    inputs = ceremonyFairnessInputs({ db: deps.db, hasher: deps.tlog.hasher }, id);
  } catch {
    // the transaction below answers with the same error
  }
  const reports = await Promise.all(inputs.map((input) => reportOffThread(input)));
  return announceCeremony(deps, actor, id, new Map(inputs.map((x, i) => [x.hash, reports[i]!])));
}
