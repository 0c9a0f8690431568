/**
 * The audit's re-roll check (docs/PROTOCOL.md §No re-roll): a later attempt for a lot after a
 * cancellation made once the draw's seed could be known fails the audit with DRAW_RE_ROLLED, naming
 * both draws and the entries. The rule is shared/verify/re-roll.ts; here the entries come from the
 * audited log (--url) or the read-only database (--db). It runs after every entry was checked against
 * the log, so the rows read here are the logged ones.
 */
import type { Db } from '../db/connection.js';
import { findReRolls, reRollMessage, type EntryLike } from '../shared/verify/re-roll.js';
import type { AuditProblem } from './audit.js';

/** The first re-roll among the draws' entries, as an audit problem. */
export function reRollProblem(
  byDraw: ReadonlyMap<string, readonly EntryLike[]>
): AuditProblem | undefined {
  const r = findReRolls(byDraw)[0];
  if (!r) return undefined;
  return {
    code: 'DRAW_RE_ROLLED',
    message: reRollMessage(r),
    index: r.laterIndex,
    drawId: r.laterDrawId,
  };
}

/** The entry types the rule reads (the announced spec, the state reached, the cancel, the attempts). */
const TYPES = [
  'draw.created',
  'draw.announced',
  'draw.reveals_closed',
  'draw.beacon',
  'draw.public_sources',
  'draw.result',
  'draw.cancelled',
];

/** The same over a database: only the cancelled draws' entries and the draw.created ones are read. */
export function reRollProblemInDb(db: Db): AuditProblem | undefined {
  const cancelled = db
    .prepare(
      "SELECT DISTINCT subject_id FROM log_entries WHERE subject_kind = 'draw' AND type = 'draw.cancelled'"
    )
    .pluck()
    .all() as string[];
  if (cancelled.length === 0) return undefined;
  const wanted = new Set(cancelled);
  const rows = db
    .prepare(
      `SELECT idx, subject_id, data FROM log_entries WHERE subject_kind = 'draw' AND type IN (${TYPES.map(() => '?').join(', ')}) ORDER BY idx`
    )
    .iterate(...TYPES) as Iterable<{ idx: number; subject_id: string; data: Buffer }>;
  const byDraw = new Map<string, EntryLike[]>();
  for (const r of rows) {
    const entry = JSON.parse(r.data.toString('utf8')) as EntryLike['entry'];
    if (entry.type !== 'draw.created' && !wanted.has(r.subject_id)) continue;
    let list = byDraw.get(r.subject_id);
    if (!list) byDraw.set(r.subject_id, (list = []));
    list.push({ index: r.idx, entry });
  }
  return reRollProblem(byDraw);
}
