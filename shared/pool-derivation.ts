/**
 * A frozen pool re-derived from the registry as the log says it was (docs/PROTOCOL.md §Pool
 * re-derivation): for an announced spec, the lot `spec.lotId` of the replayed registry
 * (shared/registry-replay.ts), every expert whose directions include the lot's direction, every
 * declaration and the conflict kinds in their order are put through the eligibility rules
 * (shared/eligibility.ts) on `spec.asOf` with `spec.cooldownDays`; the eligible experts' pool entries
 * in canonical order (shared/pool.ts) and the exclusions must be exactly the announced ones. The
 * replay is taken just before the announcement's entry, so a registry edit that reached the tables
 * but not the log shows here as a pool that differs from its derivation.
 */
import { compareUtf8 } from './bytes.js';
import { canonicalString } from './canonical.js';
import { computeEligibility } from './eligibility.js';
import { poolEntriesOf } from './pool.js';
import type { RegistryState } from './registry-replay.js';
import type { Exclusion } from './schemas/conflicts.js';
import type { DrawSpec } from './schemas/draw-spec.js';
import type { PoolEntry } from './schemas/pool.js';
import { firstDifference } from './verify/diff.js';

export interface DerivedPool {
  entries: PoolEntry[];
  exclusions: Exclusion[];
}

/** The pool and exclusions the registry `state` gives for the spec, or why there are none. */
export function derivePool(
  state: RegistryState,
  spec: Pick<DrawSpec, 'lotId' | 'asOf' | 'cooldownDays'>
): DerivedPool | { missing: string } {
  const lot = state.lot.get(spec.lotId)?.record;
  if (!lot) return { missing: `lot ${spec.lotId} is not in the registry as logged` };
  const experts = [...state.expert.values()]
    .map((e) => e.record)
    .filter((e) => e.directions.includes(lot.directionCode));
  const r = computeEligibility({
    experts,
    applicantBins: lot.applicants.map((a) => a.bin),
    declarations: [...state.declaration.values()].map((d) => d.record),
    conflictKinds: [...state.conflict_kind.values()].map((k) => k.record),
    asOf: spec.asOf,
    cooldownDays: spec.cooldownDays,
  });
  return { entries: poolEntriesOf(r.eligible), exclusions: r.exclusions };
}

/** Why `registryNo` is not in the derived pool: its exclusion rules, or not of the lot's direction. */
function whyOut(derived: DerivedPool, registryNo: string): string {
  const rules = derived.exclusions.filter((x) => x.registryNo === registryNo).map((x) => x.rule);
  return rules.length > 0
    ? `the logged registry excludes it (${[...new Set(rules)].join(', ')})`
    : 'it is not an expert of the lot’s direction in the logged registry';
}

/**
 * The first difference between a derived pool and the announced one, as a sentence naming the
 * expert and the field (or the exclusion), or null when they are the same.
 */
export function poolDifference(
  derived: DerivedPool,
  announced: { pool: readonly PoolEntry[]; exclusions: readonly Exclusion[] }
): string | null {
  const a = derived.entries;
  const b = announced.pool;
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    const x = a[i];
    const y = b[j];
    const order = x && y ? compareUtf8(x.registryNo, y.registryNo) : x ? -1 : 1;
    if (order < 0)
      return `${x!.registryNo} is eligible by the logged registry but not in the frozen pool`;
    if (order > 0)
      return `${y!.registryNo} is in the frozen pool, but ${whyOut(derived, y!.registryNo)}`;
    const field = firstDifference(x, y);
    if (field !== null)
      return `pool entry ${x!.registryNo}: ${field} is ${show(x, field)} by the logged registry, ${show(y, field)} in the frozen pool`;
    i++;
    j++;
  }
  const n = Math.max(derived.exclusions.length, announced.exclusions.length);
  for (let k = 0; k < n; k++) {
    const x = derived.exclusions[k];
    const y = announced.exclusions[k];
    if (firstDifference(x, y) !== null)
      return `exclusion ${k + 1}: ${x ? canonicalString(x) : 'none'} by the logged registry, ${y ? canonicalString(y) : 'none'} announced`;
  }
  return null;
}

/** The value at a firstDifference path of a pool entry (a top-level member), as JSON. */
function show(entry: PoolEntry | undefined, field: string): string {
  const v = (entry as Record<string, unknown> | undefined)?.[field.replace(/\[.*$/, '')];
  return v === undefined ? 'absent' : JSON.stringify(v);
}
