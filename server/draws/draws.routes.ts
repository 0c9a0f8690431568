/**
 * Operator API of the draw lifecycle (docs/LIFECYCLE.md §Routes). Each write is one action of the
 * state machine: checked (409 DRAW_STATE_CONFLICT in the wrong state), stored and logged in one
 * transaction, and answered after the commit with the draw as the operator sees it.
 */
import type { AppContext } from '../context.js';
import { ConflictError, DrawError, InputError } from '../../shared/errors.js';
import { DeclineRequest } from '../../shared/api/ceremonies.js';
import { isCeremony } from './ceremony-create.js';
import { announceCeremonyOffThread } from './ceremony-ahead.js';
import { declineInLot, runCeremony } from './ceremony-run.js';
import { operatorCeremonyDetail } from './ceremony-views.js';
import { DraftSpecPatch } from '../../shared/api/draw-draft.js';
import {
  BeaconPaste,
  CancelBody,
  DrawCreate,
  DrawIdParams,
  DrawListQuery,
  PublicSourcesPost,
  WitnessInvite,
} from '../../shared/api/draws.js';
import { BeaconUnavailableError } from './drand-relay.js';
import { checkDrawRelays } from './relay-check.js';
import { announceDrawOffThread, previewJsonOffThread } from './fairness-pool.js';
import { fetchBeaconNow, pasteBeacon, postPublicSources } from './entropy.js';
import { closeReveals, openReveals } from './reveals.js';
import { cancelDraw, closeDraw, declineSeat, runDrawNow } from './run.js';
import { beaconStatusOf, listDrawSummaries, operatorDrawDetail } from './views.js';
import { createDraw, getDraw, inviteWitness, updateDraft } from './draft.js';
import { actorOf } from '../http/route.js';
import { Reply, route } from '../http/route.js';

