/**
 * The draw lifecycle as the console calls it (server/draws/draws.routes.ts, witness.routes.ts and the
 * public draw routes), answers parsed with shared/api/draws.ts. Every ceremony button is one of
 * these calls: the console has no way to act on a draw that the API does not offer.
 */
import { z } from 'zod';
import type { DraftSpec } from '../../../shared/schemas/draw-draft.js';
import type { DraftSpecPatch } from '../../../shared/api/draw-draft.js';
import {
  DrawPreview,
  DrawSummary,
  PublicDrawDetail,
  WitnessInvitation,
} from '../../../shared/api/draws.js';
import type { PublishedSource } from '../../../shared/schemas/seed.js';
import { LogKeyResponse, SignedCheckpoint } from '../../../shared/schemas/log.js';
import { RelayCheck } from '../../../shared/api/beacon.js';
import { apiFetch } from '../../common/api.js';
import { DeclineCategory } from '../../../shared/schemas/decline-category.js';

/** The operator's view: the public one plus witness accounts and decline reasons. */
export const OperatorDrawDetail = PublicDrawDetail.extend({
  witnessAccounts: z.array(z.object({ witnessId: z.string(), userId: z.number().int() })),
  declines: z.array(
    z.object({
      registryNo: z.string(),
      category: DeclineCategory.nullable(),
      reason: z.string(),
      actor: z.string(),
      at: z.string(),
      firstStep: z.number().int(),
    })
  ),
  beaconUrls: z.array(z.string()),
});
export type OperatorDrawDetail = z.infer<typeof OperatorDrawDetail>;
export type PublishedSourceInput = z.input<typeof PublishedSource>;

const id = (drawId: string) => encodeURIComponent(drawId);
const post = (path: string, body?: unknown) =>
  apiFetch(path, OperatorDrawDetail, { method: 'POST', body: body ?? {} });

export const listDraws = () => apiFetch('/api/draws', z.array(DrawSummary));
export const getDraw = (drawId: string) => apiFetch(`/api/draws/${id(drawId)}`, OperatorDrawDetail);
export const createDraw = (lotId: number, draft?: DraftSpec) =>
  post('/api/draws', draft ? { lotId, draft } : { lotId });
export const patchDraft = (drawId: string, body: DraftSpecPatch) =>
  apiFetch(`/api/draws/${id(drawId)}/draft`, OperatorDrawDetail, { method: 'PATCH', body });
export const previewDraw = (drawId: string) =>
  apiFetch(`/api/draws/${id(drawId)}/preview`, DrawPreview);
export const inviteWitness = (drawId: string, username: string) =>
  post(`/api/draws/${id(drawId)}/witnesses`, { username });
export const announce = (drawId: string) => post(`/api/draws/${id(drawId)}/announce`);
export const openReveals = (drawId: string) => post(`/api/draws/${id(drawId)}/reveals/open`);
export const closeReveals = (drawId: string) => post(`/api/draws/${id(drawId)}/reveals/close`);
export const fetchBeacon = (drawId: string) => post(`/api/draws/${id(drawId)}/beacon/fetch`);
export const pasteBeacon = (drawId: string, beacon: string) =>
  post(`/api/draws/${id(drawId)}/beacon`, { beacon });
export const postPublicSources = (drawId: string, values: PublishedSourceInput[]) =>
  post(`/api/draws/${id(drawId)}/public-sources`, { values });
export const runDraw = (drawId: string) => post(`/api/draws/${id(drawId)}/run`);
export const recordDecline = (
  drawId: string,
  registryNo: string,
  category: DeclineCategory,
  reason: string
) => post(`/api/draws/${id(drawId)}/declines`, { registryNo, category, reason });
export const closeDraw = (drawId: string) => post(`/api/draws/${id(drawId)}/close`);
export const cancelDraw = (drawId: string, reason: string) =>
  post(`/api/draws/${id(drawId)}/cancel`, { reason });

export const publicDraw = (drawId: string) =>
  apiFetch(`/api/public/draws/${id(drawId)}`, PublicDrawDetail);
/** The first signed checkpoint whose tree holds log entry `index`. */
export const checkpointCovering = (index: number) =>
  apiFetch(`/api/public/log/entries/${index}/checkpoint`, SignedCheckpoint);
export const relayCheck = (drawId: string) =>
  apiFetch(`/api/draws/${id(drawId)}/relays`, RelayCheck);
export const logKey = () => apiFetch('/api/public/log/key', LogKeyResponse);

export const invitations = () => apiFetch('/api/witness/invitations', z.array(WitnessInvitation));
export const commit = (drawId: string, commitment: string) =>
  apiFetch(`/api/witness/draws/${id(drawId)}/commitment`, WitnessInvitation, {
    method: 'POST',
    body: { commitment },
  });
export const reveal = (drawId: string, secret: string) =>
  apiFetch(`/api/witness/draws/${id(drawId)}/reveal`, WitnessInvitation, {
    method: 'POST',
    body: { secret },
  });

/** The protocol PDF of a draw in a language (public, GET). */
export const protocolPdfUrl = (drawId: string, lang: 'kk' | 'ru') =>
  `/api/public/draws/${id(drawId)}/protocol.pdf?lang=${lang}`;
