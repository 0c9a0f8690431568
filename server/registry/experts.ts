/**
 * Registry of Experts: list, read, create, update, suspend / exclude / reinstate, history. Each write
 * runs in one transaction with its history record (registry-write.ts). Nothing is ever deleted: an
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
import { kzDateOf } from '../../shared/civil-date.js';
import { applyPatch } from '../../shared/api/patch.js';
import { Expert, type ExpertStatus } from '../../shared/schemas/registry.js';
import type {
  ExpertCreate,
  ExpertListQuery,
  ExpertPatch,
  HistoryEntry,
  StatusChange,
} from '../../shared/api/registry.js';
import { registryWrite } from './registry-write.js';

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
function unknownDirections(db: Db, codes: readonly string[]): string[] {
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

export const createExpert = registryWrite((w, input: ExpertCreate): Expert => {
  const e = validated({
    ...input,
    status: 'active',
    includedOn: input.includedOn ?? kzDateOf(w.clock()),
  });
  if (findExpert(w.db, e.registryNo))
    throw new ConflictError('REGISTRY_NO_TAKEN', `registry number ${e.registryNo} is taken`);
  checkDirections(w.db, e.directions);
  insertExpert(w.db, e, w.at);
  w.record({
    entity: 'expert',
    key: e.registryNo,
    action: 'create',
    before: null,
    after: e,
  });
  return e;
});

export const updateExpert = registryWrite((w, registryNo: string, patch: ExpertPatch): Expert => {
  const before = getExpert(w.db, registryNo);
  const after = validated(applyPatch(before, patch));
  if (patch.directions) checkDirections(w.db, after.directions);
  updateExpertRow(w.db, after, w.at);
  w.record({
    entity: 'expert',
    key: registryNo,
    action: 'update',
    before,
    after,
  });
  return after;
});

export type StatusAction = 'suspend' | 'exclude' | 'reinstate';

const TRANSITIONS: Record<StatusAction, { to: ExpertStatus; from: ExpertStatus[] }> = {
  suspend: { to: 'suspended', from: ['active'] },
  exclude: { to: 'excluded', from: ['active', 'suspended'] },
  reinstate: { to: 'active', from: ['suspended', 'excluded'] },
};

export const changeExpertStatus = registryWrite(
  (w, registryNo: string, action: StatusAction, change: StatusChange): Expert => {
    const t = TRANSITIONS[action];
    const before = getExpert(w.db, registryNo);
    if (!t.from.includes(before.status))
      throw new ConflictError(
        'STATUS_TRANSITION_INVALID',
        `cannot ${action} an expert whose status is ${before.status}`
      );
    const after: Expert = {
      ...before,
      status: t.to,
      statusReason: change.reason,
      statusDate: change.date ?? kzDateOf(w.clock()),
    };
    updateExpertRow(w.db, after, w.at);
    w.record({ entity: 'expert', key: registryNo, action, before, after });
    return after;
  }
);

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
