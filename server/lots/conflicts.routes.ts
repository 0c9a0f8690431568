/**
 * Operator API of conflicts of interest: the configurable kinds, declarations (never deleted; ended
 * with validTo) and, for a lot, every excluded expert with the exact rule and declaration.
 */
import type { AppContext } from '../context.js';
import {
  ConflictKindCreate,
  ConflictKindParams,
  ConflictKindPatch,
  DeclarationCreate,
  DeclarationListQuery,
  DeclarationPatch,
  ExclusionsQuery,
} from '../../shared/api/conflicts.js';
import { IdParams } from '../../shared/api/lots.js';
import {
  createConflictKind,
  createDeclaration,
  getDeclaration,
  listConflictKinds,
  listDeclarations,
  lotExclusions,
  updateConflictKind,
  updateDeclaration,
} from './conflicts.js';
import { actorOf } from '../http/route.js';
import { Reply, route } from '../http/route.js';

export function conflictsRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/conflict-kinds',
      access: 'operator',
      summary: 'kinds of conflict of interest (data, not code)',
      handler: () => listConflictKinds(ctx.db),
    }),
    route({
      method: 'post',
      path: '/api/conflict-kinds',
      access: 'operator',
      body: ConflictKindCreate,
      summary: 'add a kind of conflict of interest',
      handler: async ({ body, user }) =>
        new Reply(201, await createConflictKind.committed(ctx, actorOf(user), body)),
    }),
    route({
      method: 'patch',
      path: '/api/conflict-kinds/:code',
      access: 'operator',
      params: ConflictKindParams,
      body: ConflictKindPatch,
      summary: 'change the labels or lookback of a conflict kind',
      handler: ({ params, body, user }) =>
        updateConflictKind.committed(ctx, actorOf(user), params.code, body),
    }),
    route({
      method: 'get',
      path: '/api/declarations',
      access: 'operator',
      query: DeclarationListQuery,
      summary: 'conflict-of-interest declarations, by expert and/or BIN',
      handler: ({ query }) => listDeclarations(ctx.db, query),
    }),
    route({
      method: 'post',
      path: '/api/declarations',
      access: 'operator',
      body: DeclarationCreate,
      summary:
        'record a declaration: expert, organization BIN, kind, period, source (self/operator)',
      handler: async ({ body, user }) =>
        new Reply(201, await createDeclaration.committed(ctx, actorOf(user), body)),
    }),
    route({
      method: 'get',
      path: '/api/declarations/:id',
      access: 'operator',
      params: IdParams,
      summary: 'one declaration',
      handler: ({ params }) => getDeclaration(ctx.db, params.id),
    }),
    route({
      method: 'patch',
      path: '/api/declarations/:id',
      access: 'operator',
      params: IdParams,
      body: DeclarationPatch,
      summary: 'change or end (validTo) a declaration',
      handler: ({ params, body, user }) =>
        updateDeclaration.committed(ctx, actorOf(user), params.id, body),
    }),
    route({
      method: 'get',
      path: '/api/lots/:id/exclusions',
      access: 'operator',
      params: IdParams,
      query: ExclusionsQuery,
      summary:
        "experts of the lot's direction who may not sit on it, each reason with its rule and declaration",
      handler: ({ params, query }) => lotExclusions(ctx, params.id, query),
    }),
  ];
}
