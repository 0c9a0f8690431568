/**
 * The audit's cross-check of a ceremony's rows against its verified log entries (docs/PROTOCOL.md
 * §Audit, docs/LIFECYCLE.md §Ceremonies): the draws row (its lots, state, shared spec, ceremony hash,
 * beacon, sources, seed input and seed, cancel reason), every ceremony_lots row (spec, announcement,
 * hash, fairness, lot seed, current result, closed or not), each lot's frozen pool and recorded steps,
 * the witnesses and the declines with their lot. Ceremonies are few: they are read one by one. The
 * first difference is reported with the log index of the entry that holds the true value.
 */
import { canonicalEqual } from '../shared/canonical.js';
import { lotRules } from '../shared/ceremony.js';
import type { Db } from '../db/connection.js';
import type { VerifiedBundle } from '../shared/verify.js';
import type { CeremonyHistory } from '../shared/verify/ceremony-history.js';
import type { TableProblem } from './draw-tables.js';

type Verified = NonNullable<VerifiedBundle['ceremony']>;
type Row = Record<string, unknown>;

function same(row: unknown, want: unknown, json: boolean): boolean {
  if (!json) return row === (want ?? null);
  if (want === undefined || want === null) return row === null;
  if (typeof row !== 'string') return false;
  try {
    return canonicalEqual(JSON.parse(row), want);
  } catch {
    return false;
  }
}

