/**
 * The list view of the live page: draws split into "live and upcoming" and "past", each with its state
 * badge and start time. A pure render of (draws, error) so a language switch, or an update from the
 * live namespace (live-socket.ts watchDrawList), simply renders again.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { formatDateTime } from '../common/format.js';
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

function drawItem(d: DrawSummary): HTMLElement {
  const href = keepModeParams(`/draws/${encodeURIComponent(d.id)}`, window.location.search);
  return h(
    'li',
    { class: 'draw-card', 'data-draw-id': d.id },
    h('a', { href, class: 'draw-title' }, drawTitle(d, currentLang())),
    stateBadge(d),
    d.beaconAt && isOpen(d)
      ? h(
          'time',
          { datetime: d.beaconAt },
          t('live.startsAt', { time: formatDateTime(d.beaconAt, currentLang()) })
        )
      : null
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
