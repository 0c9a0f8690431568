/**
 * The list view of the live page: draws split into "live and upcoming" and "past", each with its state
 * badge, start time, and a line naming the draw id, the competition and the announcement time (in
 * Kazakhstan time, the zone named). The server lists announced draws only: no drafts. A pure render of (draws, error) so a language switch, or an update from the
 * live namespace (live-socket.ts watchDrawList), simply renders again.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { formatDateTime, KAZAKHSTAN_ZONE } from '../common/format.js';
import { currentLang, errorText, t, tCount, type MessageCode } from '../common/i18n.js';
import { keepModeParams } from '../common/mode.js';
import { drawTitle, isOpen, type DrawSummary } from './draws-api.js';

export interface ListState {
  /** null while loading */
  draws: DrawSummary[] | null;
  /** error code when loading failed */
  error: string | null;
}

export function stateBadge(d: Pick<DrawSummary, 'state'>): HTMLElement {
  return h('span', { class: `badge state-${d.state}` }, t(`draw.state.${d.state}` as MessageCode));
}

/** A time as the public reads it: Kazakhstan time, the zone named. */
function kzTime(iso: string): string {
  return t('time.kazakhstan', { time: formatDateTime(iso, currentLang(), KAZAKHSTAN_ZONE) });
}

/** "Draw D-2026-0001 · competition GR-2026 · Announced 12 March 2026, 10:00 (Kazakhstan time, UTC+5)" */
function drawMeta(d: DrawSummary): HTMLElement {
  return h(
    'p',
    { class: 'draw-meta' },
    h('span', { class: 'draw-id' }, t('live.meta.id', { id: d.id })),
    d.competitionCode
      ? h(
          'span',
          { class: 'draw-competition' },
          t('live.meta.competition', { code: d.competitionCode })
        )
      : null,
    d.announcedAt
      ? h(
          'span',
          { class: 'draw-announced', 'data-datetime': d.announcedAt },
          t('live.announcedAt', { time: kzTime(d.announcedAt) })
        )
      : null
  );
}

function drawItem(d: DrawSummary): HTMLElement {
  const href = keepModeParams(`/draws/${encodeURIComponent(d.id)}`, window.location.search);
  return h(
    'li',
    { class: 'draw-card', 'data-draw-id': d.id },
    h(
      'a',
      { href, class: 'draw-title' },
      // a ceremony is listed by its competition and its number of lots, not by its first lot
      d.lotIds
        ? t('live.ceremony.listTitle', { code: d.competitionCode, n: d.lotIds.length })
        : drawTitle(d, currentLang())
    ),
    stateBadge(d),
    d.beaconAt && isOpen(d)
      ? h('time', { datetime: d.beaconAt }, t('live.startsAt', { time: kzTime(d.beaconAt) }))
      : null,
    drawMeta(d)
  );
}

function renderGroup(listId: string, emptyId: string, draws: DrawSummary[] | null): void {
  const list = byId(listId, HTMLUListElement);
  fill(list, ...(draws ?? []).map(drawItem));
  show(list, draws !== null && draws.length > 0);
  show(byId(emptyId, HTMLParagraphElement), draws !== null && draws.length === 0);
}

function statusText(state: ListState): string {
  if (state.error) return errorText(state.error);
  if (state.draws === null) return t('live.loading');
  return state.draws.length > 0 ? tCount('live.count', state.draws.length) : '';
}

export function renderDrawList(state: ListState): void {
  byId('list-status', HTMLParagraphElement).textContent = statusText(state);
  const draws = state.error ? [] : state.draws;
  renderGroup('upcoming-list', 'upcoming-empty', draws && draws.filter(isOpen));
  renderGroup('past-list', 'past-empty', draws && draws.filter((d) => !isOpen(d)));
}
