/**
 * Conflicts of interest: the configurable kinds, the declarations linking experts to organizations,
 * and the eligibility of a lot's experts (shared/eligibility.ts over the database's data). Writes
 * record history; declarations are never deleted, only ended (validTo).
 */
import type { Db } from '../../db/connection.js';
import {
  findConflictKind,
  findDeclaration,
  insertDeclaration,
  listConflictKinds,
  listDeclarations,
  updateDeclaration as updateDeclarationRow,
  upsertConflictKind,
} from '../../db/repos/conflicts.repo.js';
import { allExperts, findExpert } from '../../db/repos/experts.repo.js';
import { computeEligibility, type EligibilityResult } from '../../shared/eligibility.js';
import { ConflictError, InputError, NotFoundError } from '../../shared/errors.js';
import type { ConflictKind, Declaration } from '../../shared/schemas/conflicts.js';
import type {
  ConflictKindCreate,
  ConflictKindPatch,
  DeclarationCreate,
  DeclarationPatch,
  LotExclusions,
} from '../../shared/api/conflicts.js';
import type { Expert } from '../../shared/schemas/registry.js';
import { applyPatch } from '../../shared/api/patch.js';
import { getLot } from './lots.js';
import { kzDateOf } from '../../shared/civil-date.js';
import { registryWrite, type RegistryDeps } from '../registry/registry-write.js';

export { listConflictKinds, listDeclarations };

export const createConflictKind = registryWrite((w, k: ConflictKindCreate): ConflictKind => {
  if (findConflictKind(w.db, k.code))
    throw new ConflictError('CONFLICT_KIND_TAKEN', `conflict kind ${k.code} exists`);
  upsertConflictKind(w.db, k);
  w.record({
    entity: 'conflict_kind',
    key: k.code,
    action: 'create',
    before: null,
    after: k,
  });
  return k;
});

export const updateConflictKind = registryWrite(
  (w, code: string, patch: ConflictKindPatch): ConflictKind => {
    const before = findConflictKind(w.db, code);
    if (!before) throw new NotFoundError('CONFLICT_KIND_NOT_FOUND', `no conflict kind ${code}`);
    const after = applyPatch(before, patch);
    upsertConflictKind(w.db, after);
    w.record({
      entity: 'conflict_kind',
      key: code,
      action: 'update',
      before,
      after,
    });
    return after;
  }
);

function checkDeclarationRefs(db: Db, d: Pick<Declaration, 'registryNo' | 'kind'>): void {
  const issues: { path: string; message: string }[] = [];
  if (!findExpert(db, d.registryNo))
    issues.push({ path: 'body.registryNo', message: `no expert ${d.registryNo}` });
  if (!findConflictKind(db, d.kind))
    issues.push({ path: 'body.kind', message: `no conflict kind ${d.kind}` });
  if (issues.length > 0)
    throw new InputError(
      issues[0]!.path === 'body.registryNo' ? 'EXPERT_UNKNOWN' : 'CONFLICT_KIND_UNKNOWN',
      issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      { details: { issues } }
    );
}

export function getDeclaration(db: Db, id: number): Declaration {
  const d = findDeclaration(db, id);
  if (!d) throw new NotFoundError('DECLARATION_NOT_FOUND', `no declaration ${id}`);
  return d;
}

export const createDeclaration = registryWrite((w, d: DeclarationCreate): Declaration => {
  checkDeclarationRefs(w.db, d);
  const created: Declaration = { id: insertDeclaration(w.db, d), ...d };
  w.record({
    entity: 'declaration',
    key: String(created.id),
    action: 'create',
    before: null,
    after: created,
  });
  return created;
});

export const updateDeclaration = registryWrite(
  (w, id: number, patch: DeclarationPatch): Declaration => {
    const before = getDeclaration(w.db, id);
    const after = applyPatch(before, patch);
    if (after.validTo !== undefined && after.validTo < after.validFrom)
      throw new InputError('PERIOD_INVALID', 'validTo is before validFrom', {
        details: { issues: [{ path: 'body.validTo', message: 'before validFrom' }] },
      });
    checkDeclarationRefs(w.db, after);
    updateDeclarationRow(w.db, after);
    w.record({
      entity: 'declaration',
      key: String(id),
      action: 'update',
      before,
      after,
    });
    return after;
  }
);

/**
 * The experts of a lot's direction, split into eligible and excluded (every reason listed) on asOf.
 * The draw builds its pool from `eligible`.
 */
export function lotEligibility(
  db: Db,
  lotId: number,
  asOf: string,
  cooldownDays = 0
): EligibilityResult<Expert> & { considered: number } {
  const lot = getLot(db, lotId);
  const experts = allExperts(db, { direction: lot.directionCode });
  const applicantBins = lot.applicants.map((a) => a.bin);
  const r = computeEligibility({
    experts,
    applicantBins,
    declarations: listDeclarations(db, { bins: applicantBins }),
    conflictKinds: listConflictKinds(db),
    asOf,
    cooldownDays,
  });
  return { ...r, considered: experts.length };
}

/** GET /api/lots/:id/exclusions: asOf defaults to today in Kazakhstan. */
export function lotExclusions(
  deps: Pick<RegistryDeps, 'db' | 'clock'>,
  lotId: number,
  q: { asOf?: string | undefined; cooldownDays?: number | undefined }
): LotExclusions {
  const asOf = q.asOf ?? kzDateOf(deps.clock());
  const cooldownDays = q.cooldownDays ?? 0;
  const lot = getLot(deps.db, lotId);
  const r = lotEligibility(deps.db, lotId, asOf, cooldownDays);
  return {
    lotId,
    directionCode: lot.directionCode,
    asOf,
    cooldownDays,
    considered: r.considered,
    eligible: r.eligible.map((e) => e.registryNo),
    exclusions: r.exclusions,
  };
}