export function drawsRoutes(ctx: AppContext) {
  // a ceremony (docs/LIFECYCLE.md §Ceremonies) is answered with its own view
  const view = (id: string) =>
    isCeremony(ctx, id) ? operatorCeremonyDetail(ctx, id) : operatorDrawDetail(ctx, id);
  return [
    route({
      method: 'get',
      path: '/api/draws',
      access: 'operator',
      query: DrawListQuery,
      summary: 'every draw, newest first (filter by state or lot)',
      handler: ({ query }) => listDrawSummaries(ctx, query),
    }),
    route({
      method: 'post',
      path: '/api/draws',
      access: 'operator',
      body: DrawCreate,
      summary:
        'open a draft draw for a lot; 409 LOT_HAS_ACTIVE_DRAW unless earlier ones were cancelled',
      handler: ({ body, user }) => new Reply(201, view(createDraw(ctx, actorOf(user), body).id)),
    }),
    route({
      method: 'get',
      path: '/api/draws/:id',
      access: 'operator',
      params: DrawIdParams,
      summary: 'a draw with witness accounts and decline reasons',
      handler: ({ params }) => view(params.id),
    }),
    route({
      method: 'patch',
      path: '/api/draws/:id/draft',
      access: 'operator',
      params: DrawIdParams,
      body: DraftSpecPatch,
      summary: 'change draft rules (draft only); null removes an optional field',
      handler: ({ params, body, user }) =>
        view(updateDraft(ctx, actorOf(user), params.id, body).id),
    }),
    route({
      method: 'get',
      path: '/api/draws/:id/preview',
      access: 'operator',
      params: DrawIdParams,
      summary: 'eligible experts, exclusions with rules, feasibility and fairness; writes nothing',
      handler: async ({ params, res }) => {
        // a single draw's preview or a ceremony's (per lot), both built in the preview worker
        const json = await previewJsonOffThread(ctx, params.id);
        res.type('application/json').send(json);
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/witnesses',
      access: 'operator',
      params: DrawIdParams,
      body: WitnessInvite,
      summary: 'invite an observer account as a witness (draft only)',
      handler: ({ params, body, user }) => {
        inviteWitness(ctx, actorOf(user), params.id, body.username);
        return new Reply(201, view(params.id));
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/announce',
      access: 'operator',
      params: DrawIdParams,
      summary: 'freeze the pool and seal the announcement; 409 DRAW_INFEASIBLE with the report',
      handler: async ({ params, user }) => {
        try {
          const announce = isCeremony(ctx, params.id)
            ? announceCeremonyOffThread
            : announceDrawOffThread;
          return view((await announce(ctx, actorOf(user), params.id)).id);
        } catch (e) {
          if (e instanceof DrawError && e.code === 'DRAW_INFEASIBLE')
            return new Reply(409, {
              error: { code: e.code, message: e.message, feasibility: e.details },
            });
          throw e;
        }
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/reveals/open',
      access: 'operator',
      params: DrawIdParams,
      summary: 'open the reveal window (announced → revealing)',
      handler: ({ params, user }) => view(openReveals(ctx, actorOf(user), params.id).id),
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/reveals/close',
      access: 'operator',
      params: DrawIdParams,
      summary: 'close reveals after the deadline (or once all revealed); missing ones are dropped',
      handler: ({ params, user }) => view(closeReveals(ctx, actorOf(user), params.id).id),
    }),
    route({
      method: 'get',
      path: '/api/draws/:id/relays',
      access: 'operator',
      params: DrawIdParams,
      summary:
        "whether each drand relay serves the draw's chain: a warning before announcing, never a refusal",
      handler: ({ params }) => checkDrawRelays(ctx, params.id),
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/beacon/fetch',
      access: 'operator',
      params: DrawIdParams,
      summary: 'fetch the announced drand round from the relay now; 503 while it is unavailable',
      handler: async ({ params, user }) => {
        try {
          return view((await fetchBeaconNow(ctx, actorOf(user), params.id)).id);
        } catch (e) {
          if (e instanceof BeaconUnavailableError)
            return new Reply(503, {
              error: { code: e.code, message: e.message },
              beaconStatus: beaconStatusOf(getDraw(ctx, params.id)),
            });
          throw e;
        }
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/beacon',
      access: 'operator',
      params: DrawIdParams,
      body: BeaconPaste,
      summary:
        "paste the round's relay JSON when the server has no internet; verified the same way",
      handler: ({ params, body, user }) =>
        view(pasteBeacon(ctx, actorOf(user), params.id, body.beacon).id),
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/public-sources',
      access: 'operator',
      params: DrawIdParams,
      body: PublicSourcesPost,
      summary: 'post published values of announced public sources (each once)',
      handler: ({ params, body, user }) =>
        view(postPublicSources(ctx, actorOf(user), params.id, body.values).id),
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/run',
      access: 'operator',
      params: DrawIdParams,
      summary: 'derive the seed and run the draw; the whole result is stored and logged at once',
      handler: ({ params, user }) => {
        const run = isCeremony(ctx, params.id) ? runCeremony : runDrawNow;
        return view(run(ctx, actorOf(user), params.id).id);
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/declines',
      access: 'operator',
      params: DrawIdParams,
      body: DeclineRequest,
      summary:
        "record a decline (a ceremony's names its lot); the next fitting reserve takes the seat",
      handler: ({ params, body, user }) => {
        const { lotId, ...decline } = body;
        const ceremony = isCeremony(ctx, params.id);
        if (ceremony !== (lotId !== undefined)) {
          const message = ceremony
            ? 'a ceremony decline names its lot'
            : 'a single draw has no lots: leave lotId out';
          throw new InputError('INVALID_INPUT', `invalid body: body.lotId: ${message}`, {
            details: { issues: [{ path: 'body.lotId', message }] },
          });
        }
        const out =
          lotId === undefined
            ? declineSeat(ctx, actorOf(user), params.id, decline)
            : declineInLot(ctx, actorOf(user), params.id, { ...decline, lotId });
        return view(out.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/close',
      access: 'operator',
      params: DrawIdParams,
      summary: 'close a drawn draw (final); a ceremony closes per lot',
      handler: ({ params, user }) => {
        if (isCeremony(ctx, params.id))
          throw new ConflictError(
            'CEREMONY_CLOSES_PER_LOT',
            `${params.id} is a ceremony: close each lot (POST /api/draws/${params.id}/lots/:lotId/close)`
          );
        return view(closeDraw(ctx, actorOf(user), params.id).id);
      },
    }),
    route({
      method: 'post',
      path: '/api/draws/:id/cancel',
      access: 'operator',
      params: DrawIdParams,
      body: CancelBody,
      summary: 'cancel a draw that is not closed, with a reason; it stays public',
      handler: ({ params, body, user }) =>
        view(cancelDraw(ctx, actorOf(user), params.id, body.reason).id),
    }),
  ];
}
