/**
 * The live page's first paint (issue 17: the title on a slow phone): a draw's title from its public
 * detail, before the page's validating code (zod, ~50 KB compressed) has loaded and run. Only the two
 * title strings are read, each checked by hand — an object with this draw's id and string titles —
 * and written as text; the whole detail is parsed with its schema by the page module (page.ts) before
 * anything else is rendered from it, and an answer that fails that parse takes the title back.
 * Imports nothing that imports zod.
 */
import { fetchJson, type JsonAnswer } from '../common/fetch-json.js';

const MAX_TITLE = 2000;

function titleIn(answer: JsonAnswer, id: string, lang: string): string | null {
  if (answer.kind !== 'answer' || !answer.ok) return null;
  const body = answer.body;
  if (typeof body !== 'object' || body === null) return null;
  const d = body as Record<string, unknown>;
  // Lots are titled in Kazakh and Russian; English readers get the Russian title (draws-api.ts).
  const title = lang === 'kk' ? d['lotTitleKk'] : d['lotTitleRu'];
  if (d['id'] !== id || typeof title !== 'string') return null;
  if (title.trim() === '' || title.length > MAX_TITLE) return null;
  return title;
}

/**
 * Asks for the draw's detail (the request the page's <head> already started, so the answer is
 * usually on its way) and shows the draw view with the title as soon as it is here. Resolves to
 * the answer, for the page module to validate.
 */
export async function paintTitle(id: string): Promise<JsonAnswer> {
  const answer = await fetchJson(`/api/public/draws/${encodeURIComponent(id)}`);
  const title = titleIn(answer, id, document.documentElement.lang);
  const list = document.getElementById('list-view');
  const view = document.getElementById('draw-view');
  const heading = document.getElementById('draw-heading');
  if (title !== null && list && view && heading) {
    list.hidden = true;
    view.hidden = false;
    heading.textContent = title;
  }
  return answer;
}
