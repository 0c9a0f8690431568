/**
 * A ceremony's announcement (docs/LIFECYCLE.md §Ceremonies, docs/PROTOCOL.md §Ceremonies): each lot's
 * draft (the shared one with the lot's override) completed into a version 3 LotSpec; each lot's pool
 * frozen, its rules checked, its announcement hashed and its fairness report computed from that hash,
 * as announce.ts does for one draw; then the ceremony announcement over every lot's hash, in
 * broadcast order. One transaction stores and logs it all: a draw.lot_sealed per lot, then
 * draw.announced. The preview (ceremony-preview.ts) runs the same per lot and writes nothing.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import * as lrepo from '../../db/repos/ceremony-lots.repo.js';
import { fromHex, toHex } from '../../shared/bytes.js';
import { canonicalString } from '../../shared/canonical.js';
import { logChangedFor } from '../../db/repos/log.repo.js';
import type { PoolEntry } from '../../shared/schemas/pool.js';
import type { Hasher } from '../../shared/hash.js';
import type { FairnessReport } from '../../shared/schemas/feasibility.js';
import { checkFeasibility } from '../../shared/draw/feasibility.js';
import { FAIRNESS_K, fairnessReport } from '../../shared/draw/fairness.js';
import { DrawError, InputError } from '../../shared/errors.js';
import { freezePool } from '../../shared/pool.js';
import { LotSpec, type LotAnnouncement } from '../../shared/schemas/ceremony.js';
import {
  ceremonyAnnouncement,
  ceremonyHash,
  lotAnnouncementHash,
  lotRules,
} from '../../shared/ceremony.js';
import { lotEligibility } from '../lots/conflicts.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { getDraw } from './draft.js';
import { getCeremony } from './ceremony-create.js';
import { requireUnpredictable } from './unpredictable.js';
import { checkTimes } from './announce-times.js';
import type { FairnessInput } from './announce.js';

type Issue = { path: string; message: string };

/** A lot's spec, or its issues named `draft.<field>` (shared) or `lots.<lotId>.<field>` (override). */
export function lotSpec(
  d: repo.DrawRecord,
  lot: lrepo.CeremonyLotRecord,
  witnesses: readonly wrepo.WitnessRecord[]
): { spec: LotSpec; issues: [] } | { spec: null; issues: Issue[] } {
  const r = LotSpec.safeParse({
    version: 3,
    lotId: String(lot.lotId),
    ...d.draft,
    ...lot.draft,
    witnesses: witnesses.map((w) => ({ id: w.witnessId, name: w.name, commitment: w.commitment })),
  });
  if (r.success) return { spec: r.data, issues: [] };
  return {
    spec: null,
    issues: r.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      const own = Object.hasOwn(lot.draft, field);
      const where = own ? ['lots', String(lot.lotId)] : ['draft'];
      return { path: [...where, ...i.path.map(String)].join('.'), message: i.message };
    }),
  };
}

/** What sealing one lot gives. */
interface SealedLot {
  lot: lrepo.CeremonyLotRecord;
  spec: LotSpec;
  pool: ReturnType<typeof freezePool>;
  announcement: LotAnnouncement;
  hash: Uint8Array;
}

/**
 * Lots sealed on this thread (a test checks that an announcement whose lots were sealed in a worker
 * does not seal them again here).
 */
export const sealedHere = { count: 0 };

/** Eligibility on asOf by the registry's rules, the frozen pool and the lot's announcement. */
function sealLot(
  deps: Pick<DrawDeps, 'db'>,
  hasher: Hasher,
  id: string,
  lot: lrepo.CeremonyLotRecord,
  spec: LotSpec
) {
  sealedHere.count += 1;
  const e = lotEligibility(deps.db, lot.lotId, spec.asOf, spec.cooldownDays);
  const pool = freezePool(e.eligible, hasher);
  const announcement: LotAnnouncement = {
    version: 1,
    drawId: id,
    spec,
    pool: { root: pool.root, size: pool.entries.length },
    exclusions: [...e.exclusions],
  };
  return { pool, announcement, exclusions: e.exclusions, considered: e.considered };
}

/** What sealing one lot gives, as plain data (it may come from a worker thread). */
export interface LotParts {
  spec: LotSpec;
  /** the frozen pool's entries in canonical order, and its root */
  entries: PoolEntry[];
  root: string;
  announcement: LotAnnouncement;
  /** the announcement's hash, hex */
  hash: string;
}

/** LotParts with its fairness report: everything the announcement seals of one lot. */
export type SealedParts = LotParts & { fairness: FairnessReport };

/**
 * What each lot would seal if the ceremony were announced now, without fairness reports (computed
 * apart, one per lot, in the fairness workers); null when it cannot be announced as it stands (the
 * transaction then answers with the error). Runs in a worker over one snapshot (fairness.worker.ts).
 */
export function ceremonyParts(
  deps: Pick<DrawDeps, 'db'> & { hasher: Hasher },
  id: string
): LotParts[] | null {
  const { d, lots } = getCeremony(deps, id);
  if (d.state !== 'draft') return null;
  const witnesses = wrepo.listWitnesses(deps.db, id);
  const out: LotParts[] = [];
  for (const lot of lots) {
    const { spec } = lotSpec(d, lot, witnesses);
    if (!spec) return null;
    const { pool, announcement } = sealLot(deps, deps.hasher, id, lot, spec);
    if (!checkFeasibility(lotRules(spec), pool.entries).feasible) return null;
    const hash = toHex(lotAnnouncementHash(announcement, deps.hasher));
    out.push({ spec, entries: pool.entries, root: pool.root, announcement, hash });
  }
  return out;
}

