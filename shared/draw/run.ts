/**
 * runDraw (docs/PROTOCOL.md §Selection): the pure function from the announced spec, the frozen pool
 * and the randomness to every step and the result. Same inputs, same steps — in Node, in the browser
 * and in an auditor's re-implementation.
 */
import { completionExists, wholePoolView } from './completion.js';
import { orderOf, type DrawEntropy } from './order.js';
import { compileRules } from './compile-rules.js';
import { walk } from './select.js';
import { DrawError } from '../errors.js';
import { nobleHasher, type Hasher } from '../hash.js';
import type { DrawSpec } from '../schemas/draw-spec.js';
import type { FrozenPool, PoolEntry } from '../schemas/pool.js';
import type { DrawResult } from '../schemas/draw-result.js';

export function runDraw(
  spec: DrawSpec,
  pool: readonly PoolEntry[] | FrozenPool,
  entropy: DrawEntropy,
  hasher: Hasher = nobleHasher
): DrawResult {
  const entries: readonly PoolEntry[] = 'root' in pool ? pool.entries : pool;
  const rules = compileRules(spec, entries);
  // Announcement refuses infeasible rules; this guards callers that skip that check.
  if (entries.length < spec.size || !completionExists(rules, wholePoolView(rules)))
    throw new DrawError('INFEASIBLE', 'no commission from this pool satisfies the rules');
  const w = walk(rules, orderOf(spec, entries.length, entropy, hasher));
  const regNo = (i: number) => entries[i]!.registryNo;
  return {
    method: spec.method,
    steps: w.steps,
    commission: w.commission.map(regNo),
    reserves: w.reserves.map(regNo),
  };
}
