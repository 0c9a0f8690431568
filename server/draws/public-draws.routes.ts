/**
 * Public, read-only draw API (docs/LIFECYCLE.md §Routes, Public): the list of past and upcoming
 * draws (announced ones only: drafts are not listed) and one draw in full — lot, rules, frozen pool, exclusions with reasons, fairness,
 * commitments and reveals, beacon and its waiting status, seed, steps, commission, reserves,
 * replacements, earlier attempts and the log indices of its entries. No personal data.
 */
import type { AppContext } from '../context.js';
import { DrawIdParams, DrawListQuery } from '../../shared/api/draws.js';
import { listPublicDrawSummaries, publicDrawDetail } from './views.js';
import { route } from '../http/route.js';
import { isCeremony } from './ceremony-create.js';
import { publicCeremonyDetail } from './ceremony-views.js';

export function publicDrawsRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/public/draws',
      access: 'public',
      query: DrawListQuery,
      summary: 'every announced draw with its state, newest first (cancelled ones included)',
      handler: ({ query }) => listPublicDrawSummaries(ctx, query),
    }),
    route({
      method: 'get',
      path: '/api/public/draws/:id',
      access: 'public',
      params: DrawIdParams,
      summary: 'one draw in full, as anyone may see it',
      handler: ({ params }) =>
        isCeremony(ctx, params.id)
          ? publicCeremonyDetail(ctx, params.id)
          : publicDrawDetail(ctx, params.id),
    }),
  ];
}
