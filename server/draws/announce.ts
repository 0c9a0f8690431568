/**
 * Announcement (docs/LIFECYCLE.md §Announce, docs/PROTOCOL.md §Pool, §Announcement): the draft is
 * completed into a DrawSpec with the witnesses' commitments; eligibility is computed for the lot on
 * spec.asOf with the registry's own rules (conflicts.ts lotEligibility); the pool is frozen; the rules
 * are checked for feasibility; the announcement is hashed and the fairness report computed from that
 * hash. All of it is stored and logged as 'draw.announced' in one transaction, so no registry edit can
 * slip in between and none made later can change the frozen pool. Preview runs the same steps and
 * writes nothing. The fairness report (seconds of CPU for a large pool) may be computed beforehand in
 * a worker thread (fairness-pool.ts): the transaction recomputes the announcement and uses that
 * report only if its hash is the same.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import * as poolRepo from '../../db/repos/draw-pool.repo.js';
import { announcementHash, buildAnnouncement } from '../../shared/announcement.js';
import { fromHex, toHex } from '../../shared/bytes.js';
import type { Hasher } from '../../shared/hash.js';
import type { Announcement, FrozenPool, PoolEntry } from '../../shared/schemas/pool.js';
import { canonicalString } from '../../shared/canonical.js';
import { logChangedFor } from '../../db/repos/log.repo.js';
import type { FairnessReport } from '../../shared/schemas/feasibility.js';
import { checkFeasibility } from '../../shared/draw/feasibility.js';
import { FAIRNESS_K, fairnessReport } from '../../shared/draw/fairness.js';
import { DrawError, InputError } from '../../shared/errors.js';
import { freezePool } from '../../shared/pool.js';
import { PREVIOUS_ATTEMPTS_SINCE, writerVersion } from '../../shared/protocol-versions.js';
import { DrawSpec } from '../../shared/schemas/draw-spec.js';
import type { DrawPreview } from '../../shared/api/draws.js';
import { lotEligibility } from '../lots/conflicts.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { getDraw } from './draft.js';
import { kzDateOf } from '../../shared/civil-date.js';
import { codedIssue, type CodedIssue } from '../../shared/api/issue-codes.js';
import { requireUnpredictable } from './unpredictable.js';
import { checkTimes } from './announce-times.js';

type Issue = { path: string; message: string };

/**
 * The draft as a DrawSpec, or its issues: the writer's protocol version (shared/protocol-versions.ts
 * writerVersion: the newest, so every new draw has complete histories) — at least 4 for a lot's later
 * attempt, whose bundle carries the earlier attempts (docs/PROTOCOL.md §Previous attempts) — the
 * lot's id, the committed witnesses.
 */
function completeSpec(
  d: repo.DrawRecord,
  witnesses: readonly wrepo.WitnessRecord[]
):
  | { spec: DrawSpec; issues: []; issueCodes: [] }
  | { spec: null; issues: Issue[]; issueCodes: CodedIssue[] } {
  const r = DrawSpec.safeParse({
    version:
      d.attempt > 1
        ? Math.max(writerVersion(d.draft), PREVIOUS_ATTEMPTS_SINCE)
        : writerVersion(d.draft),
    lotId: String(d.lotId),
    ...d.draft,
    witnesses: witnesses.map((w) => ({ id: w.witnessId, name: w.name, commitment: w.commitment })),
  });
  if (r.success) return { spec: r.data, issues: [], issueCodes: [] };
  const path = (i: (typeof r.error.issues)[number]) => ['draft', ...i.path.map(String)].join('.');
  return {
    spec: null,
    issues: r.error.issues.map((i) => ({ path: path(i), message: i.message })),
    // the same issues as catalogue codes with values, for the console to tell in the user's language
    issueCodes: r.error.issues.map((i) => codedIssue(i, path(i))),
  };
}

/**
 * Pools frozen on this thread (tests check that an announcement whose pool was frozen in a worker
 * does not freeze it again here: about 150 ms for 2,000 experts).
 */
