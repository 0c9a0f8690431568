/**
 * Public, read-only views of what draws are made for: grant directions, kinds of conflict of interest,
 * competitions and lots with their applicants (organization names and BINs are public).
 */
import type { AppContext } from '../context.js';
import { IdParams } from '../../shared/api/lots.js';
import { listConflictKinds } from './conflicts.js';
import { competitionWithLots, getLot, listCompetitions, listDirections } from './lots.js';
import { route } from '../http/route.js';

export function publicLotsRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/public/directions',
      access: 'public',
      summary: 'grant directions with names in kk/ru/en',
      handler: () => listDirections(ctx.db),
    }),
    route({
      method: 'get',
      path: '/api/public/conflict-kinds',
      access: 'public',
      summary: 'kinds of conflict of interest with labels in kk/ru/en',
      handler: () => listConflictKinds(ctx.db),
    }),
    route({
      method: 'get',
      path: '/api/public/competitions',
      access: 'public',
      summary: 'competitions',
      handler: () => listCompetitions(ctx.db),
    }),
    route({
      method: 'get',
      path: '/api/public/competitions/:id',
      access: 'public',
      params: IdParams,
      summary: 'a competition with its lots and their applicants (name, BIN)',
      handler: ({ params }) => competitionWithLots(ctx.db, params.id),
    }),
    route({
      method: 'get',
      path: '/api/public/lots/:id',
      access: 'public',
      params: IdParams,
      summary: 'a lot with its applicants (name, BIN)',
      handler: ({ params }) => getLot(ctx.db, params.id),
    }),
  ];
}
