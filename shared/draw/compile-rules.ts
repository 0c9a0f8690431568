/**
 * The rules of a draw compiled against a frozen pool (docs/PROTOCOL.md §Rules): the quotas in seats
 * with each pool entry's quota signature (shared/draw/quota-signatures.ts: the quotas it counts
 * toward — an expert counts toward every value they hold, so several languages or directions count
 * for each), and the spec's caps — the cap families of shared/draw/rule-families.ts whose limit the
 * spec sets — with their keys as integer ids (shared/draw/cap-keys.ts).
 */
import { newCapKeys, type CapKeys } from './cap-keys.js';
import { signPool } from './quota-signatures.js';
import { groupIndex } from './solver.js';
import { CAP_FAMILIES, QUOTA_FAMILY, type CapFamily } from './rule-families.js';
import { quotaBounds, type DrawSpec, type Quota } from '../schemas/draw-spec.js';
import type { PoolEntry } from '../schemas/pool.js';

export interface CompiledQuota {
  category: Quota['category'];
  value: string;
  lo: number;
  hi: number;
}

/** A cap the spec sets: its family and the limit (a commission never exceeds `size`, so ≥ size binds nothing). */
export interface CompiledCap {
  family: CapFamily;
  limit: number;
}

export interface Rules {
  size: number;
  reserves: number;
  quotas: CompiledQuota[];
  /** the caps the spec sets, in table order (the order the walk tests them) */
  caps: CompiledCap[];
  entries: readonly PoolEntry[];
  /** per pool index: the id of its quota signature (ids in order of first appearance) */
  sigOf: Int32Array;
  /** per signature: the quotas its entries count toward, ascending */
  sigQuotas: number[][];
  /** per signature: its pool indexes, ascending */
  bySig: number[][];
  /** per single-valued quota category with quotas: those quotas (they exclude each other) */
  groups: number[][];
  /** per quota: its group's index in `groups`, or −1 */
  groupOf: Int32Array;
  /** the caps' keys as integer ids, given on first use (shared by variants of these rules) */
  keys: CapKeys;
}

/** Writes the pool indexes of the entries holding the quota's value to `out`; one tight loop each. */
function matching(entries: readonly PoolEntry[], q: CompiledQuota, out: Int32Array): number {
  const v = q.value;
  const n = entries.length;
  let k = 0;
  if (q.category === 'proposedBy')
    for (let i = 0; i < n; i++) if (entries[i]!.proposedBy === v) out[k++] = i;
  if (q.category === 'region')
    for (let i = 0; i < n; i++) if (entries[i]!.region === v) out[k++] = i;
  if (q.category === 'gender')
    for (let i = 0; i < n; i++) if (entries[i]!.gender === v) out[k++] = i;
  if (q.category === 'language')
    for (let i = 0; i < n; i++) if (entries[i]!.languages.includes(v)) out[k++] = i;
  if (q.category === 'direction')
    for (let i = 0; i < n; i++) if (entries[i]!.directions.includes(v)) out[k++] = i;
  return k;
}

export function compileRules(spec: DrawSpec, entries: readonly PoolEntry[]): Rules {
  const quotas = spec.quotas.map((q) => ({
    category: q.category,
    value: q.value,
    ...quotaBounds(q, spec.size),
  }));
  const { sigOf, sigQuotas, bySig } = signPool(entries.length, quotas.length, (q, out) =>
    matching(entries, quotas[q]!, out)
  );
  const categories = QUOTA_FAMILY.categories;
  const groups = (Object.keys(categories) as Quota['category'][])
    .filter((cat) => categories[cat].single)
    .map((cat) => quotas.flatMap((q, b) => (q.category === cat ? [b] : [])))
    .filter((g) => g.length > 0);
  const caps: CompiledCap[] = [];
  for (const family of CAP_FAMILIES) {
    const limit = spec[family.field];
    if (limit !== undefined) caps.push({ family, limit });
  }
  return {
    size: spec.size,
    reserves: spec.reserves,
    quotas,
    caps,
    entries,
    sigOf,
    sigQuotas,
    bySig,
    groups,
    groupOf: groupIndex(quotas.length, groups),
    keys: newCapKeys(caps, entries),
  };
}

/** The same rules with cap j's limit changed (the feasibility report's relaxations, tests). */
export function withCapLimit(rules: Rules, j: number, limit: number): Rules {
  return { ...rules, caps: rules.caps.map((c, k) => (k === j ? { ...c, limit } : c)) };
}

/** The same rules with other quota bounds (the feasibility report's relaxations). */
export function withQuotas(rules: Rules, quotas: CompiledQuota[]): Rules {
  return { ...rules, quotas };
}
