/**
 * Draft-stage draw actions (docs/LIFECYCLE.md §Actions and transitions): open a draw for a lot
 * (attempt n, listing the earlier attempts), edit its rules, invite observer accounts as witnesses
 * and take their commitments. Nothing here is binding yet; announcement (announce.ts) seals it.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import { findUserByUsername } from '../../db/repos/users.repo.js';
import { AuthError, ConflictError, InputError, NotFoundError } from '../../shared/errors.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DraftSpecPatch } from '../../shared/api/draw-draft.js';
import { applyPatch } from '../../shared/api/patch.js';
import { getLot } from '../lots/lots.js';
import { kzDateOf } from '../../shared/civil-date.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { ceremoniesOfLot } from '../../db/repos/ceremony-lots.repo.js';

export function getDraw(deps: Pick<DrawDeps, 'db'>, id: string): repo.DrawRecord {
  const d = repo.findDraw(deps.db, id);
  if (!d) throw new NotFoundError('DRAW_NOT_FOUND', `no draw ${id}`);
  return d;
}

/**
 * A lot has at most one draw that is not cancelled, a ceremony it is in included (docs/LIFECYCLE.md
 * §Ceremonies). Throws ConflictError LOT_HAS_ACTIVE_DRAW naming the lot and the draw.
 */
export function requireNoActiveDraw(deps: Pick<DrawDeps, 'db'>, lotId: number): void {
  const ids = [
    ...repo.drawsOfLot(deps.db, lotId).map((d) => d.id),
    ...ceremoniesOfLot(deps.db, lotId),
  ];
  for (const id of ids) {
    const live = getDraw(deps, id);
    if (live.state !== 'cancelled')
      throw new ConflictError(
        'LOT_HAS_ACTIVE_DRAW',
        `lot ${lotId} already has draw ${live.id} (${live.state}); cancel it first for a new attempt`,
        { details: { drawId: live.id, state: live.state } }
      );
  }
}

/** Draw ids read D-<year>-<serial>, serials counting per year from 1. */
export function formatDrawId(year: number, serial: number): string {
  return `D-${year}-${String(serial).padStart(4, '0')}`;
}

/**
 * Opens a draft for a lot. A lot has at most one draw that is not cancelled: a new attempt is
 * possible only after the earlier ones were cancelled, and it lists them all.
 */
export function createDraw(
  deps: DrawDeps,
  actor: string,
  input: { lotId: number; draft?: DraftSpec | undefined }
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const lot = getLot(deps.db, input.lotId);
    requireNoActiveDraw(deps, lot.id);
    // a lot's attempts are its single draws; a ceremony it was the first lot of holds a number too
    const rows = repo.drawsOfLot(deps.db, lot.id);
    const earlier = rows.filter((d) => d.lotIds === null);
    const year = Number(kzDateOf(rec.now).slice(0, 4));
    const serial = repo.nextSerial(deps.db, year);
    const id = formatDrawId(year, serial);
    const attempt = Math.max(0, ...rows.map((d) => d.attempt)) + 1;
    const draft = input.draft ?? {};
    repo.insertDraw(deps.db, { id, year, serial, lotId: lot.id, attempt, draft, at: rec.at });
    rec.record('draw.created', {
      drawId: id,
      lotId: lot.id,
      attempt,
      previousDrawIds: earlier.map((d) => d.id),
      draft,
    });
    return getDraw(deps, id);
  });
}

/** Replaces the given draft fields (null removes an optional one). */
export function updateDraft(
  deps: DrawDeps,
  actor: string,
  id: string,
  patch: DraftSpecPatch
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'updateDraft');
    const draft = applyPatch(d.draft, patch);
    repo.updateDraw(deps.db, id, rec.at, { draft });
    rec.record('draw.draft_updated', { drawId: id, draft });
    return getDraw(deps, id);
  });
}

/** Invites an active observer account; its public display name becomes the witness's name. */
export function inviteWitness(
  deps: DrawDeps,
  actor: string,
  id: string,
  username: string
): wrepo.WitnessRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'inviteWitness');
    const u = findUserByUsername(deps.db, username);
    const issue = (message: string) =>
      new InputError('WITNESS_ACCOUNT_INVALID', `body.username: ${message}`, {
        details: { issues: [{ path: 'body.username', message }] },
      });
    if (!u || u.disabledAt !== null) throw issue('no active account with this username');
    if (u.role !== 'observer') throw issue('witnesses are observer accounts');
    const witnesses = wrepo.listWitnesses(deps.db, id);
    if (witnesses.some((w) => w.userId === u.id))
      throw new ConflictError(
        'WITNESS_ALREADY_INVITED',
        `${username} is already a witness of ${id}`
      );
    if (witnesses.length >= 20)
      throw new ConflictError('WITNESS_LIMIT', 'a draw has at most 20 witnesses');
    const witnessId = `W-${witnesses.length + 1}`;
    const name = u.displayName.trim().slice(0, 200);
    wrepo.insertWitness(deps.db, { drawId: id, witnessId, userId: u.id, name, at: rec.at });
    repo.updateDraw(deps.db, id, rec.at, {});
    rec.record('draw.witness_invited', { drawId: id, witnessId, name });
    return wrepo.findWitnessByUser(deps.db, id, u.id)!;
  });
}

/** The signed-in user's witness record for a draw, or 403 when they are not invited. */
export function ownWitness(
  deps: Pick<DrawDeps, 'db'>,
  drawId: string,
  userId: number
): wrepo.WitnessRecord {
  getDraw(deps, drawId);
  const w = wrepo.findWitnessByUser(deps.db, drawId, userId);
  if (!w) throw new AuthError('FORBIDDEN', `you are not a witness of draw ${drawId}`);
  return w;
}

/**
 * A witness commits H(secret) while the draw is a draft. A new commitment replaces the old one (a
 * witness who lost the secret before announcement commits again); each is logged.
 */
export function commitWitness(
  deps: DrawDeps,
  actor: string,
  drawId: string,
  userId: number,
  commitment: string
): wrepo.WitnessRecord {
  return drawAction(deps, actor, (rec) => {
    const w = ownWitness(deps, drawId, userId);
    requireState(drawId, getDraw(deps, drawId).state, 'commit');
    wrepo.setCommitment(deps.db, drawId, w.witnessId, commitment, rec.at);
    repo.updateDraw(deps.db, drawId, rec.at, {});
    rec.record('draw.witness_committed', { drawId, witnessId: w.witnessId, commitment });
    return wrepo.findWitnessByUser(deps.db, drawId, userId)!;
  });
}
