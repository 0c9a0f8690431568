/**
 * The audit's cross-check of the draw tables against the log (docs/PROTOCOL.md §Audit): the
 * tables (migration 0030) are fast-read copies of what each draw's log entries say, so every row is
 * compared with the value its entry records — draws (lot, attempt, state, sealed spec, announcement,
 * fairness, beacon, published sources, seed input, seed, current result, cancel reason), the frozen
 * pool rows, every step row, the witnesses (commitment, reveal, missing) and the declines. JSON
 * columns are compared as canonical JSON (RFC 8785) would see them — key order aside — so only a
 * change of meaning counts. The first
 * difference is reported with the log index of the entry that holds the true value.
 */
import { compareUtf8 } from '../shared/bytes.js';
import { canonicalEqual } from '../shared/canonical.js';
import type { DrawHistory } from '../shared/verify/history.js';
import type { Db } from '../db/connection.js';

export interface TableProblem {
  code: 'AUDIT_TABLE_MISMATCH' | 'AUDIT_DRAW_UNLOGGED';
  message: string;
  drawId: string;
  table: string;
  column?: string;
  /** the log entry holding the value the row should have */
  index?: number;
}

/** The columns of `draws` the log records a value for: what the checker reads and compares. */
const DRAW_COLUMNS = [
  'lot_id',
  'attempt',
  'state',
  'spec_json',
  'announcement_json',
  'announcement_hash',
  'fairness_json',
  'beacon_json',
  'beacon_source',
  'public_sources_json',
  'seed_input_json',
  'seed',
  'result_json',
  'cancel_reason',
] as const;

/** One expected column value and the entry that records it. */
type Expect = [column: (typeof DRAW_COLUMNS)[number], value: unknown, index: number, json: boolean];

/** The draw's state as its last entries imply (docs/LIFECYCLE.md §States). */
function stateOf(h: DrawHistory): string {
  if (h.cancelled) return 'cancelled';
  if (h.closed) return 'closed';
  if (h.result) return 'drawn';
  if (h.revealsClosed) {
    const spec = h.announced!.data.announcement.spec;
    const given = new Set(h.publicSources.flatMap((e) => e.data.values.map((v) => v.id)));
    const complete =
      (!spec.entropy.drand || h.beacon !== undefined) &&
      spec.entropy.publicSources.every((p) => given.has(p.id));
    return complete ? 'beacon_received' : 'reveals_closed';
  }
  if (h.revealed.length + h.rejected.length > 0 || h.last === 'draw.reveals_opened')
    return 'revealing';
  return h.announced ? 'announced' : 'draft';
}

function drawColumns(h: DrawHistory, result: unknown): Expect[] {
  const c = h.created;
  const out: Expect[] = [
    ['lot_id', c.data.lotId, c.index, false],
    ['attempt', c.data.attempt, c.index, false],
    ['state', stateOf(h), h.lastIndex, false],
  ];
  const a = h.announced;
  if (a)
    out.push(
      ['spec_json', a.data.announcement.spec, a.index, true],
      ['announcement_json', a.data.announcement, a.index, true],
      ['announcement_hash', a.data.announcementHash, a.index, false],
      ['fairness_json', a.data.fairness, a.index, true]
    );
  const b = h.beacon;
  if (b) {
    // the table keeps the round only: not the draw, the chain hash, the source or (v2) the history link
    const { drawId: _d, chainHash: _c, source, history: _h, ...round } = b.data;
    out.push(['beacon_json', round, b.index, true], ['beacon_source', source, b.index, false]);
  }
  const values = h.publicSources.flatMap((e) => e.data.values);
  out.push(['public_sources_json', values, h.publicSources.at(-1)?.index ?? c.index, true]);
  const r = h.result;
  if (r)
    out.push(
      ['seed_input_json', r.data.seedInput, r.index, true],
      ['seed', r.data.seed, r.index, false],
      ['result_json', result, h.declined.at(-1)?.index ?? r.index, true]
    );
  if (h.cancelled) out.push(['cancel_reason', h.cancelled.data.reason, h.cancelled.index, false]);
  return out;
}

function same(row: unknown, want: unknown, json: boolean): boolean {
  if (!json) return row === want;
  if (typeof row !== 'string') return false;
  // The server writes these columns with JSON.stringify, usually of an object built like the one
  // verified here: the same text then needs no parse (want holds only JSON values, integers only).
  if (row === JSON.stringify(want)) return true;
  try {
    return canonicalEqual(JSON.parse(row), want);
  } catch {
    return false;
  }
}

