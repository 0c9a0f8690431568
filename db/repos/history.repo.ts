/**
 * The registry's change history (migration 0002, table registry_history): append and read. The table
 * refuses updates and deletes, so history is append-only even against a careless caller.
 */
import type { Db } from '../connection.js';
import type { HistoryEntity } from '../../shared/schemas/registry.js';
import type { HistoryEntry } from '../../shared/api/registry.js';

export interface NewHistoryEntry {
  at: string;
  actor: string;
  entity: HistoryEntity;
  key: string;
  action: string;
  before: object | null;
  after: object | null;
}

interface HistoryRow {
  id: number;
  at: string;
  actor: string;
  entity: HistoryEntity;
  entity_key: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
}

export function insertHistory(db: Db, h: NewHistoryEntry): number {
  const r = db
    .prepare(
      `INSERT INTO registry_history (at, actor, entity, entity_key, action, before_json, after_json)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    )
    .run(
      h.at,
      h.actor,
      h.entity,
      h.key,
      h.action,
      h.before === null ? null : JSON.stringify(h.before),
      h.after === null ? null : JSON.stringify(h.after)
    );
  return Number(r.lastInsertRowid);
}

function toEntry(r: HistoryRow): HistoryEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    entity: r.entity,
    key: r.entity_key,
    action: r.action,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as Record<string, unknown>),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as Record<string, unknown>),
  };
}

/** Newest first. */
export function listHistory(
  db: Db,
  filter: { entity?: HistoryEntity | undefined; key?: string | undefined },
  page: { limit: number; offset: number }
): { items: HistoryEntry[]; total: number } {
  const parts: string[] = [];
  const args: Record<string, string | number> = {};
  if (filter.entity) {
    parts.push('entity = @entity');
    args.entity = filter.entity;
  }
  if (filter.key !== undefined) {
    parts.push('entity_key = @key');
    args.key = filter.key;
  }
  const w = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const total = (
    db.prepare(`SELECT count(*) AS n FROM registry_history ${w}`).get(args) as { n: number }
  ).n;
  const rows = db
    .prepare(`SELECT * FROM registry_history ${w} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...args, ...page }) as HistoryRow[];
  return { items: rows.map(toEntry), total };
}
