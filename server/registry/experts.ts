/**
 * Registry of Experts: list, read, create, update, suspend / exclude / reinstate, history. Each write
 * runs in one transaction with its history record (registry-changes.ts). Nothing is ever deleted: an
 * expert leaves the pool by status, so a registry number is never reused.
 */
import type { Db } from '../../db/connection.js';
import {
  findExpert,
  insertExpert,
  listExperts,
  updateExpert as updateExpertRow,
} from '../../db/repos/experts.repo.js';
import { listHistory } from '../../db/repos/history.repo.js';
import { listDirections } from '../../db/repos/lots.repo.js';
import { ConflictError, InputError, NotFoundError } from '../../shared/errors.js';
import {
  Expert,
  type ExpertCreate,
  type ExpertListQuery,
  type ExpertPatch,
  type ExpertStatus,
  type HistoryEntry,
  type StatusChange,
} from '../../shared/schemas/registry.js';
import { nowIso, recordChange, todayKz, type RegistryDeps } from './registry-changes.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function listExpertsPage(db: Db, q: ExpertListQuery): Page<Expert> {
  const { items, total } = listExperts(db, q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export function getExpert(db: Db, registryNo: string): Expert {
  const e = findExpert(db, registryNo);
  if (!e)
    throw new NotFoundError('EXPERT_NOT_FOUND', `no expert with registry number ${registryNo}`);
  return e;
}

/** Direction codes that do not exist, in the order given. */
export function unknownDirections(db: Db, codes: readonly string[]): string[] {
  const known = new Set(listDirections(db).map((d) => d.code));
  return codes.filter((c) => !known.has(c));
}

function checkDirections(db: Db, codes: readonly string[]): void {
  const unknown = unknownDirections(db, codes);
  if (unknown.length > 0)
    throw new InputError('DIRECTION_UNKNOWN', `unknown direction: ${unknown.join(', ')}`, {
      details: { issues: [{ path: 'body.directions', message: `unknown: ${unknown.join(', ')}` }] },
    });
}

/** Validates a whole record; a failure is a 400 naming each field. */
function validated(e: unknown): Expert {
  const r = Expert.safeParse(e);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({
    path: ['body', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new InputError(
    'INVALID_INPUT',
    `invalid expert: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    { details: { issues } }
  );
}

export function createExpert(deps: RegistryDeps, actor: string, input: ExpertCreate): Expert {
  const e = validated({
    ...input,
    status: 'active',
    includedOn: input.includedOn ?? todayKz(deps),
  });
  return deps.db.transaction(() => {
    if (findExpert(deps.db, e.registryNo))
      throw new ConflictError('REGISTRY_NO_TAKEN', `registry number ${e.registryNo} is taken`);
    checkDirections(deps.db, e.directions);
    const at = nowIso(deps);
    insertExpert(deps.db, e, at);
    recordChange(deps, actor, at, {
      entity: 'expert',
      key: e.registryNo,
      action: 'create',
      before: null,
      after: e,
    });
    return e;
  })();
}

/** Applies a patch: a value sets the field, null removes it. */
export function applyPatch<T extends object>(base: T, patch: object): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  }
  return out as T;
}

export function updateExpert(
  deps: RegistryDeps,
  actor: string,
  registryNo: string,
  patch: ExpertPatch
): Expert {
  return deps.db.transaction(() => {
    const before = getExpert(deps.db, registryNo);
    const after = validated(applyPatch(before, patch));
    if (patch.directions) checkDirections(deps.db, after.directions);
    const at = nowIso(deps);
    updateExpertRow(deps.db, after, at);
    recordChange(deps, actor, at, {
      entity: 'expert',
      key: registryNo,
      action: 'update',
      before,
      after,
    });
    return after;
  })();
}

export type StatusAction = 'suspend' | 'exclude' | 'reinstate';

const TRANSITIONS: Record<StatusAction, { to: ExpertStatus; from: ExpertStatus[] }> = {
  suspend: { to: 'suspended', from: ['active'] },
  exclude: { to: 'excluded', from: ['active', 'suspended'] },
  reinstate: { to: 'active', from: ['suspended', 'excluded'] },
};

export function changeExpertStatus(
  deps: RegistryDeps,
  actor: string,
  registryNo: string,
  action: StatusAction,
  change: StatusChange
): Expert {
  const t = TRANSITIONS[action];
  return deps.db.transaction(() => {
    const before = getExpert(deps.db, registryNo);
    if (!t.from.includes(before.status))
      throw new ConflictError(
        'STATUS_TRANSITION_INVALID',
        `cannot ${action} an expert whose status is ${before.status}`
      );
    const after: Expert = {
      ...before,
      status: t.to,
      statusReason: change.reason,
      statusDate: change.date ?? todayKz(deps),
    };
    const at = nowIso(deps);
    updateExpertRow(deps.db, after, at);
    recordChange(deps, actor, at, { entity: 'expert', key: registryNo, action, before, after });
    return after;
  })();
}

export function expertHistory(
  db: Db,
  registryNo: string,
  page: { page: number; pageSize: number }
): Page<HistoryEntry> {
  getExpert(db, registryNo);
  const { items, total } = listHistory(
    db,
    { entity: 'expert', key: registryNo },
    { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }
  );
  return { items, total, ...page };
}
