/**
 * The one place every registry write records itself: a history row (who = session username, when,
 * what = record before and after) and — when the transparency log lands — a Merkle-log leaf, in the
 * caller's transaction. Service functions run each write in one db.transaction(...) and call
 * recordChange() inside it, so a change and its record commit together or not at all.
 */
import type { Db } from '../../db/connection.js';
import { insertHistory } from '../../db/repos/history.repo.js';
import type { HistoryEntity } from '../../shared/schemas/registry.js';
import type { AppContext } from '../context.js';

/** What registry services need: the database and the clock (tests inject both). */
export type RegistryDeps = Pick<AppContext, 'db' | 'clock'>;

export interface RegistryChange {
  entity: HistoryEntity;
  key: string;
  action: string;
  before: object | null;
  after: object | null;
}

/** Fields that are personal data or operator free text about a person: never published. */
const PRIVATE_EXPERT_FIELDS = ['iin', 'phone', 'email', 'statusReason'] as const;

function publicRecord(entity: HistoryEntity, rec: object | null): object | null {
  if (rec === null || entity !== 'expert') return rec;
  const copy: Record<string, unknown> = { ...rec };
  for (const k of PRIVATE_EXPERT_FIELDS) delete copy[k];
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

/** Must run inside the caller's db.transaction. */
export function recordChange(db: Db, actor: string, at: string, change: RegistryChange): void {
  insertHistory(db, { at, actor, ...change });
  // TRANSPARENCY LOG HOOK: append publicChange(change) as a log entry here (same transaction) once
  // server/services/transparency-log.ts provides appendLogEntry.
}
