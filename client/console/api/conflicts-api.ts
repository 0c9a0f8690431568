/**
 * Conflict-of-interest kinds and declarations (server/lots/conflicts.routes.ts), parsed with the
 * shared schemas.
 */
import { z } from 'zod';
import { ConflictKind, Declaration } from '../../../shared/schemas/conflicts.js';
import { type DeclarationCreate, type DeclarationPatch } from '../../../shared/api/conflicts.js';
import { apiFetch } from '../../common/api.js';

export function listConflictKinds() {
  return apiFetch('/api/conflict-kinds', z.array(ConflictKind));
}

export function listDeclarations(filter: { registryNo?: string; bin?: string } = {}) {
  const p = new URLSearchParams();
  if (filter.registryNo) p.set('registryNo', filter.registryNo);
  if (filter.bin) p.set('bin', filter.bin);
  const qs = p.toString();
  return apiFetch(`/api/declarations${qs ? `?${qs}` : ''}`, z.array(Declaration));
}

export function createDeclaration(body: DeclarationCreate) {
  return apiFetch('/api/declarations', Declaration, { method: 'POST', body });
}

export function patchDeclaration(id: number, body: DeclarationPatch) {
  return apiFetch(`/api/declarations/${id}`, Declaration, { method: 'PATCH', body });
}
