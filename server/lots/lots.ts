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
import type { Competition, Lot } from '../../shared/schemas/lots.js';
import type {
  CompetitionCreate,
  CompetitionPatch,
  CompetitionWithLots,
  LotCreate,
  LotPatch,
} from '../../shared/api/lots.js';
import type { Direction } from '../../shared/schemas/registry.js';
import type { DirectionPatch } from '../../shared/api/registry.js';
import { applyPatch } from '../../shared/api/patch.js';
import { registryWrite } from '../registry/registry-write.js';

export { listDirections, listCompetitions, listLots };

function getDirection(db: Db, code: string): Direction {
  const d = findDirection(db, code);
  if (!d) throw new NotFoundError('DIRECTION_NOT_FOUND', `no direction ${code}`);
  return d;
}

export const createDirection = registryWrite((w, d: Direction): Direction => {
  if (findDirection(w.db, d.code))
    throw new ConflictError('DIRECTION_TAKEN', `direction ${d.code} exists`);
  upsertDirection(w.db, d);
  w.record({
    entity: 'direction',
    key: d.code,
    action: 'create',
    before: null,
    after: d,
  });
  return d;
});

export const updateDirection = registryWrite(
  (w, code: string, patch: DirectionPatch): Direction => {
    const before = getDirection(w.db, code);
    const after = applyPatch(before, patch);
    upsertDirection(w.db, after);
    w.record({
      entity: 'direction',
      key: code,
      action: 'update',
      before,
      after,
    });
    return after;
  }
);

function getCompetition(db: Db, id: number): Competition {
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

export const createCompetition = registryWrite((w, c: CompetitionCreate): Competition => {
  checkCodeFree(w.db, c.code);
  const created = { id: insertCompetition(w.db, c), ...c };
  w.record({
    entity: 'competition',
    key: String(created.id),
    action: 'create',
    before: null,
    after: created,
  });
  return created;
});

export const updateCompetition = registryWrite(
  (w, id: number, patch: CompetitionPatch): Competition => {
    const before = getCompetition(w.db, id);
    const after = applyPatch(before, patch);
    if (patch.code) checkCodeFree(w.db, patch.code, id);
    updateCompetitionRow(w.db, after);
    w.record({
      entity: 'competition',
      key: String(id),
      action: 'update',
      before,
      after,
    });
    return after;
  }
);

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

export const createLot = registryWrite((w, l: LotCreate): Lot => {
  checkReferences(w.db, l);
  const created: Lot = { id: insertLot(w.db, l), ...l };
  w.record({
    entity: 'lot',
    key: String(created.id),
    action: 'create',
    before: null,
    after: created,
  });
  return created;
});

export const updateLot = registryWrite((w, id: number, patch: LotPatch): Lot => {
  const before = getLot(w.db, id);
  const after = applyPatch(before, patch);
  checkReferences(w.db, after);
  updateLotRow(w.db, after);
  w.record({
    entity: 'lot',
    key: String(id),
    action: 'update',
    before,
    after,
  });
  return after;
});
