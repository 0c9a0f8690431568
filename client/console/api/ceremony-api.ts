/**
 * Ceremonies as the console calls them (docs/LIFECYCLE.md §Ceremonies, shared/api/ceremonies.ts): a
 * ceremony is created from a competition's lots, then lives on the draw's own routes, each answering
 * the ceremony's operator view; a decline names its lot and each lot closes on its own.
 */
import { z } from 'zod';
import { apiFetch } from '../../common/api.js';
import { PublicDrawDetail } from '../../../shared/api/draws.js';
import {
  CeremonyPreview,
  OperatorCeremonyDetail,
  PublicCeremonyDetail,
  type CeremonyCreate,
  type LotDraftPatch,
} from '../../../shared/api/ceremonies.js';
import type { DraftSpecPatch } from '../../../shared/api/draw-draft.js';
import type { DeclineCategory } from '../../../shared/schemas/decline-category.js';
import type { PublishedSourceInput } from './draws-api.js';

export type { OperatorCeremonyDetail };

const id = (drawId: string) => encodeURIComponent(drawId);
const post = (path: string, body?: unknown) =>
  apiFetch(path, OperatorCeremonyDetail, { method: 'POST', body: body ?? {} });
const patch = (path: string, body: unknown) =>
  apiFetch(path, OperatorCeremonyDetail, { method: 'PATCH', body });

export const createCeremony = (body: CeremonyCreate) => post('/api/ceremonies', body);
export const getCeremony = (drawId: string) =>
  apiFetch(`/api/draws/${id(drawId)}`, OperatorCeremonyDetail);

/** Whether a draw is a ceremony, from its operator view as it comes (before parsing it as either). */
export const isCeremony = async (drawId: string) =>
  (await apiFetch(`/api/draws/${id(drawId)}`, z.looseObject({ kind: z.string().optional() })))
    .kind === 'ceremony';

export const previewCeremony = (drawId: string) =>
  apiFetch(`/api/draws/${id(drawId)}/preview`, CeremonyPreview);
export const patchCeremonyDraft = (drawId: string, body: DraftSpecPatch) =>
  patch(`/api/draws/${id(drawId)}/draft`, body);
export const patchLotDraft = (drawId: string, lotId: number, body: LotDraftPatch) =>
  patch(`/api/draws/${id(drawId)}/lots/${lotId}/draft`, body);
export const inviteCeremonyWitness = (drawId: string, username: string) =>
  post(`/api/draws/${id(drawId)}/witnesses`, { username });
export const announceCeremony = (drawId: string) => post(`/api/draws/${id(drawId)}/announce`);
export const openCeremonyReveals = (drawId: string) =>
  post(`/api/draws/${id(drawId)}/reveals/open`);
export const closeCeremonyReveals = (drawId: string) =>
  post(`/api/draws/${id(drawId)}/reveals/close`);
export const fetchCeremonyBeacon = (drawId: string) =>
  post(`/api/draws/${id(drawId)}/beacon/fetch`);
export const pasteCeremonyBeacon = (drawId: string, beacon: string) =>
  post(`/api/draws/${id(drawId)}/beacon`, { beacon });
export const postCeremonySources = (drawId: string, values: PublishedSourceInput[]) =>
  post(`/api/draws/${id(drawId)}/public-sources`, { values });
export const runCeremony = (drawId: string) => post(`/api/draws/${id(drawId)}/run`);
export const recordLotDecline = (
  drawId: string,
  lotId: number,
  registryNo: string,
  category: DeclineCategory,
  reason: string
) => post(`/api/draws/${id(drawId)}/declines`, { lotId, registryNo, category, reason });
export const closeLot = (drawId: string, lotId: number) =>
  post(`/api/draws/${id(drawId)}/lots/${lotId}/close`);
export const cancelCeremony = (drawId: string, reason: string) =>
  post(`/api/draws/${id(drawId)}/cancel`, { reason });

export const publicCeremony = (drawId: string) =>
  apiFetch(`/api/public/draws/${id(drawId)}`, PublicCeremonyDetail);

/** A draw's public view whether it is a single draw or a ceremony (the witness screen reads either). */
export const publicDrawOrCeremony = (drawId: string) =>
  apiFetch(`/api/public/draws/${id(drawId)}`, z.union([PublicCeremonyDetail, PublicDrawDetail]));
