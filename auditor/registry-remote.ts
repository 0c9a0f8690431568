/**
 * `adal audit --url`, the registry part (docs/PROTOCOL.md §Audit, step 4): the registry replayed from
 * the server's public log, every announced pool re-derived from it (registry-audit.ts replayRegistry),
 * then what the server's public registry API answers compared with the replay, record by record:
 * experts (GET /api/public/registry, every page), directions, conflict kinds (and their order, which
 * the eligibility rules read), competitions, and each competition's lots with their applicants. The
 * answers are compared as the JSON they are (no schema transforms), member by member; the first
 * difference is named: the API path, the key, the member's path, the logged and the served value.
 * Declarations have no public API: they are checked only through the pools derived from them.
 */
import { canonicalString } from '../shared/canonical.js';
import type { Logged, RegistryState, ReplayedEntry } from '../shared/registry-replay.js';
import { firstDifference } from '../shared/verify/diff.js';
import { replayRegistry, type RegistryProblem } from './registry-audit.js';
import { compareKeys } from './registry-tables.js';

/** Fetches a public API path and answers its JSON as sent (a fetch problem throws). */
export type GetJson = (path: string) => Promise<unknown>;

type Json = Record<string, unknown>;

const mismatch = (
  table: string,
  key: string,
  column: string,
  message: string,
  index?: number
): RegistryProblem => ({
  code: 'AUDIT_API_MISMATCH',
  message: `${table} ${key}: ${message}`,
  table,
  key,
  column,
  ...(index !== undefined && index >= 0 ? { index } : {}),
});

/** The value at a firstDifference path (`a.b[2].c`), or undefined. */
function valueAt(v: unknown, path: string): unknown {
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Json)[part];
  }
  return v;
}

const show = (v: unknown) => (v === undefined ? 'absent' : canonicalString(v as never));

/** Served objects keyed by their `key` member; a served item that is no object is a problem. */
function byKey(table: string, items: unknown, key: string): Map<string, Json> | RegistryProblem {
  const out = new Map<string, Json>();
  if (!Array.isArray(items)) return mismatch(table, '-', '(answer)', 'the answer is not a list');
  for (const [i, item] of items.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return mismatch(table, `#${i}`, '(row)', 'a served item is not an object');
    out.set(String((item as Json)[key]), item as Json);
  }
  return out;
}

/** The logged records of one entity against the served ones: the first difference, if any. */
function compareRecords(
  table: string,
  logged: Map<string, Logged<unknown>>,
  served: Map<string, Json>,
  opts: { ordered?: boolean } = {}
): RegistryProblem | undefined {
  const keys = [...new Set([...logged.keys(), ...served.keys()])].sort(compareKeys);
  for (const key of keys) {
    const l = logged.get(key);
    const s = served.get(key);
    if (!s)
      return mismatch(
        table,
        key,
        '(row)',
        'the log has this record, the server does not serve it',
        l!.index
      );
    if (!l)
      return mismatch(table, key, '(row)', 'the server serves a record the log never created');
    const path = firstDifference(l.record, s);
    if (path !== null) {
      const genesis = l.index < 0 ? ' (genesis state)' : '';
      return mismatch(
        table,
        key,
        path,
        `${path} is ${show(valueAt(l.record, path))} in the log${genesis}, ${show(valueAt(s, path))} served`,
        l.index
      );
    }
  }
  if (opts.ordered) {
    const a = [...logged.keys()];
    const b = [...served.keys()];
    const i = a.findIndex((k, n) => b[n] !== k);
    if (i >= 0)
      return mismatch(
        table,
        a[i]!,
        '(order)',
        `is number ${i + 1} in the log, ${b.indexOf(a[i]!) + 1} served`
      );
  }
  return undefined;
}

/** Every expert the server lists, page by page (the largest page the API allows). */
async function allExperts(get: GetJson): Promise<unknown[] | RegistryProblem> {
  const table = '/api/public/registry';
  const out: unknown[] = [];
  for (let page = 1; ; page++) {
    const r = (await get(`${table}?page=${page}&pageSize=500`)) as Json | null;
    if (!r || !Array.isArray(r.items) || typeof r.total !== 'number')
      return mismatch(table, `page ${page}`, '(answer)', 'the answer is not a page of experts');
    out.push(...(r.items as unknown[]));
    if (r.items.length === 0 || out.length >= r.total) return out;
  }
}

/** The served registry against the replayed one: the first difference, or undefined. */
async function compareServed(
  state: RegistryState,
  get: GetJson
): Promise<RegistryProblem | undefined> {
  const experts = await allExperts(get);
  if (!Array.isArray(experts)) return experts;
  const lists: [string, keyof RegistryState, unknown, string, boolean][] = [
    ['/api/public/directions', 'direction', await get('/api/public/directions'), 'code', false],
    [
      '/api/public/conflict-kinds',
      'conflict_kind',
      await get('/api/public/conflict-kinds'),
      'code',
      true,
    ],
    ['/api/public/competitions', 'competition', await get('/api/public/competitions'), 'id', false],
    ['/api/public/registry', 'expert', experts, 'registryNo', false],
  ];
  for (const [table, entity, items, key, ordered] of lists) {
    const served = byKey(table, items, key);
    if (!(served instanceof Map)) return served;
    const problem = compareRecords(table, state[entity] as Map<string, Logged<unknown>>, served, {
      ordered,
    });
    if (problem) return problem;
  }
  // the lots: each competition's, as served with it (a competition is in the log, checked above)
  const lots: unknown[] = [];
  for (const id of [...state.competition.keys()]) {
    const c = (await get(`/api/public/competitions/${id}`)) as Json | null;
    if (!c || !Array.isArray(c.lots))
      return mismatch('/api/public/competitions/:id', id, '(answer)', 'no list of lots');
    lots.push(...(c.lots as unknown[]));
  }
  const served = byKey('/api/public/competitions/:id lots', lots, 'id');
  if (!(served instanceof Map)) return served;
  return compareRecords('/api/public/competitions/:id lots', state.lot, served);
}

/**
 * `adal audit --url`, step 4: the registry replayed from the served log's registry entries and
 * announcements (in log order), every announced pool re-derived, then the public registry API.
 */
export async function auditServedRegistry(
  entries: Iterable<{ index: number; entry: ReplayedEntry }>,
  get: GetJson
): Promise<RegistryProblem | undefined> {
  const { state, problem } = replayRegistry(entries);
  // Re-parsed here: fetch's JSON may come from another realm (a test's VM context), whose objects
  // canonical JSON refuses as not plain.
  const plain: GetJson = async (path) => JSON.parse(JSON.stringify(await get(path))) as unknown;
  return problem ?? compareServed(state, plain);
}