/** A lot's fairness report input (plain data, for a worker thread). */
export function fairnessInputOf(p: LotParts): FairnessInput {
  return { spec: lotRules(p.spec), entries: p.entries, hash: p.hash };
}

/**
 * Seals the ceremony. Throws as announceDraw does (announce.ts): WITNESS_NOT_COMMITTED,
 * DRAFT_INCOMPLETE (issues name `draft.<field>` or `lots.<lotId>.<field>`), the time and
 * unpredictability rules, DRAW_INFEASIBLE naming the lot (details: lotId and the report).
 */
export function announceCeremony(
  deps: DrawDeps,
  actor: string,
  id: string,
  /**
   * what every lot seals, computed ahead over the snapshot of the first logSize log entries (in
   * workers): used as it is if no log entry since could change it; else each lot is sealed here, and
   * a report computed ahead still counts for the very announcement it was computed from
   */
  ahead?: { logSize: number; lots: SealedParts[] }
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const { d, lots } = getCeremony(deps, id);
    requireState(id, d.state, 'announce');
    const witnesses = wrepo.listWitnesses(deps.db, id);
    const silent = witnesses.filter((w) => w.commitment === null).map((w) => w.witnessId);
    if (silent.length > 0)
      throw new DrawError(
        'WITNESS_NOT_COMMITTED',
        `witness(es) ${silent.join(', ')} have not committed yet`,
        { details: { witnesses: silent } }
      );
    const specs = lots.map((lot) => lotSpec(d, lot, witnesses));
    const issues = specs.flatMap((s) => s.issues);
    if (issues.length > 0)
      throw new InputError(
        'DRAFT_INCOMPLETE',
        `the draft is not a valid spec: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { details: { issues } }
      );
    const shared = lotRules(specs[0]!.spec!);
    checkTimes(shared, rec.now);
    requireUnpredictable(shared, rec.now);
    const hasher = deps.tlog.hasher;
    const reuse =
      ahead !== undefined &&
      ahead.lots.length === lots.length &&
      !logChangedFor(deps.db, ahead.logSize, id) &&
      ahead.lots.every((p, i) => canonicalString(p.spec) === canonicalString(specs[i]!.spec));
    const reports = new Map((ahead?.lots ?? []).map((p) => [p.hash, p.fairness]));
    const sealed: SealedLot[] = lots.map((lot, i) => {
      const p = reuse ? ahead.lots[i]! : undefined;
      if (p)
        return {
          lot,
          spec: p.spec,
          pool: { root: p.root, entries: p.entries },
          announcement: p.announcement,
          hash: fromHex(p.hash),
        };
      const spec = specs[i]!.spec!;
      const { pool, announcement } = sealLot(deps, hasher, id, lot, spec);
      const feasibility = checkFeasibility(lotRules(spec), pool.entries);
      if (!feasibility.feasible) {
        const hint = feasibility.suggestions[0] ? `; e.g. ${feasibility.suggestions[0].text}` : '';
        throw new DrawError(
          'DRAW_INFEASIBLE',
          `lot ${lot.lotId}: ${feasibility.problems[0]!.message}${hint}`,
          { details: { lotId: lot.lotId, ...feasibility } }
        );
      }
      return { lot, spec, pool, announcement, hash: lotAnnouncementHash(announcement, hasher) };
    });
    const ceremony = ceremonyAnnouncement(
      id,
      sealed.map((s) => toHex(s.hash))
    );
    const cHash = toHex(ceremonyHash(ceremony, hasher));
    for (const s of sealed) {
      // a report computed ahead counts only if it is of this very announcement (its hash covers
      // spec, pool and exclusions); else it is computed here
      const fairness =
        reports.get(toHex(s.hash)) ??
        fairnessReport(lotRules(s.spec), s.pool.entries, s.hash, FAIRNESS_K, hasher);
      lrepo.insertLotPool(deps.db, id, s.lot.index, s.pool.entries);
      lrepo.updateLot(deps.db, id, s.lot.index, {
        spec: s.spec,
        announcement: s.announcement,
        announcementHash: toHex(s.hash),
        fairness,
      });
      rec.recordCeremony('draw.lot_sealed', {
        drawId: id,
        index: s.lot.index,
        lotId: s.lot.lotId,
        announcement: s.announcement,
        announcementHash: toHex(s.hash),
        pool: s.pool.entries,
        fairness,
      });
    }
    // The row keeps what every lot shares (entropy, witnesses, reveal deadline) as a spec the reveal,
    // beacon and cancel rules read, and the ceremony hash as the hash the seed input names.
    repo.updateDraw(deps.db, id, rec.at, {
      state: 'announced',
      spec: shared,
      announcementHash: cHash,
      announcedAt: rec.at,
    });
    rec.recordCeremony('draw.announced', { drawId: id, ceremony, ceremonyHash: cHash });
    return getDraw(deps, id);
  });
}
