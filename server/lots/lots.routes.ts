/**
 * Operator API of directions, competitions and lots (with applicants and their BINs).
 */
import type { AppContext } from '../context.js';
import {
  CompetitionCreate,
  CompetitionPatch,
  IdParams,
  LotCreate,
  LotListQuery,
  LotPatch,
} from '../../shared/api/lots.js';
import { Direction } from '../../shared/schemas/registry.js';
import { DirectionParams, DirectionPatch } from '../../shared/api/registry.js';
import {
  competitionWithLots,
  createCompetition,
  createDirection,
  createLot,
  getLot,
  listCompetitions,
  listDirections,
  listLots,
  updateCompetition,
  updateDirection,
  updateLot,
} from './lots.js';
import { actorOf } from '../http/route.js';
import { Reply, route } from '../http/route.js';

export function lotsRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/directions',
      access: 'operator',
      summary: 'grant directions',
      handler: () => listDirections(ctx.db),
    }),
    route({
      method: 'post',
      path: '/api/directions',
      access: 'operator',
      body: Direction,
      summary: 'add a direction; 409 DIRECTION_TAKEN if the code exists',
      handler: async ({ body, user }) =>
        new Reply(201, await createDirection.committed(ctx, actorOf(user), body)),
    }),
    route({
      method: 'patch',
      path: '/api/directions/:code',
      access: 'operator',
      params: DirectionParams,
      body: DirectionPatch,
      summary: 'rename a direction (its code stays)',
      handler: ({ params, body, user }) =>
        updateDirection.committed(ctx, actorOf(user), params.code, body),
    }),
    route({
      method: 'get',
      path: '/api/competitions',
      access: 'operator',
      summary: 'competitions, newest year first',
      handler: () => listCompetitions(ctx.db),
    }),
    route({
      method: 'post',
      path: '/api/competitions',
      access: 'operator',
      body: CompetitionCreate,
      summary: 'add a competition; 409 COMPETITION_CODE_TAKEN if the code exists',
      handler: async ({ body, user }) =>
        new Reply(201, await createCompetition.committed(ctx, actorOf(user), body)),
    }),
    route({
      method: 'get',
      path: '/api/competitions/:id',
      access: 'operator',
      params: IdParams,
      summary: 'a competition with its lots',
      handler: ({ params }) => competitionWithLots(ctx.db, params.id),
    }),
    route({
      method: 'patch',
      path: '/api/competitions/:id',
      access: 'operator',
      params: IdParams,
      body: CompetitionPatch,
      summary: 'change a competition',
      handler: ({ params, body, user }) =>
        updateCompetition.committed(ctx, actorOf(user), params.id, body),
    }),
    route({
      method: 'get',
      path: '/api/lots',
      access: 'operator',
      query: LotListQuery,
      summary: 'lots with applicants, optionally of one competition',
      handler: ({ query }) => listLots(ctx.db, query),
    }),
    route({
      method: 'post',
      path: '/api/lots',
      access: 'operator',
      body: LotCreate,
      summary: 'add a lot with its applicants (name, BIN with a valid check digit)',
      handler: async ({ body, user }) =>
        new Reply(201, await createLot.committed(ctx, actorOf(user), body)),
    }),
    route({
      method: 'get',
      path: '/api/lots/:id',
      access: 'operator',
      params: IdParams,
      summary: 'a lot with its applicants',
      handler: ({ params }) => getLot(ctx.db, params.id),
    }),
    route({
      method: 'patch',
      path: '/api/lots/:id',
      access: 'operator',
      params: IdParams,
      body: LotPatch,
      summary: 'change a lot; applicants replaces the whole list',
      handler: ({ params, body, user }) => updateLot.committed(ctx, actorOf(user), params.id, body),
    }),
  ];
}
