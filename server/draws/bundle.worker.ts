/**
 * The worker thread that assembles large bundles (bundle.ts): reading, parsing and serializing the
 * entries of a draw over a pool of thousands — megabytes of JSON — would stall the live feed on the
 * main thread. The worker reads the entries over its own read-only connection to the database file
 * (they are below a signed checkpoint: committed, and never change) and answers with the JSON text.
 */
import { readOnlyDb } from '../workers/read-only-db.js';
import { serveTasks } from '../workers/serve.js';
import { bundleJson, type BundlePlan } from './bundle-assembly.js';

export interface BundleTask {
  file: string;
  plan: BundlePlan;
}

serveTasks(({ file, plan }: BundleTask): string => bundleJson(readOnlyDb(file), plan));
