/**
 * A ceremony's draft stage (docs/LIFECYCLE.md §Ceremonies): open one from a competition's lots in
 * broadcast order, and change one lot's override of the shared draft. The shared draft, witnesses and
 * commitments are the draw's own actions (draft.ts), unchanged.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as lrepo from '../../db/repos/ceremony-lots.repo.js';
import { InputError, NotFoundError } from '../../shared/errors.js';
import type { CeremonyCreate, LotDraftPatch } from '../../shared/api/ceremonies.js';
import type { LotDraft } from '../../shared/schemas/ceremony-events.js';
import { applyPatch } from '../../shared/api/patch.js';
import { getLot } from '../lots/lots.js';
import { kzDateOf } from '../../shared/civil-date.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { formatDrawId, getDraw, requireNoActiveDraw } from './draft.js';

function lotsInvalid(path: string, message: string): InputError {
  return new InputError('CEREMONY_LOTS_INVALID', `${path}: ${message}`, {
    details: { issues: [{ path, message }] },
  });
}

/** A draw that is a ceremony, with its lots; NotFoundError DRAW_NOT_FOUND otherwise. */
export function getCeremony(
  deps: Pick<DrawDeps, 'db'>,
  id: string
): { d: repo.DrawRecord; lots: lrepo.CeremonyLotRecord[] } {
  const d = getDraw(deps, id);
  if (d.lotIds === null) throw new NotFoundError('DRAW_NOT_FOUND', `${id} is not a ceremony`);
  return { d, lots: lrepo.listLots(deps.db, id) };
}

/** Whether a stored draw is a ceremony. */
export function isCeremony(deps: Pick<DrawDeps, 'db'>, id: string): boolean {
  return getDraw(deps, id).lotIds !== null;
}

/** One lot of a ceremony by its id; 404 LOT_NOT_IN_CEREMONY for another lot. */
export function lotOf(
  lots: readonly lrepo.CeremonyLotRecord[],
  drawId: string,
  lotId: number
): lrepo.CeremonyLotRecord {
  const lot = lots.find((l) => l.lotId === lotId);
  if (!lot)
    throw new NotFoundError(
      'LOT_NOT_IN_CEREMONY',
      `lot ${lotId} is not a lot of ceremony ${drawId}`
    );
  return lot;
}

/** Sorts draw ids D-<year>-<serial> oldest first. */
function byAge(ids: Iterable<string>): string[] {
  const key = (id: string) => id.split('-').slice(1).map(Number) as [number, number];
  return [...new Set(ids)].sort((a, b) => {
    const [ya, sa] = key(a);
    const [yb, sb] = key(b);
    return ya - yb || sa - sb;
  });
}

/**
 * Opens a ceremony: lots of one competition, none with an active draw (409 LOT_HAS_ACTIVE_DRAW),
 * overrides only for its lots, each once (400 CEREMONY_LOTS_INVALID naming the field).
 */
export function createCeremony(
  deps: DrawDeps,
  actor: string,
  input: CeremonyCreate
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const lots = input.lotIds.map((id) => getLot(deps.db, id));
    const competition = lots[0]!.competitionId;
    lots.forEach((l, i) => {
      if (l.competitionId !== competition)
        throw lotsInvalid(
          `body.lotIds.${i}`,
          `lot ${l.id} is of another competition than lot ${lots[0]!.id}`
        );
    });
    const overrides = new Map<number, LotDraft>();
    (input.lotDrafts ?? []).forEach((o, i) => {
      if (!input.lotIds.includes(o.lotId) || overrides.has(o.lotId))
        throw lotsInvalid(
          `body.lotDrafts.${i}.lotId`,
          `lot ${o.lotId} is not a lot of the ceremony, or is given twice`
        );
      overrides.set(o.lotId, o.draft);
    });
    for (const l of lots) requireNoActiveDraw(deps, l.id);
    const previous = byAge(
      lots.flatMap((l) => [
        ...repo.drawsOfLot(deps.db, l.id).map((d) => d.id),
        ...lrepo.ceremoniesOfLot(deps.db, l.id),
      ])
    );
    const year = Number(kzDateOf(rec.now).slice(0, 4));
    const serial = repo.nextSerial(deps.db, year);
    const id = formatDrawId(year, serial);
    const first = repo.drawsOfLot(deps.db, lots[0]!.id);
    const attempt = Math.max(0, ...first.map((d) => d.attempt)) + 1;
    const draft = input.draft ?? {};
    repo.insertDraw(deps.db, {
      id,
      year,
      serial,
      lotId: lots[0]!.id,
      lotIds: input.lotIds,
      attempt,
      draft,
      at: rec.at,
    });
    lrepo.insertLots(
      deps.db,
      id,
      input.lotIds.map((lotId) => ({ lotId, draft: overrides.get(lotId) ?? {} }))
    );
    rec.recordCeremony('draw.created', {
      drawId: id,
      lotIds: input.lotIds,
      previousDrawIds: previous,
      draft,
      lotDrafts: input.lotIds.flatMap((lotId) => {
        const o = overrides.get(lotId);
        return o && Object.keys(o).length > 0 ? [{ lotId, draft: o }] : [];
      }),
    });
    return getDraw(deps, id);
  });
}

/** Replaces the given fields of one lot's override (null removes one: the shared draft applies). */
export function updateLotDraft(
  deps: DrawDeps,
  actor: string,
  id: string,
  lotId: number,
  patch: LotDraftPatch
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const { d, lots } = getCeremony(deps, id);
    requireState(id, d.state, 'updateDraft');
    const lot = lotOf(lots, id, lotId);
    const lotDraft = applyPatch(lot.draft, patch);
    lrepo.updateLot(deps.db, id, lot.index, { draft: lotDraft });
    repo.updateDraw(deps.db, id, rec.at, {});
    rec.recordCeremony('draw.draft_updated', { drawId: id, lotId, lotDraft });
    return getDraw(deps, id);
  });
}
