/**
 * Public, read-only views of the registry: experts WITHOUT personal data (PublicExpert: no IIN, phone,
 * e-mail or status reason), as a list, one entry or CSV, and the regions. Directions, conflict kinds,
 * competitions and lots are public in server/lots/public-lots.routes.ts.
 */
import type { AppContext } from '../context.js';
import { allExperts } from '../../db/repos/experts.repo.js';
import { REGIONS } from '../../shared/regions.js';
import { toPublicExpert } from '../../shared/schemas/registry.js';
import { ExportQuery, ExpertListQuery, RegistryNoParams } from '../../shared/api/registry.js';
import { getExpert, listExpertsPage } from './experts.js';
import { exportExpertsCsv } from './csv.js';
import { sendCsv } from '../http/send-csv.js';
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
      heavy: true,
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
      path: '/api/public/regions',
      access: 'public',
      summary: 'regions of Kazakhstan (ISO 3166-2:KZ codes) with names in kk/ru/en',
      handler: () => REGIONS,
    }),
  ];
}
