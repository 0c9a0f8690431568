/**
 * The worker thread that computes fairness reports (fairness-pool.ts): K = 10,000 simulated draws
 * over a pool of thousands take seconds of CPU, which on the main thread would stall the live feed.
 */
import { nodeHasher } from '../../auditor/node-crypto.js';
import { serveTasks } from '../workers/serve.js';
import { fairnessOf, type FairnessInput } from './announce.js';

const hasher = nodeHasher();
serveTasks((input: FairnessInput) => fairnessOf(input, hasher));
