/**
 * Directions, competitions and lots: create, read, update with history. A lot references an existing
 * competition and direction; its applicants' BINs are validated by the schema (check digit).
 */
import type { Db } from '../../db/connection.js';
import {
  findCompetition,
  findCompetitionByCode,
  findDirection,
  findLot,
  insertCompetition,
  insertLot,
  listCompetitions,
  listDirections,
  listLots,
  updateCompetition as updateCompetitionRow,
  updateLot as updateLotRow,
  upsertDirection,
} from '../../db/repos/lots.repo.js';
import { ConflictError, InputError, NotFoundError } from '../../shared/errors.js';
import type {
  Competition,
  CompetitionCreate,
  CompetitionPatch,
  CompetitionWithLots,
  Lot,
  LotCreate,
  LotPatch,
} from '../../shared/schemas/lots.js';
import type { Direction, DirectionPatch } from '../../shared/schemas/registry.js';
import { applyPatch } from '../registry/experts.js';
import { nowIso, recordChange, type RegistryDeps } from '../registry/registry-changes.js';

export { listDirections, listCompetitions, listLots };

export function getDirection(db: Db, code: string): Direction {
  const d = findDirection(db, code);
  if (!d) throw new NotFoundError('DIRECTION_NOT_FOUND', `no direction ${code}`);
  return d;
}

export function createDirection(deps: RegistryDeps, actor: string, d: Direction): Direction {
  return deps.db.transaction(() => {
    if (findDirection(deps.db, d.code))
      throw new ConflictError('DIRECTION_TAKEN', `direction ${d.code} exists`);
    upsertDirection(deps.db, d);
    const at = nowIso(deps);
    recordChange(deps, actor, at, {
      entity: 'direction',
      key: d.code,
      action: 'create',
      before: null,
      after: d,
    });
    return d;
  })();
}

export function updateDirection(
  deps: RegistryDeps,
  actor: string,
  code: string,
  patch: DirectionPatch
): Direction {
  return deps.db.transaction(() => {
    const before = getDirection(deps.db, code);
    const after = applyPatch(before, patch);
    upsertDirection(deps.db, after);
    recordChange(deps, actor, nowIso(deps), {
      entity: 'direction',
      key: code,
      action: 'update',
      before,
      after,
    });
    return after;
  })();
}

export function getCompetition(db: Db, id: number): Competition {
  const c = findCompetition(db, id);
  if (!c) throw new NotFoundError('COMPETITION_NOT_FOUND', `no competition ${id}`);
  return c;
}

export function competitionWithLots(db: Db, id: number): CompetitionWithLots {
  return { ...getCompetition(db, id), lots: listLots(db, { competitionId: id }) };
}

function checkCodeFree(db: Db, code: string, exceptId?: number): void {
  const other = findCompetitionByCode(db, code);
  if (other && other.id !== exceptId)
    throw new ConflictError('COMPETITION_CODE_TAKEN', `competition code ${code} is taken`);
}

export function createCompetition(
  deps: RegistryDeps,
  actor: string,
  c: CompetitionCreate
): Competition {
  return deps.db.transaction(() => {
    checkCodeFree(deps.db, c.code);
    const created = { id: insertCompetition(deps.db, c), ...c };
    recordChange(deps, actor, nowIso(deps), {
      entity: 'competition',
      key: String(created.id),
      action: 'create',
      before: null,
      after: created,
    });
    return created;
  })();
}

export function updateCompetition(
  deps: RegistryDeps,
  actor: string,
  id: number,
  patch: CompetitionPatch
): Competition {
  return deps.db.transaction(() => {
    const before = getCompetition(deps.db, id);
    const after = applyPatch(before, patch);
    if (patch.code) checkCodeFree(deps.db, patch.code, id);
    updateCompetitionRow(deps.db, after);
    recordChange(deps, actor, nowIso(deps), {
      entity: 'competition',
      key: String(id),
      action: 'update',
      before,
      after,
    });
    return after;
  })();
}

export function getLot(db: Db, id: number): Lot {
  const l = findLot(db, id);
  if (!l) throw new NotFoundError('LOT_NOT_FOUND', `no lot ${id}`);
  return l;
}

function checkReferences(db: Db, l: Pick<Lot, 'competitionId' | 'directionCode'>): void {
  const issues: { path: string; message: string }[] = [];
  if (!findCompetition(db, l.competitionId))
    issues.push({ path: 'body.competitionId', message: `no competition ${l.competitionId}` });
  if (!findDirection(db, l.directionCode))
    issues.push({ path: 'body.directionCode', message: `no direction ${l.directionCode}` });
  if (issues.length > 0)
    throw new InputError(
      issues[0]!.path === 'body.competitionId' ? 'COMPETITION_UNKNOWN' : 'DIRECTION_UNKNOWN',
      issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      { details: { issues } }
    );
}

export function createLot(deps: RegistryDeps, actor: string, l: LotCreate): Lot {
  return deps.db.transaction(() => {
    checkReferences(deps.db, l);
    const created: Lot = { id: insertLot(deps.db, l), ...l };
    recordChange(deps, actor, nowIso(deps), {
      entity: 'lot',
      key: String(created.id),
      action: 'create',
      before: null,
      after: created,
    });
    return created;
  })();
}

export function updateLot(deps: RegistryDeps, actor: string, id: number, patch: LotPatch): Lot {
  return deps.db.transaction(() => {
    const before = getLot(deps.db, id);
    const after = applyPatch(before, patch);
    checkReferences(deps.db, after);
    updateLotRow(deps.db, after);
    recordChange(deps, actor, nowIso(deps), {
      entity: 'lot',
      key: String(id),
      action: 'update',
      before,
      after,
    });
    return after;
  })();
}