/** Rows are read raw (arrays, no per-row object): the draw id first, then the columns as selected. */
type Row = readonly unknown[];
type DrawRow = readonly [id: string, ...values: unknown[]];
type PoolRow = readonly [drawId: string, poolNo: number, registryNo: string, entryJson: string];
type StepRow = readonly [
  drawId: string,
  n: number,
  phase: string,
  registryNo: string,
  outcome: string,
  stepJson: string,
];
type WitnessRow = readonly [
  drawId: string,
  witnessId: string,
  name: string,
  commitment: string | null,
  secret: string | null,
  missing: number,
];
type DeclineRow = readonly [
  drawId: string,
  registryNo: string,
  firstStep: number,
  category: string | null,
];

/** Where each of DRAW_COLUMNS is in a DrawRow. */
const DRAW_COLUMN_AT = Object.fromEntries(DRAW_COLUMNS.map((c, i) => [c, i + 1])) as Record<
  (typeof DRAW_COLUMNS)[number],
  number
>;

interface DrawRows {
  draw: DrawRow | undefined;
  pool: PoolRow[];
  steps: StepRow[];
  witnesses: WitnessRow[];
  declines: DeclineRow[];
}

/** A cursor over rows ordered by their draw id: rows(id) returns the rows of `id`, skipping before. */
function rowsByDraw<T extends Row>(rows: Iterator<T>) {
  let next = rows.next();
  const take = (id: string): T[] => {
    const out: T[] = [];
    // compareUtf8 orders as SQLite's BINARY collation does (UTF-8 bytes)
    while (!next.done && compareUtf8(next.value[0] as string, id) < 0) next = rows.next();
    while (!next.done && next.value[0] === id) {
      out.push(next.value);
      next = rows.next();
    }
    return out;
  };
  // An open statement keeps the connection busy: close() ends it early.
  return Object.assign(take, { close: () => void rows.return?.() });
}

/**
 * A checker over the draws with ids from..to (SQLite's order), reading each table ONCE in draw id
 * order — one pass per table instead of five queries per draw; it must be called for ascending draw
 * ids (it may skip some), and closed at the end. It compares one draw's rows with its verified
 * history and returns the first difference.
 */
export function drawTableChecker(db: Db, from: string, to: string) {
  const cursor = <T extends Row>(sql: string) =>
    rowsByDraw((db.prepare(sql).raw().iterate(from, to) as IterableIterator<T>)[Symbol.iterator]());
  const draws = cursor<DrawRow>(
    `SELECT id, ${DRAW_COLUMNS.join(', ')} FROM draws WHERE id BETWEEN ? AND ? ORDER BY id`
  );
  const pool = cursor<PoolRow>(
    'SELECT draw_id, pool_no, registry_no, entry_json FROM draw_pool WHERE draw_id BETWEEN ? AND ? ORDER BY draw_id, pool_no'
  );
  const steps = cursor<StepRow>(
    'SELECT draw_id, n, phase, registry_no, outcome, step_json FROM draw_steps WHERE draw_id BETWEEN ? AND ? ORDER BY draw_id, n'
  );
  const witnesses = cursor<WitnessRow>(
    'SELECT draw_id, witness_id, name, commitment, secret, missing FROM draw_witnesses WHERE draw_id BETWEEN ? AND ? ORDER BY draw_id, rowid'
  );
  // the public category column came with protocol version 2 (migration 0031): a database from
  // before it has none, and its declines' entries have no category either
  const hasCategory =
    db.prepare("SELECT 1 FROM pragma_table_info('draw_declines') WHERE name = 'category'").get() !==
    undefined;
  const declines = cursor<DeclineRow>(
    `SELECT draw_id, registry_no, first_step, ${hasCategory ? 'category' : 'NULL'} FROM draw_declines WHERE draw_id BETWEEN ? AND ? ORDER BY draw_id, id`
  );
  const check = (h: DrawHistory, result: unknown) =>
    checkDraw(
      {
        draw: draws(h.drawId)[0],
        pool: pool(h.drawId),
        steps: steps(h.drawId),
        witnesses: witnesses(h.drawId),
        declines: declines(h.drawId),
      },
      h,
      result
    );
  /** Ends the table reads (call when done: the connection is busy while they are open). */
  const close = () => [draws, pool, steps, witnesses, declines].forEach((c) => c.close());
  return Object.assign(check, { close });
}

