/**
 * Public, read-only views of the registry: experts WITHOUT personal data (PublicExpert: no IIN, phone,
 * e-mail or status reason), directions, regions, conflict kinds, competitions and lots with their
 * applicants (organization names and BINs are public).
 */
import type { AppContext } from '../context.js';
import { allExperts } from '../../db/repos/experts.repo.js';
import { REGIONS } from '../../shared/regions.js';
import { IdParams } from '../../shared/schemas/lots.js';
import {
  ExpertListQuery,
  RegistryNoParams,
  toPublicExpert,
} from '../../shared/schemas/registry.js';
import { listConflictKinds } from '../lots/conflicts.js';
import { getExpert, listExpertsPage } from './experts.js';
import { competitionWithLots, getLot, listCompetitions, listDirections } from '../lots/lots.js';
import { exportExpertsCsv } from './csv.js';
import { ExportQuery, sendCsv } from './experts.routes.js';
import { route } from '../http/route.js';

const PublicExportQuery = ExportQuery.omit({ personal: true });

export function publicRegistryRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/public/registry',
      access: 'public',
      query: ExpertListQuery,
      summary: 'the Registry of Experts without personal data; search, filters, pages',
      handler: ({ query }) => {
        const page = listExpertsPage(ctx.db, query);
        return { ...page, items: page.items.map(toPublicExpert) };
      },
    }),
    route({
      method: 'get',
      path: '/api/public/registry.csv',
      access: 'public',
      query: PublicExportQuery,
      summary: 'the registry as CSV for Excel, without personal data',
      handler: ({ query, res }) => {
        const { lang, ...filter } = query;
        sendCsv(
          res,
          exportExpertsCsv(allExperts(ctx.db, filter), { personal: false, lang }),
          'registry.csv'
        );
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/public/registry/:registryNo',
      access: 'public',
      params: RegistryNoParams,
      summary: 'one registry entry without personal data',
      handler: ({ params }) => toPublicExpert(getExpert(ctx.db, params.registryNo)),
    }),
    route({
      method: 'get',
      path: '/api/public/directions',
      access: 'public',
      summary: 'grant directions with names in kk/ru/en',
      handler: () => listDirections(ctx.db),
    }),
    route({
      method: 'get',
      path: '/api/public/regions',
      access: 'public',
      summary: 'regions of Kazakhstan (ISO 3166-2:KZ codes) with names in kk/ru/en',
      handler: () => REGIONS,
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
