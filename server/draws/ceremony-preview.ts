/**
 * What the operator sees before announcing a ceremony (docs/LIFECYCLE.md §Ceremony routes), per lot:
 * its spec or the issues that keep the draft from being one, the eligible experts on asOf, the
 * exclusions, the feasibility of its rules and — a feasible lot — its fairness report, from the
 * announcement the lot would seal now (so the same report the announcement seals, unless something
 * changes before it). Nothing is written. Each lot is built apart (previewCeremonyLot), so that the
 * fairness workers build the lots in parallel (fairness.worker.ts, task 'ceremony-lot-preview'): a
 * report is seconds of CPU, never on the event loop.
 */
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import { toHex } from '../../shared/bytes.js';
import type { Hasher } from '../../shared/hash.js';
import { checkFeasibility } from '../../shared/draw/feasibility.js';
import { freezePool } from '../../shared/pool.js';
import { lotAnnouncementHash, lotRules } from '../../shared/ceremony.js';
import type { CeremonyPreview } from '../../shared/api/ceremonies.js';
import type { LotAnnouncement } from '../../shared/schemas/ceremony.js';
import { lotEligibility } from '../lots/conflicts.js';
import { kzDateOf } from '../../shared/civil-date.js';
import type { DrawDeps } from './action.js';
import type { FairnessInput } from './announce.js';
import { getCeremony } from './ceremony-create.js';
import { lotSpec } from './ceremony-announce.js';

type PreviewDeps = Pick<DrawDeps, 'db' | 'clock'> & { hasher: Hasher };
export type CeremonyLotPreview = CeremonyPreview['lots'][number];

/** The ceremony's number of lots (an unknown id throws DRAW_NOT_FOUND, not a ceremony's: 404). */
export function ceremonyLotCount(deps: Pick<DrawDeps, 'db'>, id: string): number {
  return getCeremony(deps, id).lots.length;
}

/**
 * Lot `index` (0-based broadcast position) without its fairness report, and what the report is
 * computed from when the lot is feasible: its rules, frozen pool and the hash of the announcement it
 * would seal now (built as the announcement builds it, ceremony-announce.ts).
 */
/** Lots previewed on this thread (a test checks that the route builds none on the main thread). */
export const previewedHere = { count: 0 };

export function previewCeremonyLot(
  deps: PreviewDeps,
  id: string,
  index: number
): { preview: CeremonyLotPreview; fairness: FairnessInput | null } {
  previewedHere.count += 1;
  const { d, lots } = getCeremony(deps, id);
  const lot = lots[index]!;
  const witnesses = wrepo.listWitnesses(deps.db, id);
  const asOf = d.draft.asOf ?? kzDateOf(deps.clock());
  const { spec, issues } = lotSpec(d, lot, witnesses);
  const e = lotEligibility(deps.db, lot.lotId, asOf, d.draft.cooldownDays ?? 0);
  const pool = freezePool(e.eligible, deps.hasher);
  const feasibility = spec ? checkFeasibility(lotRules(spec), pool.entries) : null;
  let fairness: FairnessInput | null = null;
  if (spec && feasibility?.feasible) {
    const announcement: LotAnnouncement = {
      version: 1,
      drawId: id,
      spec,
      pool: { root: pool.root, size: pool.entries.length },
      exclusions: [...e.exclusions],
    };
    const hash = toHex(lotAnnouncementHash(announcement, deps.hasher));
    fairness = { spec: lotRules(spec), entries: pool.entries, hash };
  }
  return {
    preview: {
      lotId: lot.lotId,
      spec,
      specIssues: issues,
      considered: e.considered,
      eligible: pool.entries,
      exclusions: e.exclusions,
      feasibility,
      fairness: null,
    },
    fairness,
  };
}

/** The preview's JSON from its lots' JSON, in broadcast order (no parse of the lots). */
export function ceremonyPreviewJson(id: string, lotsJson: readonly string[]): string {
  const head = JSON.stringify({ kind: 'ceremony', drawId: id } satisfies Omit<
    CeremonyPreview,
    'lots'
  >);
  return `${head.slice(0, -1)},"lots":[${lotsJson.join(',')}]}`;
}