function checkDraw(rows: DrawRows, h: DrawHistory, result: unknown): TableProblem | undefined {
  const id = h.drawId;
  const diff = (table: string, column: string, index: number, what = column) => ({
    code: 'AUDIT_TABLE_MISMATCH' as const,
    message: `${table} of ${id}: ${what} differs from log entry ${index}`,
    drawId: id,
    table,
    column,
    index,
  });
  const row = rows.draw;
  if (!row) return diff('draws', 'id', h.created.index, 'the row is missing');
  for (const [column, value, index, json] of drawColumns(h, result))
    if (!same(row[DRAW_COLUMN_AT[column]], value, json)) return diff('draws', column, index);

  const a = h.announced;
  const pool = rows.pool;
  const entries = a?.data.pool ?? [];
  if (pool.length !== entries.length)
    return diff('draw_pool', 'pool_no', a?.index ?? h.created.index, 'the number of rows');
  for (const [i, [, poolNo, registryNo, entryJson]] of pool.entries())
    if (
      poolNo !== i + 1 ||
      registryNo !== entries[i]!.registryNo ||
      !same(entryJson, entries[i], true)
    )
      return diff('draw_pool', 'entry_json', a!.index, `pool row ${i + 1}`);

  const logged = [
    ...(h.result ? h.result.data.result.steps.map((s) => [s, h.result!.index] as const) : []),
    ...h.declined.flatMap((e) => e.data.steps.map((s) => [s, e.index] as const)),
  ];
  const steps = rows.steps;
  if (steps.length !== logged.length)
    return diff('draw_steps', 'n', h.result?.index ?? h.created.index, 'the number of rows');
  for (const [i, [, n, phase, registryNo, outcome, stepJson]] of steps.entries()) {
    const [step, index] = logged[i]!;
    if (
      n !== step.n ||
      phase !== step.phase ||
      registryNo !== step.registryNo ||
      outcome !== step.outcome ||
      !same(stepJson, step, true)
    )
      return diff('draw_steps', 'step_json', index, `step ${step.n}`);
  }

  const witnesses = rows.witnesses;
  if (witnesses.length !== h.invited.length)
    return diff('draw_witnesses', 'witness_id', h.created.index, 'the number of rows');
  for (const [i, [, witnessId, name, commitment, secret, isMissing]] of witnesses.entries()) {
    const inv = h.invited[i]!;
    const commit = h.committed.filter((e) => e.data.witnessId === witnessId).at(-1);
    const reveal = h.revealed.find((e) => e.data.witnessId === witnessId);
    const missing = h.revealsClosed?.data.missing.includes(witnessId) ?? false;
    if (witnessId !== inv.data.witnessId || name !== inv.data.name)
      return diff('draw_witnesses', 'name', inv.index, `witness ${witnessId}`);
    if (commitment !== (commit?.data.commitment ?? null))
      return diff('draw_witnesses', 'commitment', commit?.index ?? inv.index);
    if (secret !== (reveal?.data.secret ?? null))
      return diff('draw_witnesses', 'secret', reveal?.index ?? inv.index);
    if ((isMissing === 1) !== missing)
      return diff('draw_witnesses', 'missing', h.revealsClosed?.index ?? inv.index);
  }

  const declines = rows.declines;
  if (declines.length !== h.declined.length)
    return diff(
      'draw_declines',
      'registry_no',
      h.result?.index ?? h.created.index,
      'the number of rows'
    );
  for (const [i, [, registryNo, firstStep, category]] of declines.entries()) {
    const e = h.declined[i]!;
    if (registryNo !== e.data.registryNo || firstStep !== e.data.steps[0]!.n)
      return diff('draw_declines', 'registry_no', e.index, `decline ${i + 1}`);
    // the public category is shown from the table: it must be the logged one
    if ((category ?? undefined) !== e.data.category)
      return diff('draw_declines', 'category', e.index, `decline ${i + 1}'s category`);
  }
  return undefined;
}

/** Draw rows the log never mentions (a row added behind the log's back). */
export function unloggedDraws(db: Db, logged: ReadonlySet<string>): TableProblem | undefined {
  for (const id of db
    .prepare('SELECT id FROM draws ORDER BY id')
    .pluck()
    .iterate() as Iterable<string>)
    if (!logged.has(id))
      return {
        code: 'AUDIT_DRAW_UNLOGGED',
        message: `draw ${id} is in the draws table but not in the log`,
        drawId: id,
        table: 'draws',
      };
  return undefined;
}
