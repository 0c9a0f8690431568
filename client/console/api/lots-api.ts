/**
 * Directions, competitions, lots and a lot's exclusions (server/lots/lots.routes.ts and
 * conflicts.routes.ts), answers parsed with the shared schemas.
 */
import { z } from 'zod';
import { Competition, Lot } from '../../../shared/schemas/lots.js';
import { type CompetitionCreate, type LotCreate, type LotPatch } from '../../../shared/api/lots.js';
import { Direction } from '../../../shared/schemas/registry.js';
import { type DirectionPatch } from '../../../shared/api/registry.js';
import { LotExclusions } from '../../../shared/api/conflicts.js';
import { apiFetch } from '../../common/api.js';

export function createDirection(body: Direction) {
  return apiFetch('/api/directions', Direction, { method: 'POST', body });
}

export function patchDirection(code: string, body: DirectionPatch) {
  return apiFetch(`/api/directions/${encodeURIComponent(code)}`, Direction, {
    method: 'PATCH',
    body,
  });
}

export function listCompetitions() {
  return apiFetch('/api/competitions', z.array(Competition));
}

export function createCompetition(body: CompetitionCreate) {
  return apiFetch('/api/competitions', Competition, { method: 'POST', body });
}

export function listLots() {
  return apiFetch('/api/lots', z.array(Lot));
}

export function getLot(id: number) {
  return apiFetch(`/api/lots/${id}`, Lot);
}

export function createLot(body: LotCreate) {
  return apiFetch('/api/lots', Lot, { method: 'POST', body });
}

export function patchLot(id: number, body: LotPatch) {
  return apiFetch(`/api/lots/${id}`, Lot, { method: 'PATCH', body });
}

export function lotExclusions(id: number) {
  return apiFetch(`/api/lots/${id}/exclusions`, LotExclusions);
}
