/**
 * The registry as the log says it is (docs/PROTOCOL.md §Registry under audit): starting from the genesis
 * state (the conflict kinds every database starts with), each registry entry
 * `registry.<entity>_<verb>` is applied in log order — its `after` record replaces the record of its
 * key. An entry that contradicts the replay so far is a problem: a `before` that is not the current
 * record, a created key that exists, a changed key that does not, a subject that is not the record's
 * key, a status verb whose record has another status. Pure and deterministic: `adal audit` runs it
 * over a database's log or a server's public log, and re-derives every announced pool from it
 * (shared/pool-derivation.ts).
 *
 * Records are kept as logged (the raw JSON, never a schema's transformed output), so a comparison
 * with tables or answers sees exactly what the log holds.
 */
import { canonicalEqual } from './canonical.js';
import type { ConflictKind } from './schemas/conflicts.js';
import type { Competition, Lot } from './schemas/lots.js';
import type { Direction, PublicExpert } from './schemas/registry.js';
import {
  REGISTRY_RECORDS,
  STATUS_AFTER,
  parseRegistryType,
  type PublicDeclaration,
  type RegistryEntity,
} from './schemas/registry-events.js';

/** A record and the log index of the entry that last set it (−1: the genesis state). */
export interface Logged<T> {
  record: T;
  index: number;
}

interface Records {
  expert: PublicExpert;
  direction: Direction;
  competition: Competition;
  lot: Lot;
  conflict_kind: ConflictKind;
  declaration: PublicDeclaration;
}

/**
 * Every entity's records by key (the subject id: a registry number, a code, a decimal id). Maps keep
 * insertion order, which for conflict kinds is the order the eligibility rules read them in.
 */
export type RegistryState = { [E in RegistryEntity]: Map<string, Logged<Records[E]>> };

/**
 * The conflict kinds of migration db/migrations/0004-conflicts.sql, which every database holds before
 * its first log entry (tests/shared/registry-replay.test.ts compares them with a new database).
 */
export const GENESIS_CONFLICT_KINDS: readonly ConflictKind[] = [
  {
    code: 'member',
    labelKk: 'Ұйым мүшесі',
    labelRu: 'Член организации',
    labelEn: 'Member of the organization',
    lookbackMonths: 0,
  },
  {
    code: 'founder',
    labelKk: 'Құрылтайшы',
    labelRu: 'Учредитель',
    labelEn: 'Founder',
    lookbackMonths: 0,
  },
  {
    code: 'governing_body',
    labelKk: 'Басқару органының мүшесі',
    labelRu: 'Член органа управления',
    labelEn: 'Member of a governing body',
    lookbackMonths: 0,
  },
  { code: 'head', labelKk: 'Басшы', labelRu: 'Руководитель', labelEn: 'Head', lookbackMonths: 0 },
  {
    code: 'funded_12m',
    labelKk: 'Соңғы 12 айда ақы немесе қаржылай қолдау алған',
    labelRu: 'Получал оплату или финансовую поддержку в последние 12 месяцев',
    labelEn: 'Paid or funded in the last 12 months',
    lookbackMonths: 12,
  },
  {
    code: 'relative_of_employee',
    labelKk: 'Қызметкердің жақын туысы',
    labelRu: 'Близкий родственник сотрудника',
    labelEn: 'Close relative of an employee',
    lookbackMonths: 0,
  },
  {
    code: 'other',
    labelKk: 'Өзге мүдделер қақтығысы',
    labelRu: 'Иной конфликт интересов',
    labelEn: 'Other conflict of interest',
    lookbackMonths: 0,
  },
];

/** The state before the first entry: no experts, directions, competitions, lots or declarations. */
export function genesisRegistry(): RegistryState {
  return {
    expert: new Map(),
    direction: new Map(),
    competition: new Map(),
    lot: new Map(),
    conflict_kind: new Map(GENESIS_CONFLICT_KINDS.map((k) => [k.code, { record: k, index: -1 }])),
    declaration: new Map(),
  };
}

/** The members of a registry entry's data (docs/PROTOCOL.md §Registry entries). */
const DATA_MEMBERS = new Set(['before', 'after', 'via']);

/** What the replay reads of an entry: its type, subject and data (the log envelope's members). */
export interface ReplayedEntry {
  type: string;
  subject: { kind: string; id: string };
  data: unknown;
}

/** Whether an entry type is a registry entry (its type starts with `registry.`). */
export function isRegistryEntryType(type: string): boolean {
  return type.startsWith('registry.');
}

/**
 * Applies the registry entry at log index `index` to `state` (in place). Returns why it cannot be
 * applied — the replay then stops: what follows would be read against a state the log contradicts —
 * or undefined.
 */
export function applyRegistryEntry(
  state: RegistryState,
  index: number,
  entry: ReplayedEntry
): string | undefined {
  const kind = parseRegistryType(entry.type);
  if (!kind) return `entry ${index}: ${entry.type} is not a registry entry type`;
  const { entity, verb } = kind;
  if (entry.subject.kind !== entity)
    return `entry ${index}: ${entry.type} is about a ${entry.subject.kind}, not a ${entity}`;
  const bad = (path: string, why: string) => `entry ${index}: ${entry.type} data: ${path}: ${why}`;
  const d = entry.data as Record<string, unknown> | null;
  if (d === null || typeof d !== 'object' || Array.isArray(d))
    return bad('(root)', 'not an object');
  const extra = Object.keys(d).find((k) => !DATA_MEMBERS.has(k));
  if (extra !== undefined) return bad('(root)', `Unrecognized key: "${extra}"`);
  if (d.via !== undefined && d.via !== 'csv_import') return bad('via', 'not "csv_import"');
  if (d.before === undefined) return bad('before', 'missing');
  // `after` is checked against its schema; `before` must equal the replayed record (already checked
  // when it was an `after`), so parsing it again would only cost time
  const parsed = REGISTRY_RECORDS[entity].schema.safeParse(d.after);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return bad(['after', ...i.path.map(String)].join('.'), i.message);
  }
  // the logged objects themselves, not the schema's (possibly transformed) output
  const data = d as { before: object | null; after: Record<string, unknown> };
  const key = String(data.after[REGISTRY_RECORDS[entity].key]);
  if (key !== entry.subject.id)
    return `entry ${index}: its subject is ${entity} ${entry.subject.id}, its record is ${key}`;
  const records = state[entity] as Map<string, Logged<unknown>>;
  const current = records.get(key);
  if (verb === 'created') {
    if (data.before !== null) return `entry ${index}: a created ${entity} has a record before`;
    if (current) return `entry ${index}: ${entity} ${key} exists already (entry ${current.index})`;
  } else {
    if (!current) return `entry ${index}: ${entity} ${key} was never created`;
    if (data.before === null || !canonicalEqual(data.before, current.record))
      return `entry ${index}: the record before is not ${entity} ${key} as logged so far`;
  }
  const status = STATUS_AFTER[verb];
  if (status !== undefined && data.after.status !== status)
    return `entry ${index}: ${entry.type} leaves the status ${String(data.after.status)}`;
  records.set(key, { record: data.after, index });
  return undefined;
}
