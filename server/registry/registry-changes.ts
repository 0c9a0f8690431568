/**
 * The one place every registry write records itself, inside the caller's transaction: a history row
 * (who = session username, when, what = record before and after, for operators) and a transparency
 * log entry (public: personal data removed). Service functions run each write in one
 * db.transaction(...) and call recordChange() inside it, so a change, its history and its log leaf
 * commit together or not at all. A missing log is an error (LOG_UNAVAILABLE), never a silent skip.
 */
import { insertHistory } from '../../db/repos/history.repo.js';
import type { Json } from '../../shared/canonical.js';
import type { HistoryEntity } from '../../shared/schemas/registry.js';
import type { AppContext } from '../context.js';
import { appendLogEntry } from '../log/transparency-log.js';

/** What registry services need: the database, the clock and the transparency log. */
export type RegistryDeps = Pick<AppContext, 'db' | 'clock' | 'tlog'>;

export interface RegistryChange {
  entity: HistoryEntity;
  key: string;
  action: string;
  before: object | null;
  after: object | null;
}

/** Fields that are personal data or operator free text about a person: never published. */
const PRIVATE_FIELDS: Partial<Record<HistoryEntity, readonly string[]>> = {
  expert: ['iin', 'phone', 'email', 'statusReason'],
  // a declaration's note is operator free text
  declaration: ['note'],
};

function publicRecord(entity: HistoryEntity, rec: object | null): object | null {
  if (rec === null) return rec;
  const copy: Record<string, unknown> = { ...rec };
  for (const k of PRIVATE_FIELDS[entity] ?? []) delete copy[k];
  return copy;
}

/**
 * The change as it may be published (the transparency log is public): personal data removed. The
 * history table keeps the full record for operators.
 */
export function publicChange(c: RegistryChange): RegistryChange {
  return { ...c, before: publicRecord(c.entity, c.before), after: publicRecord(c.entity, c.after) };
}

export function nowIso(deps: Pick<RegistryDeps, 'clock'>): string {
  return deps.clock().toISOString();
}

/** Today's date in Kazakhstan (UTC+5 nationwide since 1 March 2024), for defaults like includedOn. */
export function todayKz(deps: Pick<RegistryDeps, 'clock'>): string {
  return new Date(deps.clock().getTime() + 5 * 3600_000).toISOString().slice(0, 10);
}

const VERBS: Record<string, string> = {
  create: 'created',
  update: 'updated',
  suspend: 'suspended',
  exclude: 'excluded',
  reinstate: 'reinstated',
  'import-create': 'created',
  'import-update': 'updated',
};

/** Log entry type, e.g. registry.expert_created, registry.declaration_updated. */
export function logTypeOf(c: Pick<RegistryChange, 'entity' | 'action'>): string {
  const verb = VERBS[c.action];
  if (!verb) throw new Error(`no log type for action ${c.action}`);
  return `registry.${c.entity}_${verb}`;
}

/** Must run inside the caller's db.transaction (appendLogEntry refuses otherwise). */
export function recordChange(
  deps: RegistryDeps,
  actor: string,
  at: string,
  change: RegistryChange
): void {
  insertHistory(deps.db, { at, actor, ...change });
  const pub = publicChange(change);
  // JSON round trip drops undefined members, which canonical JSON cannot encode
  const data = JSON.parse(
    JSON.stringify({
      before: pub.before,
      after: pub.after,
      ...(change.action.startsWith('import-') ? { via: 'csv_import' } : {}),
    })
  ) as Json;
  appendLogEntry(deps, {
    type: logTypeOf(change),
    at,
    actor,
    subject: { kind: change.entity, id: change.key },
    data,
  });
}
