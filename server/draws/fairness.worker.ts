/**
 * The worker thread that computes fairness reports (fairness-pool.ts): K = 10,000 simulated draws
 * over a pool of thousands take seconds of CPU, which on the main thread would stall the live feed.
 * For an announcement of a draw in a database file it computes everything the announcement seals
 * (eligibility, the frozen pool — about 150 ms for 2,000 experts —, the announcement and the
 * report) over one snapshot of its own read-only connection, with the log's size in that snapshot:
 * the transaction on the main thread then uses it as it is when the log shows nothing since that
 * could change it. It also builds a ceremony's preview lot by lot, each with its report.
 */
import { nodeHasher } from '../../auditor/node-crypto.js';
import { readOnlyDb, inSnapshot } from '../workers/read-only-db.js';
import { serveTasks } from '../workers/serve.js';
import { announceParts, fairnessOf } from './announce.js';
import { ceremonyParts } from './ceremony-announce.js';
import { previewCeremonyLot } from './ceremony-preview.js';
import type { FairnessAnswer, FairnessTask } from './fairness-pool.js';

const hasher = nodeHasher();

function answer(task: FairnessTask): FairnessAnswer {
  if (task.kind === 'report') return { kind: 'report', report: fairnessOf(task.input, hasher) };
  const db = readOnlyDb(task.file);
  const deps = { db, clock: () => new Date(task.now), hasher };
  if (task.kind === 'ceremony-lot-preview') {
    const { preview, fairness } = previewCeremonyLot(deps, task.drawId, task.index);
    const lot = { ...preview, fairness: fairness && fairnessOf(fairness, hasher) };
    return { kind: 'ceremony-lot-preview', json: JSON.stringify(lot) };
  }
  if (task.kind === 'ceremony') {
    const { logSize, out } = inSnapshot(db, () => ceremonyParts(deps, task.drawId));
    return { kind: 'ceremony', ahead: out && JSON.stringify({ logSize, lots: out }) };
  }
  const { logSize, out } = inSnapshot(db, () => announceParts(deps, task.drawId));
  // as JSON: the main thread gets objects of its own (one parse), which the canonical serializer of
  // the log entry accepts as plain objects, and a string crosses as one copy
  return { kind: 'announce', ahead: out && JSON.stringify({ logSize, parts: out }) };
}

serveTasks(answer);
