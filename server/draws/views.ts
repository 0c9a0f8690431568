/**
 * What the public and the operator read about draws (docs/LIFECYCLE.md §Routes). Built from the
 * stored rows; the log holds the same facts and the bundle/audit check them against each other. The
 * public view has no personal data: no account ids or usernames, no decline reasons.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import * as poolRepo from '../../db/repos/draw-pool.repo.js';
import { findCompetition } from '../../db/repos/lots.repo.js';
import { roundTime } from '../../shared/drand-chains.js';
import type {
  BeaconStatus,
  DrawListQuery,
  DrawSummary,
  OperatorDrawDetail,
  PublicDrawDetail,
  WitnessInvitation,
} from '../../shared/api/draws.js';
import type { Lot } from '../../shared/schemas/lots.js';
import type { DrawDeps } from './action.js';
import { getDraw } from './draft.js';
import { getLot } from '../lots/lots.js';
import { expertNames, lotNames, organizationNames } from './view-names.js';
import { drandRelays } from '../config.js';
import { beaconUrl } from './drand-relay.js';

type Db = DrawDeps['db'];

function beaconAt(d: repo.DrawRecord): string | null {
  const drand = (d.spec ?? d.draft).entropy?.drand;
  return drand ? new Date(roundTime(drand.chain, drand.round) * 1000).toISOString() : null;
}

function summaryOf(d: repo.DrawRecord, lot: Lot, competitionCode: string): DrawSummary {
  return {
    id: d.id,
    lotId: d.lotId,
    lotTitleKk: lot.titleKk,
    lotTitleRu: lot.titleRu,
    competitionCode,
    directionCode: lot.directionCode,
    attempt: d.attempt,
    state: d.state,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    announcedAt: d.announcedAt,
    revealDeadline: (d.spec ?? d.draft).revealDeadline ?? null,
    beaconAt: beaconAt(d),
    cancelReason: d.cancelReason,
    ...(d.lotIds ? { lotIds: d.lotIds } : {}),
  };
}

/** One draw's (or ceremony's: its first lot's) summary. */
export function summaryOfDraw(deps: Pick<DrawDeps, 'db'>, d: repo.DrawRecord): DrawSummary {
  const { lot, code } = lotAndCode(deps.db, d.lotId);
  return summaryOf(d, lot, code);
}

function lotAndCode(db: Db, lotId: number): { lot: Lot; code: string } {
  const lot = getLot(db, lotId);
  return { lot, code: findCompetition(db, lot.competitionId)?.code ?? '' };
}

/**
 * Whether the public list shows a draw: nothing is listed before its announcement, so drafts stay
 * off it. A cancelled draw is listed whatever state it left, since its reason is published. The
 * operator's list shows every draw.
 */
export function isListedPublicly(d: Pick<repo.DrawRecord, 'state'>): boolean {
  return d.state !== 'draft';
}

/** Every draw, newest first: past and upcoming, cancelled ones included. */
export function listDrawSummaries(deps: Pick<DrawDeps, 'db'>, q: DrawListQuery): DrawSummary[] {
  return summariesOf(deps, repo.listDraws(deps.db, q));
}

/** The public list: announced draws only, newest first (docs/LIFECYCLE.md §Routes, Public). */
export function listPublicDrawSummaries(
  deps: Pick<DrawDeps, 'db'>,
  q: DrawListQuery
): DrawSummary[] {
  return summariesOf(deps, repo.listDraws(deps.db, q).filter(isListedPublicly));
}

function summariesOf(deps: Pick<DrawDeps, 'db'>, draws: repo.DrawRecord[]): DrawSummary[] {
  const lots = new Map<number, { lot: Lot; code: string }>();
  return draws.map((d) => {
    let l = lots.get(d.lotId);
    if (!l) lots.set(d.lotId, (l = lotAndCode(deps.db, d.lotId)));
    return summaryOf(d, l.lot, l.code);
  });
}

/** Why the draw waits for its beacon, or null when it does not. */
export function beaconStatusOf(d: repo.DrawRecord): BeaconStatus | null {
  const drand = d.spec?.entropy.drand;
  if (d.state !== 'reveals_closed' || !drand || d.beacon !== null) return null;
  const availableAt = new Date(roundTime(drand.chain, drand.round) * 1000).toISOString();
  return {
    availableAt,
    waitingSince: d.beaconWaitingSince ?? d.updatedAt,
    lastError: d.beaconLastError,
    attempts: d.beaconAttempts,
    nextRetryAt: d.beaconNextRetryAt ?? availableAt,
  };
}

