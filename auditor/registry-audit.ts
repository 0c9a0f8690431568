/**
 * The audit of the registry (docs/PROTOCOL.md §Audit, step 4): the registry replayed from the log
 * (shared/registry-replay.ts) — every registry entry in log order, from the genesis state — and, at
 * each draw's announcement, the pool and exclusions re-derived from the registry as it stood just
 * before that entry (shared/pool-derivation.ts) and compared with the announced ones. Then the
 * replayed registry is compared with what the operator keeps: the tables of a database
 * (registry-tables.ts) or the answers of a server's public API (registry-remote.ts). The first
 * problem is reported; the data is hostile, so bad data is a problem, never a crash.
 */
import { fromUtf8 } from '../shared/bytes.js';
import { derivePool, poolDifference } from '../shared/pool-derivation.js';
import {
  applyRegistryEntry,
  genesisRegistry,
  isRegistryEntryType,
  type RegistryState,
  type ReplayedEntry,
} from '../shared/registry-replay.js';
import { z } from 'zod';
import { Exclusion } from '../shared/schemas/conflicts.js';
import type { PoolEntry } from '../shared/schemas/pool.js';
import { IsoDate } from '../shared/schemas/registry.js';
import type { Db } from '../db/connection.js';
import { iterateRegistryEntries } from '../db/repos/log.repo.js';
import { compareRegistryTables } from './registry-tables.js';
import type { Hasher } from '../shared/hash.js';
import { checkEntry, entryAt, firstFound, type Found } from './stored-log.js';

export interface RegistryProblem {
  code:
    | 'AUDIT_REGISTRY_INVALID'
    | 'AUDIT_POOL_MISMATCH'
    | 'AUDIT_TABLE_MISMATCH'
    | 'AUDIT_API_MISMATCH';
  message: string;
  /** the log entry concerned (for a table: the entry that holds the logged value, if any) */
  index?: number;
  drawId?: string;
  /** the table, or the public API path, that differs from the log */
  table?: string;
  /** for a table: its row's key (a registry number, a code, an id; `key/position` for a list's
   * rows); for a served answer: the record's key */
  key?: string;
  column?: string;
}

/**
 * Replays the registry entries and checks every announcement on the way. `entries` are the
 * registry entries and draw announcements in log order (other entries are skipped).
 */
export function replayRegistry(entries: Iterable<{ index: number; entry: ReplayedEntry }>): {
  state: RegistryState;
  problem?: RegistryProblem;
} {
  const state = genesisRegistry();
  for (const { index, entry } of entries) {
    if (isRegistryEntryType(entry.type)) {
      const why = applyRegistryEntry(state, index, entry);
      if (why) return { state, problem: { code: 'AUDIT_REGISTRY_INVALID', message: why, index } };
    } else if (entry.type === 'draw.announced' || entry.type === 'draw.lot_sealed') {
      // a ceremony's lots are sealed one by one (draw.lot_sealed); its draw.announced has no pool
      const problem = checkAnnouncedPool(state, index, entry.data);
      if (problem) return { state, problem };
    }
  }
  return { state };
}

/**
 * What the pool check parses of a `draw.announced` entry. The draw's own verification checks the
 * whole entry (and is reported first); parsing only this keeps the fairness report and the frozen
 * pool's entries, most of the entry, out of a second schema parse.
 */
const AnnouncedPool = z.object({
  drawId: z.string(),
  announcement: z.object({
    spec: z.object({
      lotId: z.string(),
      asOf: IsoDate,
      cooldownDays: z.number().int().min(0).max(3650),
    }),
    exclusions: z.array(Exclusion),
  }),
});

/**
 * The frozen pool as far as the comparison reads it: entries that are objects with a registry
 * number. Check 4 of the draw's own verification parses every entry with its schema (and is reported
 * first); parsing them again here was a fifth of the registry audit's time.
 */
function isPoolShaped(pool: unknown): pool is PoolEntry[] {
  return (
    Array.isArray(pool) &&
    pool.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        !Array.isArray(e) &&
        typeof (e as { registryNo?: unknown }).registryNo === 'string'
    )
  );
}

/** The announced pool and exclusions against their derivation from `state`. */
function checkAnnouncedPool(
  state: RegistryState,
  index: number,
  data: unknown
): RegistryProblem | undefined {
  // A malformed announcement fails its draw's own verification, which the audit reports first.
  const parsed = AnnouncedPool.safeParse(data);
  if (!parsed.success || !isPoolShaped((data as { pool?: unknown }).pool)) return undefined;
  const { drawId, announcement } = parsed.data;
  const lot = (data as { lotId?: unknown }).lotId;
  const which = typeof lot === 'number' ? `draw ${drawId} lot ${lot}` : `draw ${drawId}`;
  const fail = (why: string): RegistryProblem => ({
    code: 'AUDIT_POOL_MISMATCH',
    message: `${which}: the announced pool is not the one the logged registry gives: ${why}`,
    index,
    drawId,
  });
  const derived = derivePool(state, announcement.spec);
  if ('missing' in derived) return fail(derived.missing);
  // only the input data counts (the schema's output may differ from it by a transform)
  const raw = data as z.input<typeof AnnouncedPool> & { pool: PoolEntry[] };
  const why = poolDifference(derived, {
    pool: raw.pool,
    exclusions: raw.announcement.exclusions,
  });
  return why === null ? undefined : fail(why);
}

/**
 * The entry checks of stored-log.ts for the registry entries the replay reads (auditor/audit.ts: no
 * other shard checks them, so they are read and parsed once), and the first problem they found.
 */
export interface RegistryEntryCheck {
  envelopes: boolean;
  hasher: Hasher;
  found?: Found;
}

/**
 * The registry entries and announcements of a database's log, decoded; bad JSON as a problem. With
 * `check`, each registry entry not about a draw (the rows iterateOtherEntries leaves out) is checked
 * as checkEntries checks it, and its parsed value replayed; one that fails is decoded as before.
 */
function* storedEntries(
  db: Db,
  check?: RegistryEntryCheck
): Generator<{ index: number; entry: ReplayedEntry }> {
  for (const e of iterateRegistryEntries(db)) {
    if (check && e.subjectKind !== 'draw' && e.type.startsWith('registry.')) {
      const checked = checkEntry(e, check.envelopes, check.hasher);
      if ('entry' in checked) {
        yield { index: e.index, entry: checked.entry as ReplayedEntry };
        continue;
      }
      check.found = firstFound(check.found, entryAt(checked.problem));
    }
    let entry: ReplayedEntry;
    try {
      entry = JSON.parse(fromUtf8(e.data)) as ReplayedEntry;
    } catch {
      entry = { type: e.type, subject: { kind: e.subjectKind, id: e.subjectId }, data: null };
    }
    yield { index: e.index, entry };
  }
}

/**
 * `adal audit --db`, step 4: the registry replayed, every announced pool, then the tables. With
 * `check`, also the log checks of every registry entry (all of them, whatever the replay found),
 * their first problem in `check.found`.
 */
export function auditRegistry(db: Db, check?: RegistryEntryCheck): RegistryProblem | undefined {
  const entries = storedEntries(db, check);
  // the replay may stop at a problem; the entries after it are still read (and checked) below
  const { state, problem } = replayRegistry({
    [Symbol.iterator]: () => ({ next: () => entries.next() }),
  });
  for (const _ of entries);
  return problem ?? compareRegistryTables(db, state);
}