export const frozenHere = { count: 0 };

/** Eligibility on asOf, and the frozen pool it gives. */
function poolFor(deps: PreviewDeps, lotId: number, asOf: string, cooldownDays: number) {
  frozenHere.count += 1;
  const e = lotEligibility(deps.db, lotId, asOf, cooldownDays);
  return {
    pool: freezePool(e.eligible, deps.hasher),
    exclusions: e.exclusions,
    considered: e.considered,
  };
}

/** What the fairness report is computed from (plain data: it may go to a worker thread). */
export interface FairnessInput {
  spec: DrawSpec;
  entries: PoolEntry[];
  /** the announcement's hash, hex */
  hash: string;
}

/** The fairness report, on this thread (fairness-pool.ts runs the same in a worker). */
export function fairnessOf(input: FairnessInput, hasher: Hasher): FairnessReport {
  return fairnessReport(input.spec, input.entries, fromHex(input.hash), FAIRNESS_K, hasher);
}

/** What a preview reads: the database (a read-only connection will do), the clock, a hasher. */
export interface PreviewDeps extends Pick<DrawDeps, 'db' | 'clock'> {
  hasher: Hasher;
}

/** The preview without its fairness report, and what the report is computed from (if feasible). */
export function previewParts(
  deps: PreviewDeps,
  id: string
): { preview: DrawPreview; fairness: FairnessInput | null } {
  const d = getDraw(deps, id);
  const witnesses = wrepo.listWitnesses(deps.db, id);
  const { spec, issues, issueCodes } = completeSpec(d, witnesses);
  const asOf = d.draft.asOf ?? kzDateOf(deps.clock());
  const { pool, exclusions, considered } = poolFor(deps, d.lotId, asOf, d.draft.cooldownDays ?? 0);
  const feasibility = spec ? checkFeasibility(spec, pool.entries) : null;
  const fairness =
    spec && feasibility?.feasible
      ? {
          spec,
          entries: pool.entries,
          hash: toHex(announcementHash(buildAnnouncement({ drawId: id, spec, pool, exclusions }))),
        }
      : null;
  return {
    preview: {
      drawId: id,
      spec,
      specIssues: issues,
      specIssueCodes: issueCodes,
      considered,
      eligible: pool.entries,
      exclusions,
      feasibility,
      fairness: null,
    },
    fairness,
  };
}

/**
 * What an announcement seals, computed ahead of its transaction (fairness.worker.ts, over one
 * snapshot of the database): the spec, the frozen pool, the announcement, its hash and the fairness
 * report. Null when the draw cannot be announced as it stands (not a draft, incomplete, infeasible):
 * the transaction then answers with the error.
 */
export interface AnnounceParts {
  spec: DrawSpec;
  pool: FrozenPool;
  announcement: Announcement;
  /** the announcement's hash, hex */
  hash: string;
  fairness: FairnessReport;
}

export function announceParts(deps: PreviewDeps, id: string): AnnounceParts | null {
  const d = getDraw(deps, id);
  if (d.state !== 'draft') return null;
  const { spec } = completeSpec(d, wrepo.listWitnesses(deps.db, id));
  if (!spec) return null;
  const { pool, exclusions } = poolFor(deps, d.lotId, spec.asOf, spec.cooldownDays);
  if (!checkFeasibility(spec, pool.entries).feasible) return null;
  const announcement = buildAnnouncement({ drawId: id, spec, pool, exclusions });
  const hash = toHex(announcementHash(announcement));
  const fairness = fairnessOf({ spec, entries: pool.entries, hash }, deps.hasher);
  return { spec, pool, announcement, hash, fairness };
}

/** What the operator sees before announcing: nothing is written. */
export function previewDraw(deps: DrawDeps, id: string): DrawPreview {
  const hasher = deps.tlog.hasher;
  const { preview, fairness } = previewParts({ db: deps.db, clock: deps.clock, hasher }, id);
  return { ...preview, fairness: fairness && fairnessOf(fairness, hasher) };
}

