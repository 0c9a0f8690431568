/** Public "find me" API (docs/API.md, docs/PROTOCOL.md §Find me): an expert's draws with proofs. */
import type { AppContext } from '../context.js';
import { RegistryNoParams } from '../../shared/api/registry.js';
import { route } from '../http/route.js';
import { expertDraws } from './expert-draws.js';

export function expertDrawsRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/public/experts/:registryNo/draws',
      access: 'public',
      params: RegistryNoParams,
      summary:
        'every draw whose pool or exclusions mention the expert: pool number, outcome, and the entries with inclusion proofs; 404 EXPERT_NOT_FOUND',
      handler: ({ params }) => expertDraws(ctx, params.registryNo),
    }),
  ];
}