export function publicDrawDetail(deps: Pick<DrawDeps, 'db'>, id: string): PublicDrawDetail {
  const d = getDraw(deps, id);
  const { lot, code } = lotAndCode(deps.db, d.lotId);
  // the lot's single draws (a ceremony whose first lot it is has a row there too)
  const attempts = repo.drawsOfLot(deps.db, d.lotId).filter((a) => a.lotIds === null);
  const steps = poolRepo.listSteps(deps.db, id);
  const drand = d.spec?.entropy.drand;
  return {
    ...summaryOf(d, lot, code),
    lot: {
      id: lot.id,
      titleKk: lot.titleKk,
      titleRu: lot.titleRu,
      directionCode: lot.directionCode,
      competitionCode: code,
      ...lotNames(deps.db, lot),
      applicants: lot.applicants.map((a) => ({ name: a.name, bin: a.bin })),
    },
    draft: d.state === 'draft' ? d.draft : null,
    spec: d.spec,
    announcement: d.announcement,
    announcementHash: d.announcementHash,
    pool: poolRepo.listPool(deps.db, id).map((e, i) => ({ ...e, poolNo: i + 1 })),
    exclusions: d.announcement?.exclusions ?? [],
    fairness: d.fairness,
    witnesses: wrepo.listWitnesses(deps.db, id).map((w) => ({
      id: w.witnessId,
      name: w.name,
      commitment: w.commitment,
      secret: w.secret,
      revealedAt: w.revealedAt,
      missing: w.missing,
      rejectedAttempts: w.rejectedAttempts,
    })),
    beacon:
      d.beacon && drand
        ? { ...d.beacon, chainHash: drand.chainHash, source: d.beaconSource!, verified: true }
        : null,
    beaconStatus: beaconStatusOf(d),
    publicSources: d.publicSources,
    seedInput: d.seedInput,
    seed: d.seed,
    steps,
    commission: d.result?.commission ?? [],
    reserves: d.result?.reserves ?? [],
    replacements: steps.filter((s) => s.phase === 'replacement'),
    publicDeclines: poolRepo.listDeclines(deps.db, id).map((x) => ({
      registryNo: x.registryNo,
      category: x.category,
      at: x.at,
      firstStep: x.firstStep,
    })),
    organizationNames: organizationNames(deps.db, [
      ...(d.result?.commission ?? []),
      ...(d.result?.reserves ?? []),
    ]),
    excludedNames: expertNames(
      deps.db,
      (d.announcement?.exclusions ?? []).map((x) => x.registryNo)
    ),
    cancelledFrom: d.cancelledFrom,
    previousAttempts: attempts
      .filter((a) => a.attempt < d.attempt)
      .map((a) => ({ id: a.id, attempt: a.attempt, state: a.state, cancelReason: a.cancelReason })),
    attempts: attempts.map((a) => ({
      id: a.id,
      attempt: a.attempt,
      state: a.state,
      cancelReason: a.cancelReason,
      cancelledFrom: a.cancelledFrom,
    })),
    laterAttempts: attempts
      .filter((a) => a.attempt > d.attempt)
      .map((a) => ({ id: a.id, attempt: a.attempt, state: a.state })),
    log: repo.drawLogEntries(deps.db, id),
  };
}

/** The operator's view: the public one plus who the witnesses are and why seats were declined. */
export function operatorDrawDetail(
  deps: Pick<DrawDeps, 'db' | 'config'>,
  id: string
): OperatorDrawDetail {
  const witnesses = wrepo.listWitnesses(deps.db, id);
  const detail = publicDrawDetail(deps, id);
  const drand = (detail.spec ?? detail.draft)?.entropy?.drand;
  return {
    ...detail,
    beaconUrls: drand
      ? drandRelays(deps.config).map((url) => beaconUrl(url, drand.chain, drand.round))
      : [],
    witnessAccounts: witnesses.map((w) => ({ witnessId: w.witnessId, userId: w.userId })),
    declines: poolRepo.listDeclines(deps.db, id),
  };
}

export function invitationsOf(deps: Pick<DrawDeps, 'db'>, userId: number): WitnessInvitation[] {
  return wrepo.witnessInvitationsOf(deps.db, userId).map((w) => {
    const d = getDraw(deps, w.drawId);
    const lot = getLot(deps.db, d.lotId);
    return {
      drawId: d.id,
      witnessId: w.witnessId,
      state: d.state,
      lotTitleKk: lot.titleKk,
      lotTitleRu: lot.titleRu,
      commitment: w.commitment,
      revealed: w.secret !== null,
      revealDeadline: (d.spec ?? d.draft).revealDeadline ?? null,
    };
  });
}
