/**
 * What the operator sees before announcing a ceremony (docs/LIFECYCLE.md §Ceremony routes), per lot:
 * its spec or the issues that keep the draft from being one, the eligible experts on asOf, the
 * exclusions and the feasibility of its rules. Nothing is written; built in the preview worker
 * (preview.worker.ts). No fairness reports: one per lot is seconds of CPU, and the announcement
 * computes and seals them.
 */
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import type { Hasher } from '../../shared/hash.js';
import { checkFeasibility } from '../../shared/draw/feasibility.js';
import { freezePool } from '../../shared/pool.js';
import { lotRules } from '../../shared/ceremony.js';
import type { CeremonyPreview } from '../../shared/api/ceremonies.js';
import { lotEligibility } from '../lots/conflicts.js';
import { kzDateOf } from '../../shared/civil-date.js';
import type { DrawDeps } from './action.js';
import { getCeremony } from './ceremony-create.js';
import { lotSpec } from './ceremony-announce.js';

export function previewCeremony(
  deps: Pick<DrawDeps, 'db' | 'clock'> & { hasher: Hasher },
  id: string
): CeremonyPreview {
  const { d, lots } = getCeremony(deps, id);
  const witnesses = wrepo.listWitnesses(deps.db, id);
  const asOf = d.draft.asOf ?? kzDateOf(deps.clock());
  return {
    kind: 'ceremony',
    drawId: id,
    lots: lots.map((lot) => {
      const { spec, issues } = lotSpec(d, lot, witnesses);
      const e = lotEligibility(deps.db, lot.lotId, asOf, d.draft.cooldownDays ?? 0);
      const pool = freezePool(e.eligible, deps.hasher);
      return {
        lotId: lot.lotId,
        spec,
        specIssues: issues,
        considered: e.considered,
        eligible: pool.entries,
        exclusions: e.exclusions,
        feasibility: spec ? checkFeasibility(lotRules(spec), pool.entries) : null,
        fairness: null,
      };
    }),
  };
}
