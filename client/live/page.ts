/**
 * The public live page, run by main.ts. `/` shows the list of draws (loaded from the public API, then kept
 * current by the live namespace); `/draws/:id` shows one draw's ceremony, played from the live event
 * sequence with catch-up after every reconnection (live-socket.ts). Display modes (?embed=1,
 * ?overlay=1) are set on <html> by boot.ts and handled in CSS.
 */
import { ApiError } from '../common/api.js';
import type { JsonAnswer } from '../common/fetch-json.js';
import { byId, show } from '../common/dom.js';
import { onLanguageChange } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { renderDrawList, type ListState } from './draw-list.js';
import { DrawView } from './draw-view.js';
import { fetchConflictKinds, fetchDirections, fetchDraw, fetchDraws } from './draws-api.js';
import { createLabels, type ReferenceData } from './labels.js';
import { connectLive, watchDraw, watchDrawList } from './live-socket.js';

function codeOf(e: unknown): string {
  return e instanceof ApiError ? e.code : 'UNKNOWN';
}

export async function showList(): Promise<void> {
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
  watchDrawList(connectLive(), (draws) => {
    state.draws = draws;
    state.error = null;
    render();
  });
}

/** Names of directions and conflict kinds; without them codes are shown, so a failure is not fatal. */
async function referenceData(): Promise<ReferenceData> {
  const [directions, conflictKinds] = await Promise.all([
    fetchDirections().catch(() => []),
    fetchConflictKinds().catch(() => []),
  ]);
  return { directions, conflictKinds };
}

/** `early`: the detail's answer main.ts already has (the title is on screen); parsed here. */
export async function showDraw(id: string, early?: JsonAnswer): Promise<void> {
  show(byId('list-view', HTMLElement), false);
  show(byId('draw-view', HTMLElement), true);
  const refs: ReferenceData = { directions: [], conflictKinds: [] };
  const view = new DrawView(id, createLabels(refs));
  onLanguageChange(() => view.renderAll());
  // "loading" while the detail is on its way (an early answer is already here: no flash of "#id")
  if (!early) view.renderAll();
  // The title comes with the detail: render it at once; names of directions and conflict kinds
  // follow when they arrive.
  void referenceData().then((ref) => {
    Object.assign(refs, ref);
    view.renderAll();
  });
  try {
    view.detail = await fetchDraw(id, early);
  } catch (e) {
    view.error = codeOf(e);
  }
  // the title first, painted before the rest of the page is built (a slow phone sees it sooner)
  view.renderHeader();
  await new Promise((resolve) => window.setTimeout(resolve, 0));
  view.renderAll();
  if (!view.detail) return;
  watchDraw(connectLive(), id, 0, {
    onEvents: (events, catchUp) => view.onEvents(events, catchUp),
    onStatus: (status, code, refusal) => {
      view.connection = status;
      if (code) view.error = code;
      if (refusal) view.refusal = refusal;
      view.renderHeader();
    },
  });
}

initPage();
