/**
 * Names for what the stored rows keep as codes, so that the printed protocol names a draw's
 * direction, competition and the commission's organisations as people read them (issue 16): the
 * direction's and competition's titles from the lots tables, and each organisation key of the drawn
 * experts' frozen pool entries ("bin:…" or "name:…", shared/pool.ts orgKey) mapped to the name the
 * public registry gives it. Display only: the protocol's hashed records keep the codes.
 */
import { findExperts } from '../../db/repos/experts.repo.js';
import { findCompetition, findDirection } from '../../db/repos/lots.repo.js';
import { orgKey } from '../../shared/pool.js';
import type { Lot } from '../../shared/schemas/lots.js';
import type { DrawDeps } from './action.js';

type Db = DrawDeps['db'];

export interface LotNames {
  directionName: { kk: string; ru: string; en: string } | null;
  competitionTitleKk: string | null;
  competitionTitleRu: string | null;
}

export function lotNames(db: Db, lot: Lot): LotNames {
  const d = findDirection(db, lot.directionCode);
  const c = findCompetition(db, lot.competitionId);
  return {
    directionName: d ? { kk: d.nameKk, ru: d.nameRu, en: d.nameEn } : null,
    competitionTitleKk: c?.titleKk ?? null,
    competitionTitleRu: c?.titleRu ?? null,
  };
}

/**
 * Registry number → the expert's name in the public registry, in Kazakh and Russian (each falling
 * back to the other: the registry needs one of the two).
 */
export function expertNames(
  db: Db,
  registryNos: string[]
): Record<string, { kk: string; ru: string }> {
  const names: Record<string, { kk: string; ru: string }> = {};
  for (const e of findExperts(db, registryNos).values()) {
    const kk = e.fullNameKk ?? e.fullNameRu;
    const ru = e.fullNameRu ?? e.fullNameKk;
    if (kk !== undefined && ru !== undefined) names[e.registryNo] = { kk, ru };
  }
  return names;
}

/** Organisation key → the registry's name for it, over the organisations of `registryNos`. */
export function organizationNames(db: Db, registryNos: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const e of findExperts(db, registryNos).values())
    for (const o of e.organizations) names[orgKey(o)] ??= o.name;
  return names;
}
