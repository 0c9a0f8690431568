/**
 * The single-draw view of the live page (/draws/:id): heading, state and the reserved step list.
 * The ceremony itself (socket.io steps, pool, fairness report, verify-in-browser) plugs in here with
 * issue 5: it appends one <li> per step to #draw-steps, whose aria-live region announces it.
 */
import { byId, fill, show } from '../common/dom.js';
import { currentLang, errorText, t } from '../common/i18n.js';
import { keepModeParams } from '../common/mode.js';
import { drawTitle, type DrawSummary } from './draws-api.js';
import { stateBadge } from './draw-list.js';

export interface DrawViewState {
  id: string;
  /** undefined while loading, null when there is no such draw */
  draw: DrawSummary | null | undefined;
  error: string | null;
}

export function renderDrawView(state: DrawViewState): void {
  const heading = byId('draw-heading', HTMLHeadingElement);
  const status = byId('draw-status', HTMLParagraphElement);
  const stateLine = byId('draw-state', HTMLParagraphElement);
  const { draw } = state;
  byId('draw-back', HTMLAnchorElement).href = keepModeParams('/', window.location.search);
  heading.textContent = draw ? drawTitle(draw, currentLang()) : `#${state.id}`;
  document.title = t('draw.docTitle', { title: heading.textContent });
  if (draw) fill(stateLine, `${t('draw.stateLabel')}: `, stateBadge(draw));
  else fill(stateLine);
  if (state.error) status.textContent = errorText(state.error);
  else if (draw === undefined) status.textContent = t('live.loading');
  else if (draw === null) status.textContent = t('draw.notFound');
  else status.textContent = '';
  const steps = byId('draw-steps', HTMLOListElement);
  show(byId('steps-waiting', HTMLParagraphElement), steps.children.length === 0);
}
