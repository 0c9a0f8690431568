/**
 * The keys of the spec's caps as integer ids (docs/PROTOCOL.md §Rules): every key an entry holds under
 * a cap — an organization under perOrganizationMax, … — is given an id on first use. A draw looks at
 * few entries' keys, so a 10,000-entry pool is not scanned for them. Each cap names its keys apart (one
 * text under two caps is two keys); ids only name keys inside one computation, and no answer depends
 * on their values.
 */
import type { CompiledCap, Rules } from './compile-rules.js';
import type { PoolEntry } from '../schemas/pool.js';

export interface CapKeys {
  /** per cap: its keys' ids by text */
  index: Map<string, number>[];
  /** per key id: the cap it is a key of (an index into Rules.caps) */
  capOf: number[];
  /** per key id: its text */
  names: string[];
  /** per pool index, once computed: its key ids, caps in order, each cap's keys in the entry's order */
  cache: (Int32Array | undefined)[];
  /** an upper bound of key ids: the number of key slots in the pool */
  capacity: number;
}

export function newCapKeys(caps: readonly CompiledCap[], entries: readonly PoolEntry[]): CapKeys {
  let capacity = 0;
  for (const { family } of caps) for (const e of entries) capacity += family.keysOf(e).length;
  return { index: caps.map(() => new Map()), capOf: [], names: [], cache: [], capacity };
}

/** Key ids of pool entry i under every cap of the rules. */
export function keysOf(rules: Rules, i: number): Int32Array {
  const t = rules.keys;
  const cached = t.cache[i];
  if (cached) return cached;
  const e = rules.entries[i]!;
  const texts = rules.caps.map((c) => c.family.keysOf(e));
  const ids = new Int32Array(texts.reduce((n, x) => n + x.length, 0));
  let k = 0;
  texts.forEach((list, j) => {
    for (const text of list) {
      let id = t.index[j]!.get(text);
      if (id === undefined) {
        id = t.names.length;
        t.index[j]!.set(text, id);
        t.capOf.push(j);
        t.names.push(text);
      }
      ids[k++] = id;
    }
  });
  t.cache[i] = ids;
  return ids;
}

/** The limit of key k's cap. */
export function limitOf(rules: Rules, k: number): number {
  return rules.caps[rules.keys.capOf[k]!]!.limit;
}
