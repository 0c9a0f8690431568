/**
 * Deterministic synthetic pools and specs for draw tests and benches. Values come from the protocol's
 * own counter-mode RNG with a fixed label, never Math.random, so every run sees the same pools.
 */
import { utf8 } from '../../shared/bytes.js';
import { sha256 } from '../../shared/hash.js';
import { CounterRng } from '../../shared/rng.js';
import { REGION_CODES } from '../../shared/regions.js';
import type { DrawSpec, Quota } from '../../shared/schemas/draw-spec.js';
import type { PoolEntry } from '../../shared/schemas/pool.js';

export const DIRECTIONS = ['youth', 'ecology', 'social', 'culture', 'education'];

export function rngFor(label: string): CounterRng {
  return new CounterRng(sha256(utf8(label)));
}

export interface PoolOptions {
  /** how many distinct organizations (default n/3) */
  orgs?: number;
  /** how many regions are used (default 6) */
  regions?: number;
  /** share of operator-proposed experts in percent (default 30) */
  operatorPercent?: number;
}

/** n experts R-00001 … with random region, gender, languages, directions, proposer and 1–2 orgs. */
export function makePool(n: number, label: string, opts: PoolOptions = {}): PoolEntry[] {
  const rng = rngFor(label);
  const orgCount = Math.max(1, opts.orgs ?? Math.floor(n / 3));
  const regions = REGION_CODES.slice(0, opts.regions ?? 6);
  const op = opts.operatorPercent ?? 30;
  const out: PoolEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const langs = ['kk', 'ru'].filter(() => rng.uniform(10) < 9);
    const dirs = DIRECTIONS.filter(() => rng.uniform(3) === 0);
    const orgs = new Set([`name:org ${rng.uniform(orgCount)}`]);
    if (rng.uniform(4) === 0) orgs.add(`name:org ${rng.uniform(orgCount)}`);
    const e: PoolEntry = {
      registryNo: `R-${String(i).padStart(5, '0')}`,
      nameRu: `Эксперт ${i}`,
      region: regions[rng.uniform(regions.length)]!,
      languages: langs.length > 0 ? langs : ['ru'],
      directions: dirs.length > 0 ? dirs.sort() : [DIRECTIONS[0]!],
      proposedBy: rng.uniform(100) < op ? 'operator' : 'ngo',
      organizations: [...orgs].sort(),
    };
    if (rng.uniform(10) > 0) e.gender = rng.uniform(2) === 0 ? 'female' : 'male';
    out.push(e);
  }
  return out;
}

/** A valid adal-v1 spec with the given rules (drand quicknet, no witnesses). */
export function makeSpec(over: Partial<DrawSpec> & { quotas?: Quota[] } = {}): DrawSpec {
  return {
    version: 1,
    lotId: 'LOT-1',
    method: 'adal-v1',
    size: 5,
    reserves: 3,
    quotas: [],
    cooldownDays: 0,
    asOf: '2026-11-20',
    entropy: {
      drand: {
        chain: 'quicknet',
        chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
        round: 20000000,
      },
      publicSources: [],
    },
    witnesses: [],
    revealDeadline: '2026-12-01T09:00:00Z',
    ...over,
  };
}

/** 15 + 15 with quotas over three categories: proposer, gender, region (the bench's rules). */
export function threeCategorySpec(size = 15, reserves = 15): DrawSpec {
  return makeSpec({
    size,
    reserves,
    perOrganizationMax: 1,
    quotas: [
      { category: 'proposedBy', value: 'operator', maxPercent: 30 },
      { category: 'proposedBy', value: 'ngo', minPercent: 70 },
      { category: 'gender', value: 'female', min: Math.floor(size / 3) },
      { category: 'gender', value: 'male', min: Math.floor(size / 3) },
      { category: 'region', value: REGION_CODES[0], min: 2, max: 4 },
      { category: 'region', value: REGION_CODES[1], min: 1 },
    ],
  });
}
