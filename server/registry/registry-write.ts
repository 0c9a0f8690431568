/**
 * The registry's one write path (experts, directions, competitions, lots, conflict kinds and
 * declarations). Every write is declared once with registryWrite(body) and runs in ONE transaction
 * that the write owns: each change it records becomes a history row (who = session username, when,
 * what = record before and after, for operators) and a transparency-log entry (public: personal data
 * removed), so a change, its history and its log leaf commit together or not at all.
 *
 *   await createExpert.committed(ctx, actor, input)   a request: runs in the log's group commit and
 *                                                     resolves once the commit that holds it is durable
 *   createExpert(ctx, actor, input)                   runs now, in its own transaction or as part of
 *                                                     the caller's (a draw's close, the demo seed)
 */
import type { Db } from '../../db/connection.js';
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
function publicChange(c: RegistryChange): RegistryChange {
  return { ...c, before: publicRecord(c.entity, c.before), after: publicRecord(c.entity, c.after) };
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
function logTypeOf(c: Pick<RegistryChange, 'entity' | 'action'>): string {
  const verb = VERBS[c.action];
  if (!verb) throw new Error(`no log type for action ${c.action}`);
  return `registry.${c.entity}_${verb}`;
}

/** Appends the change's history row and log entry; runs inside the write's transaction. */
function recordChange(deps: RegistryDeps, actor: string, at: string, change: RegistryChange): void {
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

/** What a write's body gets: the database, the clock, the write's instant and its recorder. */
export interface RegistryWriter {
  readonly db: Db;
  readonly clock: () => Date;
  /** the write's instant (ISO, UTC), read once from the clock: every change it records carries it */
  readonly at: string;
  /** records one change (history row + log entry) in this write's transaction */
  record(change: RegistryChange): void;
}

/** A registry write: called, it runs now; .committed runs it in the log's group commit. */
export interface RegistryWrite<A extends unknown[], T> {
  (deps: RegistryDeps, actor: string, ...args: A): T;
  committed(deps: RegistryDeps, actor: string, ...args: A): Promise<T>;
}

/** Declares a registry write; see the module header for its two ways to run. */
export function registryWrite<A extends unknown[], T>(
  body: (w: RegistryWriter, ...args: A) => T
): RegistryWrite<A, T> {
  const write = (deps: RegistryDeps, actor: string, ...args: A): T =>
    deps.db.transaction(() => {
      const at = deps.clock().toISOString();
      const w: RegistryWriter = {
        db: deps.db,
        clock: deps.clock,
        at,
        record: (change) => recordChange(deps, actor, at, change),
      };
      return body(w, ...args);
    })();
  write.committed = (deps: RegistryDeps, actor: string, ...args: A): Promise<T> =>
    deps.tlog.write(() => write(deps, actor, ...args));
  return write;
}
