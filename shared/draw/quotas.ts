/**
 * The rules of a draw compiled against a frozen pool (docs/PROTOCOL.md §Rules): quotas in seats, each
 * pool entry's quota signature (shared/draw/quota-signatures.ts: the quotas it counts toward — an
 * expert counts toward every value they hold, so several languages or directions count for each), and
 * each organization key an integer id. Also evaluates a set of members against every rule, for
 * reserves, replacements and tests.
 */
import { compareUtf8 } from '../bytes.js';
import { signPool } from './quota-signatures.js';
import { quotaBounds, type DrawSpec, type Quota } from '../schemas/draw-spec.js';
import type { PoolEntry } from '../schemas/pool.js';
import type { Violation } from '../schemas/draw-result.js';

export interface CompiledQuota {
  category: Quota['category'];
  value: string;
  lo: number;
  hi: number;
}

export interface Rules {
  size: number;
  reserves: number;
  quotas: CompiledQuota[];
  /** perOrganizationMax, or `size` when there is none (a commission never exceeds it) */
  orgLimit: number;
  entries: readonly PoolEntry[];
  /** per pool index: the id of its quota signature (ids in order of first appearance) */
  sigOf: Int32Array;
  /** per signature: the quotas its entries count toward, ascending */
  sigQuotas: number[][];
  /** per signature: its pool indexes, ascending */
  bySig: number[][];
  /** per single-valued category (proposedBy, region, gender) with quotas: those quotas (exclusive) */
  groups: number[][];
  /** an upper bound of organization ids (the number of organization slots in the pool) */
  orgCapacity: number;
  /**
   * Organization ids are given on first use (orgsOf): a draw looks at few entries' organizations,
   * so a 10,000-entry pool is not scanned for them. Ids only name organizations inside one
   * computation; no answer depends on their values.
   */
  orgIndex: Map<string, number>;
  orgNames: string[];
  orgCache: (Int32Array | undefined)[];
}

/** Organization ids of pool entry i (in the entry's own, UTF-8, order). */
export function orgsOf(rules: Rules, i: number): Int32Array {
  const cached = rules.orgCache[i];
  if (cached) return cached;
  const keys = rules.entries[i]!.organizations;
  const ids = new Int32Array(keys.length);
  keys.forEach((o, k) => {
    let id = rules.orgIndex.get(o);
    if (id === undefined) {
      id = rules.orgNames.length;
      rules.orgIndex.set(o, id);
      rules.orgNames.push(o);
    }
    ids[k] = id;
  });
  rules.orgCache[i] = ids;
  return ids;
}

/** Whether a pool entry counts toward a quota. */
export function matchesQuota(
  e: PoolEntry,
  q: { category: Quota['category']; value: string }
): boolean {
  switch (q.category) {
    case 'proposedBy':
      return e.proposedBy === q.value;
    case 'region':
      return e.region === q.value;
    case 'gender':
      return e.gender === q.value;
    case 'language':
      return e.languages.includes(q.value);
    case 'direction':
      return e.directions.includes(q.value);
  }
}

/** Pool indexes of the entries holding the quota's value: one tight loop per quota. */
function matching(entries: readonly PoolEntry[], q: CompiledQuota): number[] {
  const v = q.value;
  const n = entries.length;
  const out: number[] = [];
  if (q.category === 'proposedBy')
    for (let i = 0; i < n; i++) if (entries[i]!.proposedBy === v) out.push(i);
  if (q.category === 'region')
    for (let i = 0; i < n; i++) if (entries[i]!.region === v) out.push(i);
  if (q.category === 'gender')
    for (let i = 0; i < n; i++) if (entries[i]!.gender === v) out.push(i);
  if (q.category === 'language')
    for (let i = 0; i < n; i++) if (entries[i]!.languages.includes(v)) out.push(i);
  if (q.category === 'direction')
    for (let i = 0; i < n; i++) if (entries[i]!.directions.includes(v)) out.push(i);
  return out;
}

export function compileRules(spec: DrawSpec, entries: readonly PoolEntry[]): Rules {
  const quotas = spec.quotas.map((q) => ({
    category: q.category,
    value: q.value,
    ...quotaBounds(q, spec.size),
  }));
  const n = entries.length;
  const { sigOf, sigQuotas, bySig } = signPool(n, quotas.length, (q) =>
    matching(entries, quotas[q]!)
  );
  let orgCapacity = 0;
  for (let i = 0; i < n; i++) orgCapacity += entries[i]!.organizations.length;
  const groups = (['proposedBy', 'region', 'gender'] as const)
    .map((cat) => quotas.flatMap((q, b) => (q.category === cat ? [b] : [])))
    .filter((g) => g.length > 0);
  return {
    size: spec.size,
    reserves: spec.reserves,
    quotas,
    orgLimit: spec.perOrganizationMax ?? spec.size,
    entries,
    sigOf,
    sigQuotas,
    bySig,
    groups,
    orgCapacity,
    orgIndex: new Map(),
    orgNames: [],
    orgCache: [],
  };
}

/** Counts of a set of pool indexes per quota and per organization. */
export function countSet(
  rules: Rules,
  members: readonly number[]
): { q: number[]; org: Map<number, number> } {
  const q = rules.quotas.map(() => 0);
  const org = new Map<number, number>();
  for (const i of members) {
    for (const b of rules.sigQuotas[rules.sigOf[i]!]!) q[b]!++;
    for (const o of orgsOf(rules, i)) org.set(o, (org.get(o) ?? 0) + 1);
  }
  return { q, org };
}

/**
 * Every rule a set breaks: quota maxes and org limits always, quota mins when `withMins` (a commission
 * of `size` members must meet them; a partial one need not yet). Quotas in spec order, then
 * organizations in UTF-8 order.
 */
export function setViolations(
  rules: Rules,
  members: readonly number[],
  withMins = true
): Violation[] {
  const { q, org } = countSet(rules, members);
  const out: Violation[] = [];
  rules.quotas.forEach((quota, b) => {
    const c = q[b]!;
    if (c > quota.hi)
      out.push({
        kind: 'quota-max',
        category: quota.category,
        value: quota.value,
        count: c,
        limit: quota.hi,
      });
    if (withMins && c < quota.lo)
      out.push({
        kind: 'quota-min',
        category: quota.category,
        value: quota.value,
        count: c,
        limit: quota.lo,
      });
  });
  const orgNames = [...org.entries()]
    .filter(([, c]) => c > rules.orgLimit)
    .map(([o, c]) => ({ name: rules.orgNames[o]!, c }))
    .sort((a, b) => compareUtf8(a.name, b.name));
  for (const { name, c } of orgNames)
    out.push({ kind: 'org-limit', organization: name, count: c, limit: rules.orgLimit });
  return out;
}
