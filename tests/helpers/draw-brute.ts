/**
 * Brute force for the draw rules, written straight from docs/PROTOCOL.md without any of the solver's
 * ideas: count every quota and organization of a set, enumerate every subset. Only for small pools;
 * this is the reference the exact solver and the walk are checked against.
 */
import fc from 'fast-check';
import { quotaBounds, type DrawSpec, type Quota } from '../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../shared/schemas/pool.js';
import { makeSpec } from './draw-fixtures.js';

function holds(e: PoolEntry, q: Quota): boolean {
  if (q.category === 'proposedBy') return e.proposedBy === q.value;
  if (q.category === 'region') return e.region === q.value;
  if (q.category === 'gender') return e.gender === q.value;
  if (q.category === 'language') return e.languages.includes(q.value);
  return e.directions.includes(q.value);
}

/** At most `limit` entries of the set share any one of the keys `keysOf` gives. */
function withinCap(
  set: readonly PoolEntry[],
  keysOf: (e: PoolEntry) => readonly string[],
  limit: number | undefined
): boolean {
  const counts = new Map<string, number>();
  for (const e of set) for (const k of keysOf(e)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.values()].every((c) => c <= (limit ?? Infinity));
}

/** Does the set satisfy every max, organization limit and region limit (and, with mins, every min)? */
export function satisfies(spec: DrawSpec, set: readonly PoolEntry[], mins: boolean): boolean {
  for (const q of spec.quotas) {
    const { lo, hi } = quotaBounds(q, spec.size);
    const c = set.filter((e) => holds(e, q)).length;
    if (c > hi || (mins && c < lo)) return false;
  }
  return (
    withinCap(set, (e) => e.organizations, spec.perOrganizationMax) &&
    withinCap(set, (e) => [e.region], spec.perRegionMax)
  );
}

export function isValidCommission(spec: DrawSpec, set: readonly PoolEntry[]): boolean {
  return set.length === spec.size && satisfies(spec, set, true);
}

/** Every k-subset of xs. */
export function* subsets<T>(xs: readonly T[], k: number, from = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= xs.length - k; i++)
    for (const rest of subsets(xs, k - 1, i + 1)) yield [xs[i]!, ...rest];
}

/** ∃ B ⊆ later, |B| = size − |accepted|: accepted ∪ B valid. */
export function bruteCompletion(
  spec: DrawSpec,
  accepted: readonly PoolEntry[],
  later: readonly PoolEntry[]
): boolean {
  const r = spec.size - accepted.length;
  if (r < 0) return false;
  for (const b of subsets(later, r)) if (isValidCommission(spec, [...accepted, ...b])) return true;
  return false;
}

const REGIONS = ['KZ-10', 'KZ-11', 'KZ-15'];
const LANGS = ['en', 'kk', 'ru'];
const DIRS = ['culture', 'ecology', 'youth'];
const ORGS = ['name:a', 'name:b', 'name:c', 'name:d'];

const sortedSubset = (xs: string[], min = 0) =>
  fc.subarray(xs, { minLength: min }).map((s) => [...s].sort());

export const arbEntry = fc.record({
  region: fc.constantFrom(...REGIONS),
  gender: fc.constantFrom('female', 'male', undefined),
  languages: sortedSubset(LANGS, 1),
  directions: sortedSubset(DIRS, 1),
  proposedBy: fc.constantFrom('operator' as const, 'ngo' as const),
  organizations: sortedSubset(ORGS).map((s) => s.slice(0, 2)),
});

export type RawEntry = typeof arbEntry extends fc.Arbitrary<infer T> ? T : never;

export function entriesFrom(raw: RawEntry[]): PoolEntry[] {
  return raw.map((r, i) => {
    const e: PoolEntry = {
      registryNo: `R-${String(i + 1).padStart(3, '0')}`,
      region: r.region,
      languages: r.languages,
      directions: r.directions,
      proposedBy: r.proposedBy,
      organizations: r.organizations,
    };
    if (r.gender) e.gender = r.gender as 'female' | 'male';
    return e;
  });
}

const arbQuota: fc.Arbitrary<Quota> = fc
  .record({
    pick: fc.integer({ min: 0, max: 4 }),
    v: fc.integer({ min: 0, max: 2 }),
    min: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    max: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  })
  .map(({ pick, v, min, max }) => {
    const bounds = {
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined || min === undefined ? { max: Math.max(max ?? 1, min ?? 0) } : {}),
    };
    const cat = [
      { category: 'proposedBy', value: ['operator', 'ngo', 'ngo'][v] },
      { category: 'region', value: REGIONS[v] },
      { category: 'gender', value: ['female', 'male', 'female'][v] },
      { category: 'language', value: LANGS[v] },
      { category: 'direction', value: DIRS[v] },
    ][pick]!;
    return { ...cat, ...bounds } as Quota;
  });

/** A small random spec (size 1, 3 or 5; up to 4 quotas; maybe an organization limit). */
export const arbSmallSpec = fc
  .record({
    size: fc.constantFrom(1, 3, 3, 5),
    reserves: fc.integer({ min: 0, max: 3 }),
    quotas: fc.uniqueArray(arbQuota, { maxLength: 4, selector: (q) => `${q.category}=${q.value}` }),
    org: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
  })
  .map(({ size, reserves, quotas, org }) => {
    const clipped = quotas.map((q) => ({
      ...q,
      ...(q.min !== undefined ? { min: Math.min(q.min, size) } : {}),
    }));
    return makeSpec({
      size,
      reserves,
      quotas: clipped,
      ...(org ? { perOrganizationMax: org } : {}),
    });
  });

/** A small random version 2 spec: as arbSmallSpec, with a region limit and maybe an organization limit. */
export const arbRegionSpec = fc
  .record({
    base: arbSmallSpec,
    region: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ base, region }) => ({ ...base, version: 2 as const, perRegionMax: region }));
