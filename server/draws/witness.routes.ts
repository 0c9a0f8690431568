/**
 * The witness's API (docs/LIFECYCLE.md §Routes, Witness): an observer sees the draws they are
 * invited to, commits H(secret) while the draw is a draft and reveals the secret while it is
 * revealing. Only the invited account may act for its witness id (403 otherwise). The secret is
 * made in the witness's browser; the server sees it only at reveal.
 */
import type { AppContext } from '../context.js';
import { DrawIdParams, WitnessCommit, WitnessReveal } from '../../shared/api/draws.js';
import { commitWitness } from './draft.js';
import { revealSecret } from './reveals.js';
import { invitationsOf } from './views.js';
import { actorOf } from '../http/route.js';
import { route } from '../http/route.js';
import type { SessionUser } from '../../shared/api/auth.js';

const userOf = (u: SessionUser | null) => ({ username: actorOf(u), id: u!.id });

export function witnessRoutes(ctx: AppContext) {
  const mine = (userId: number, drawId: string) =>
    invitationsOf(ctx, userId).find((i) => i.drawId === drawId)!;
  return [
    route({
      method: 'get',
      path: '/api/witness/invitations',
      access: 'observer',
      summary: "the signed-in observer's witness invitations, newest first",
      handler: ({ user }) => invitationsOf(ctx, userOf(user).id),
    }),
    route({
      method: 'post',
      path: '/api/witness/draws/:id/commitment',
      access: 'observer',
      params: DrawIdParams,
      body: WitnessCommit,
      summary: "commit taggedHash('commitment', secret) while the draw is a draft",
      handler: ({ params, body, user }) => {
        const u = userOf(user);
        commitWitness(ctx, u.username, params.id, u.id, body.commitment);
        return mine(u.id, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/witness/draws/:id/reveal',
      access: 'observer',
      params: DrawIdParams,
      body: WitnessReveal,
      summary:
        'reveal the secret while revealing, before the deadline; 422 REVEAL_MISMATCH (logged)',
      handler: ({ params, body, user }) => {
        const u = userOf(user);
        revealSecret(ctx, u.username, params.id, u.id, body.secret);
        return mine(u.id, params.id);
      },
    }),
  ];
}
