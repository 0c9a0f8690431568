/**
 * The ceremony's own operator routes (docs/LIFECYCLE.md §Ceremony routes): create one from a
 * competition's lots, change one lot's override, close one lot. Everything else a ceremony does is on
 * the draw's routes (draws.routes.ts), which answer a ceremony with its view.
 */
import type { AppContext } from '../context.js';
import { CeremonyCreate, CeremonyLotParams, LotDraftPatch } from '../../shared/api/ceremonies.js';
import { createCeremony, updateLotDraft } from './ceremony-create.js';
import { closeLot } from './ceremony-run.js';
import { operatorCeremonyDetail } from './ceremony-views.js';
import { actorOf, Reply, route } from '../http/route.js';

export function ceremonyRoutes(ctx: AppContext) {
  const view = (id: string) => operatorCeremonyDetail(ctx, id);
  return [
    route({
      method: 'post',
      path: '/api/ceremonies',
      access: 'operator',
      body: CeremonyCreate,
      summary:
        "open a ceremony over a competition's lots in broadcast order; 409 LOT_HAS_ACTIVE_DRAW for a busy lot",
      handler: ({ body, user }) =>
        new Reply(201, view(createCeremony(ctx, actorOf(user), body).id)),
    }),
    route({
      method: 'patch',
      path: '/api/draws/:id/lots/:lotId/draft',
      access: 'operator',
      params: CeremonyLotParams,
      body: LotDraftPatch,
      summary: "change one lot's size, reserves, quotas or caps (draft only); null removes one",
      handler: ({ params, body, user }) =>
        view(updateLotDraft(ctx, actorOf(user), params.id, params.lotId, body).id),
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/lots/:lotId/close',
      access: 'operator',
      params: CeremonyLotParams,
      summary: 'close one lot of a drawn ceremony; the last one closes the ceremony',
      handler: ({ params, user }) => view(closeLot(ctx, actorOf(user), params.id, params.lotId).id),
    }),
  ];
}