/** The ceremony's state as its entries imply (docs/LIFECYCLE.md §States). */
function stateOf(h: CeremonyHistory): string {
  if (h.cancelled) return 'cancelled';
  if (h.closed) return 'closed';
  if (h.result) return 'drawn';
  if (h.revealsClosed) {
    const spec = h.sealed[0]!.data.announcement.spec;
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

/** A checker of ceremonies' rows over `db`; returns the first difference of one ceremony. */
export function ceremonyTableChecker(db: Db) {
  // prepared on the first ceremony: a database from before ceremonies has none of these tables
  let checker: ((c: Verified) => TableProblem | undefined) | undefined;
  return (c: Verified) => (checker ??= prepare(db))(c);
}

function prepare(db: Db) {
  const draw = db.prepare('SELECT * FROM draws WHERE id = ?');
  const lots = db.prepare('SELECT * FROM ceremony_lots WHERE draw_id = ? ORDER BY idx');
  const pool = db.prepare(
    'SELECT registry_no, entry_json FROM ceremony_pool WHERE draw_id = ? AND idx = ? ORDER BY pool_no'
  );
  const steps = db.prepare(
    'SELECT n, step_json FROM ceremony_steps WHERE draw_id = ? AND idx = ? ORDER BY n'
  );
  const declines = db.prepare(
    'SELECT lot_id, registry_no, category, first_step FROM draw_declines WHERE draw_id = ? ORDER BY id'
  );
  const witnesses = db.prepare(
    'SELECT witness_id, name, commitment, secret FROM draw_witnesses WHERE draw_id = ? ORDER BY rowid'
  );
  return (c: Verified): TableProblem | undefined => {
    const h = c.history;
    const id = h.drawId;
    const diff = (table: string, column: string, index: number) => ({
      code: 'AUDIT_TABLE_MISMATCH' as const,
      message: `${table} of ${id}: ${column} differs from log entry ${index}`,
      drawId: id,
      table,
      column,
      index,
    });
    const d = draw.get(id) as Row | undefined;
    if (!d) return diff('draws', 'id', h.created.index);
    const r = h.result;
    const b = h.beacon?.data;
    const round = b && {
      chain: b.chain,
      round: b.round,
      signature: b.signature,
      randomness: b.randomness,
      ...(b.previousSignature ? { previousSignature: b.previousSignature } : {}),
    };
    const first = h.sealed[0];
    const expect: [string, unknown, number, boolean][] = [
      ['lot_ids_json', h.created.data.lotIds, h.created.index, true],
      ['state', stateOf(h), h.lastIndex, false],
      ['spec_json', first && lotRules(first.data.announcement.spec), first?.index ?? 0, true],
      ['announcement_hash', h.announced?.data.ceremonyHash, h.announced?.index ?? 0, false],
      ['beacon_json', round, h.beacon?.index ?? 0, true],
      ['beacon_source', b?.source, h.beacon?.index ?? 0, false],
      ['seed_input_json', r?.data.seedInput, r?.index ?? 0, true],
      ['seed', r?.data.seed, r?.index ?? 0, false],
      ['cancel_reason', h.cancelled?.data.reason, h.cancelled?.index ?? 0, false],
    ];
    for (const [column, want, index, json] of expect)
      if (!same(d[column], want, json)) return diff('draws', column, index);
    const values = h.publicSources.flatMap((e) => e.data.values);
    if (!same(d['public_sources_json'], values, true))
      return diff('draws', 'public_sources_json', h.publicSources.at(-1)?.index ?? 0);

    const rows = lots.all(id) as Row[];
    if (rows.length !== h.created.data.lotIds.length)
      return diff('ceremony_lots', 'idx', h.created.index);
    for (const [k, row] of rows.entries()) {
      const lotId = h.created.data.lotIds[k]!;
      const s = h.sealed[k];
      const lotDeclines = h.declined.filter((e) => e.data.lotId === lotId);
      const closed = h.lotClosed.find((e) => e.data.lotId === lotId);
      const logged = [
        ...(r ? r.data.lots[k]!.result.steps.map((x) => [x, r.index] as const) : []),
        ...lotDeclines.flatMap((e) => e.data.steps.map((x) => [x, e.index] as const)),
      ];
      const at = s?.index ?? h.created.index;
      const checks: [string, unknown, number, boolean][] = [
        ['lot_id', lotId, h.created.index, false],
        ['spec_json', s?.data.announcement.spec, at, true],
        ['announcement_json', s?.data.announcement, at, true],
        ['announcement_hash', s?.data.announcementHash, at, false],
        ['fairness_json', s?.data.fairness, at, true],
        ['lot_seed', r?.data.lots[k]!.lotSeed, r?.index ?? at, false],
        [
          'result_json',
          c.lots[k]?.result ?? undefined,
          lotDeclines.at(-1)?.index ?? r?.index ?? at,
          true,
        ],
      ];
      for (const [column, want, index, json] of checks)
        if (!same(row[column], want, json)) return diff('ceremony_lots', column, index);
      if ((row['closed_at'] !== null) !== (closed !== undefined))
        return diff('ceremony_lots', 'closed_at', closed?.index ?? h.lastIndex);
      const p = pool.all(id, k) as Row[];
      const entries = s?.data.pool ?? [];
      if (p.length !== entries.length || p.some((x, i) => !same(x['entry_json'], entries[i], true)))
        return diff('ceremony_pool', 'entry_json', at);
      const st = steps.all(id, k) as Row[];
      if (
        st.length !== logged.length ||
        st.some((x, i) => x['n'] !== logged[i]![0].n || !same(x['step_json'], logged[i]![0], true))
      )
        return diff('ceremony_steps', 'step_json', r?.index ?? at);
    }
    const w = witnesses.all(id) as Row[];
    if (
      w.length !== h.invited.length ||
      w.some((x, i) => {
        const wid = h.invited[i]!.data.witnessId;
        const commit = h.committed.filter((e) => e.data.witnessId === wid).at(-1);
        const reveal = h.revealed.find((e) => e.data.witnessId === wid);
        return (
          x['witness_id'] !== wid ||
          x['name'] !== h.invited[i]!.data.name ||
          x['commitment'] !== (commit?.data.commitment ?? null) ||
          x['secret'] !== (reveal?.data.secret ?? null)
        );
      })
    )
      return diff('draw_witnesses', 'commitment', h.announced?.index ?? h.created.index);
    const dl = declines.all(id) as Row[];
    if (
      dl.length !== h.declined.length ||
      dl.some((x, i) => {
        const e = h.declined[i]!.data;
        return (
          x['lot_id'] !== e.lotId ||
          x['registry_no'] !== e.registryNo ||
          x['category'] !== e.category ||
          x['first_step'] !== e.steps[0]!.n
        );
      })
    )
      return diff('draw_declines', 'registry_no', h.declined.at(-1)?.index ?? r?.index ?? 0);
    return undefined;
  };
}