/**
 * Seals the draw. Throws InputError DRAFT_INCOMPLETE (issues name draft fields), ConflictError
 * WITNESS_NOT_COMMITTED, DrawError DRAW_ROUND_NOT_FUTURE / REVEAL_DEADLINE_PASSED, InputError
 * REVEAL_DEADLINE_AFTER_ROUND, ConflictError DRAW_SEED_PREDICTABLE / PUBLIC_SOURCE_NOT_FUTURE,
 * InputError PUBLIC_SOURCE_UNDATED, DrawError DRAW_INFEASIBLE (details: the feasibility report).
 */
export function announceDraw(
  deps: DrawDeps,
  actor: string,
  id: string,
  precomputed?: {
    hash: string;
    fairness: FairnessReport;
    /** everything sealed, computed over the snapshot of the first logSize log entries */
    parts?: { logSize: number; parts: AnnounceParts };
  }
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'announce');
    const witnesses = wrepo.listWitnesses(deps.db, id);
    const silent = witnesses.filter((w) => w.commitment === null).map((w) => w.witnessId);
    if (silent.length > 0)
      throw new DrawError(
        'WITNESS_NOT_COMMITTED',
        `witness(es) ${silent.join(', ')} have not committed yet`,
        { details: { witnesses: silent } }
      );
    const { spec, issues, issueCodes } = completeSpec(d, witnesses);
    if (!spec)
      throw new InputError(
        'DRAFT_INCOMPLETE',
        `the draft is not a valid spec: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { details: { issues, issueCodes } }
      );
    checkTimes(spec, rec.now);
    requireUnpredictable(spec, rec.now);
    // Parts computed ahead over a snapshot hold if no log entry since could change them: the pool
    // and the announcement are a function of the log (the audit re-derives them from it), and only
    // registry entries or this draw's own entries change what they are made from. Else (or without
    // parts) the pool is frozen here, inside the transaction, from the database as it is at commit.
    const ahead = precomputed?.parts;
    const reuse =
      ahead !== undefined &&
      !logChangedFor(deps.db, ahead.logSize, id) &&
      canonicalString(ahead.parts.spec) === canonicalString(spec);
    let pool: FrozenPool['entries'];
    let announcement: Announcement;
    let hash: Uint8Array;
    let fairness: FairnessReport;
    if (reuse) {
      ({ announcement, fairness } = ahead.parts);
      pool = ahead.parts.pool.entries;
      hash = fromHex(ahead.parts.hash);
    } else {
      const frozen = poolFor(
        { db: deps.db, clock: deps.clock, hasher: deps.tlog.hasher },
        d.lotId,
        spec.asOf,
        spec.cooldownDays
      );
      const feasibility = checkFeasibility(spec, frozen.pool.entries);
      if (!feasibility.feasible) {
        const hint = feasibility.suggestions[0] ? `; e.g. ${feasibility.suggestions[0].text}` : '';
        throw new DrawError('DRAW_INFEASIBLE', `${feasibility.problems[0]!.message}${hint}`, {
          details: feasibility,
        });
      }
      pool = frozen.pool.entries;
      announcement = buildAnnouncement({ drawId: id, spec, ...frozen });
      hash = announcementHash(announcement);
      // A report computed off-thread before this transaction counts only if it was computed from
      // this very announcement (the hash covers spec, pool and exclusions); else it is computed here.
      fairness =
        precomputed?.hash === toHex(hash)
          ? precomputed.fairness
          : fairnessReport(spec, pool, hash, FAIRNESS_K, deps.tlog.hasher);
    }
    poolRepo.insertPool(deps.db, id, pool);
    repo.updateDraw(deps.db, id, rec.at, {
      state: 'announced',
      spec,
      announcement,
      announcementHash: toHex(hash),
      fairness,
      announcedAt: rec.at,
    });
    rec.record('draw.announced', {
      drawId: id,
      announcement,
      announcementHash: toHex(hash),
      pool,
      fairness,
    });
    return getDraw(deps, id);
  });
}
