/**
 * Entry of the public live page: `/` shows the list of draws, `/draws/:id` one draw's ceremony
 * (page.ts). On a draw's page the title is painted first, from the draw's detail alone
 * (first-title.ts); only then is the rest of the page fetched and run — its validating code (zod)
 * and everything else. On a slow phone every download shares the bandwidth: fetched beside the
 * detail, the page's ~100 KB of code held the title back by a second (docs/BENCHMARKS.md §Live page
 * weight). The build names the rest's modules in an inert <template id="later-modules">
 * (scripts/build-client.mjs); they are turned into modulepreloads here, so they load all at once
 * rather than one import level at a time.
 */
import { paintTitle } from './first-title.js';

function fetchLaterModules(): void {
  const later = document.getElementById('later-modules');
  if (later instanceof HTMLTemplateElement) document.head.append(later.content.cloneNode(true));
}

const match = /^\/draws\/([^/]+)\/?$/.exec(window.location.pathname);
if (match) {
  const id = decodeURIComponent(match[1]!);
  const detail = await paintTitle(id);
  fetchLaterModules();
  const { showDraw } = await import('./page.js');
  await showDraw(id, detail);
} else {
  fetchLaterModules();
  const { showList } = await import('./page.js');
  await showList();
}
