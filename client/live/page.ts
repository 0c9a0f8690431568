/**
 * The public live page, run by main.ts. `/` shows the list of draws (loaded from the public API, then kept
 * current by the live namespace); `/draws/:id` shows one draw's ceremony, played from the live event
 * sequence with catch-up after every reconnection (live-socket.ts). Display modes (?embed=1,
 * ?overlay=1) are set on <html> by boot.ts and handled in CSS.
 */
import { ApiError } from '../common/api.js';
import type { JsonAnswer } from '../common/fetch-json.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { byId, show } from '../common/dom.js';
import { onLanguageChange, t } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { renderDrawList, type ListState } from './draw-list.js';
import { DrawView } from './draw-view.js';
import { fetchConflictKinds, fetchDirections, fetchDraws } from './draws-api.js';
import { fetchDrawOrCeremony } from './ceremony-api.js';
import { CeremonyView } from './ceremony-view.js';
import { isCeremonyDetail, type PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
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

/** A ceremony (several lots in one broadcast): its own view over the same page. */
function showCeremony(id: string, detail: PublicCeremonyDetail): void {
  const refs: ReferenceData = { directions: [], conflictKinds: [] };
  const view = new CeremonyView(id, detail, createLabels(refs));
  onLanguageChange(() => view.renderAll());
  view.renderAll();
  void referenceData().then((ref) => {
    Object.assign(refs, ref);
    view.renderAll();
  });
  watchDraw(connectLive(), id, 0, {
    onEvents: (events, catchUp) => view.onEvents(events, catchUp),
    onStatus: (status, code) => {
      view.connection = status;
      if (code) view.error = code;
      view.renderHeader();
    },
  });
}

/** `early`: the detail's answer main.ts already has (the title is on screen); parsed here. */
export async function showDraw(id: string, early?: JsonAnswer): Promise<void> {
  show(byId('list-view', HTMLElement), false);
  show(byId('draw-view', HTMLElement), true);
  if (!early) byId('draw-status', HTMLParagraphElement).textContent = t('live.loading');
  // a ceremony or a single draw: the detail says which view to build
  let first: PublicCeremonyDetail | PublicDrawDetail | null = null;
  let firstError: string | null = null;
  try {
    first = await fetchDrawOrCeremony(id, early);
  } catch (e) {
    firstError = codeOf(e);
  }
  if (first && isCeremonyDetail(first)) return showCeremony(id, first);
  const refs: ReferenceData = { directions: [], conflictKinds: [] };
  const view = new DrawView(id, createLabels(refs));
  onLanguageChange(() => view.renderAll());
  // The title comes with the detail: render it at once; names of directions and conflict kinds
  // follow when they arrive.
  void referenceData().then((ref) => {
    Object.assign(refs, ref);
    view.renderAll();
  });
  view.detail = first;
  if (firstError) view.error = firstError;
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
