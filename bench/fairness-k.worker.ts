/**
 * The audit bench database's fairness reports (bench/audit-db.ts) in a worker thread: the server's
 * computation (server/draws/fairness.worker.ts, shared/draw/fairness.ts) with the K the bench asks for.
 */
import { nodeHasher } from '../auditor/node-crypto.js';
import { fromHex } from '../shared/bytes.js';
import { fairnessReport } from '../shared/draw/fairness.js';
import type { FairnessInput } from '../server/draws/announce.js';
import { serveTasks } from '../server/workers/serve.js';

const hasher = nodeHasher();
serveTasks(({ k, ...input }: FairnessInput & { k: number }) =>
  fairnessReport(input.spec, input.entries, fromHex(input.hash), k, hasher)
);
