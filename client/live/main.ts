/**
 * Entry of the public live page. `/` shows the list of draws; `/draws/:id` shows one draw. Display
 * modes (?embed=1, ?overlay=1) are set on <html> by boot.ts and handled in CSS.
 */
import { ApiError } from '../common/api.js';
import { byId, show } from '../common/dom.js';
import { onLanguageChange } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { renderDrawList, type ListState } from './draw-list.js';
import { renderDrawView, type DrawViewState } from './draw-view.js';
import { fetchDraw, fetchDraws } from './draws-api.js';

function codeOf(e: unknown): string {
  return e instanceof ApiError ? e.code : 'UNKNOWN';
}

async function showList(): Promise<void> {
  const state: ListState = { draws: null, error: null };
  const render = () => renderDrawList(state);
  onLanguageChange(render);
  render();
  try {
    state.draws = await fetchDraws();
  } catch (e) {
    state.error = codeOf(e);
  }
  render();
}

async function showDraw(id: string): Promise<void> {
  show(byId('list-view', HTMLElement), false);
  show(byId('draw-view', HTMLElement), true);
  const state: DrawViewState = { id, draw: undefined, error: null };
  const render = () => renderDrawView(state);
  onLanguageChange(render);
  render();
  try {
    state.draw = await fetchDraw(id);
  } catch (e) {
    state.error = codeOf(e);
  }
  render();
}

initPage();
const match = /^\/draws\/([^/]+)\/?$/.exec(window.location.pathname);
void (match ? showDraw(decodeURIComponent(match[1]!)) : showList());
