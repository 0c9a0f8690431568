/**
 * tests/vectors/feasibility.json (docs/PROTOCOL.md §Feasibility predicate): our predicate
 * (shared/draw/completion.ts) gives each case's expected answer — among them the hard case of issue
 * 15, a 1,954-expert pool with 2 women and 3 men still needed for 4 open seats. The reference search's
 * call count and bound are checked on adal_ref.py by tests/conformance/conformance.test.ts.
 */
import { readFileSync } from 'node:fs';
import { compareUtf8 } from '../../../shared/bytes.js';
import { compileRules } from '../../../shared/draw/compile-rules.js';
import { keysOf } from '../../../shared/draw/cap-keys.js';
import { completionExists, type CompletionView } from '../../../shared/draw/completion.js';
import type { DrawSpec } from '../../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../../shared/schemas/pool.js';
import { makeSpec } from '../../helpers/draw-fixtures.js';

interface Case {
  id: string;
  spec: Partial<DrawSpec>;
  poolGroups: { prefix: string; count: number; entry: Omit<PoolEntry, 'registryNo'> }[];
  accepted: string[];
  expected: { complete: boolean; calls: number; bound: number };
}

const vector = JSON.parse(readFileSync('tests/vectors/feasibility.json', 'utf8')) as {
  cases: Case[];
};

/** The vector's pool: `count` entries per group, registryNo <prefix>-<4 digits>, pool order. */
function expandPool(c: Case): PoolEntry[] {
  return c.poolGroups
    .flatMap((g) =>
      Array.from({ length: g.count }, (_, i) => ({
        ...g.entry,
        registryNo: `${g.prefix}-${String(i + 1).padStart(4, '0')}`,
      }))
    )
    .sort((a, b) => compareUtf8(a.registryNo, b.registryNo));
}

it.each(vector.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  const pool = expandPool(c);
  const rules = compileRules(makeSpec(c.spec), pool);
  const accepted = new Set(c.accepted.map((r) => pool.findIndex((e) => e.registryNo === r)));
  const view: CompletionView = {
    cntQ: new Int32Array(rules.quotas.length),
    cntK: new Int32Array(rules.keys.capacity),
    seats: rules.size - accepted.size,
    remBySig: new Int32Array(rules.sigQuotas.length),
    available: new Uint8Array(pool.length),
  };
  pool.forEach((_, x) => {
    if (accepted.has(x)) {
      for (const b of rules.sigQuotas[rules.sigOf[x]!]!) view.cntQ[b] = view.cntQ[b]! + 1;
      for (const k of keysOf(rules, x)) view.cntK[k] = view.cntK[k]! + 1;
    } else {
      view.available[x] = 1;
      view.remBySig[rules.sigOf[x]!] = view.remBySig[rules.sigOf[x]!]! + 1;
    }
  });
  expect(completionExists(rules, view)).toBe(c.expected.complete);
});
