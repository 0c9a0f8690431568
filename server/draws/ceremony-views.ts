/**
 * What the public and the operator read about a ceremony (docs/LIFECYCLE.md §Ceremony routes): the
 * draw's shared part as a single draw's view has it, and every lot's own part in broadcast order.
 * Built from the stored rows; the log holds the same facts. No personal data in the public view.
 */
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import * as lrepo from '../../db/repos/ceremony-lots.repo.js';
import * as repo from '../../db/repos/draws.repo.js';
import type {
  OperatorCeremonyDetail,
  PublicCeremonyDetail,
  PublicCeremonyLot,
} from '../../shared/api/ceremonies.js';
import type { DrawState } from '../../shared/api/draws.js';
import type { DrawDeps } from './action.js';
import { getCeremony } from './ceremony-create.js';
import { getLot } from '../lots/lots.js';
import { expertNames, lotNames, organizationNames } from './view-names.js';
import { beaconStatusOf, summaryOfDraw } from './views.js';
import { drandRelays } from '../config.js';
import { beaconUrl } from './drand-relay.js';

type Db = DrawDeps['db'];

/** A lot's state: the ceremony's until the result, then drawn until the lot closes. */
function lotState(d: repo.DrawRecord, lot: lrepo.CeremonyLotRecord): DrawState {
  if (lot.closedAt !== null) return 'closed';
  return d.state === 'closed' ? 'drawn' : d.state;
}

function lotView(db: Db, d: repo.DrawRecord, lot: lrepo.CeremonyLotRecord): PublicCeremonyLot {
  const l = getLot(db, lot.lotId);
  const names = lotNames(db, l);
  const steps = lrepo.listLotSteps(db, d.id, lot.index);
  const exclusions = lot.announcement?.exclusions ?? [];
  const seats = [...(lot.result?.commission ?? []), ...(lot.result?.reserves ?? [])];
  return {
    index: lot.index,
    lotId: lot.lotId,
    state: lotState(d, lot),
    titleKk: l.titleKk,
    titleRu: l.titleRu,
    directionCode: l.directionCode,
    directionName: names.directionName,
    applicants: l.applicants.map((a) => ({ name: a.name, bin: a.bin })),
    lotDraft: d.state === 'draft' ? lot.draft : null,
    spec: lot.spec,
    announcement: lot.announcement,
    announcementHash: lot.announcementHash,
    pool: lrepo.listLotPool(db, d.id, lot.index).map((e, i) => ({ ...e, poolNo: i + 1 })),
    exclusions,
    excludedNames: expertNames(
      db,
      exclusions.map((x) => x.registryNo)
    ),
    fairness: lot.fairness,
    lotSeed: lot.lotSeed,
    steps,
    commission: lot.result?.commission ?? [],
    reserves: lot.result?.reserves ?? [],
    replacements: steps.filter((s) => s.phase === 'replacement'),
    publicDeclines: lrepo
      .listLotDeclines(db, d.id)
      .filter((x) => x.lotId === lot.lotId)
      .map((x) => ({
        registryNo: x.registryNo,
        category: x.category,
        at: x.at,
        firstStep: x.firstStep,
      })),
    organizationNames: organizationNames(db, seats),
    closedAt: lot.closedAt,
  };
}

export function publicCeremonyDetail(deps: Pick<DrawDeps, 'db'>, id: string): PublicCeremonyDetail {
  const { d, lots } = getCeremony(deps, id);
  const summary = summaryOfDraw(deps, d);
  const first = getLot(deps.db, d.lotId);
  const names = lotNames(deps.db, first);
  const drand = d.spec?.entropy.drand;
  return {
    kind: 'ceremony',
    id: d.id,
    state: d.state,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    announcedAt: d.announcedAt,
    revealDeadline: summary.revealDeadline,
    beaconAt: summary.beaconAt,
    cancelReason: d.cancelReason,
    cancelledFrom: d.cancelledFrom,
    competitionCode: summary.competitionCode,
    competitionTitleKk: names.competitionTitleKk,
    competitionTitleRu: names.competitionTitleRu,
    draft: d.state === 'draft' ? d.draft : null,
    ceremony:
      d.announcementHash === null
        ? null
        : { version: 1, drawId: d.id, lots: lots.map((l) => l.announcementHash!) },
    ceremonyHash: d.announcementHash,
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
    lots: lots.map((lot) => lotView(deps.db, d, lot)),
    log: repo.drawLogEntries(deps.db, id),
  };
}

export function operatorCeremonyDetail(
  deps: Pick<DrawDeps, 'db' | 'config'>,
  id: string
): OperatorCeremonyDetail {
  const detail = publicCeremonyDetail(deps, id);
  const drand = (detail.lots[0]?.spec ?? detail.draft)?.entropy?.drand;
  return {
    ...detail,
    witnessAccounts: wrepo
      .listWitnesses(deps.db, id)
      .map((w) => ({ witnessId: w.witnessId, userId: w.userId })),
    beaconUrls: drand
      ? drandRelays(deps.config).map((url) => beaconUrl(url, drand.chain, drand.round))
      : [],
    declines: lrepo.listLotDeclines(deps.db, id),
  };
}
