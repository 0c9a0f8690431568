/**
 * Runs as a classic blocking script in <head>, before first paint: puts the display-mode classes and
 * the chosen language on <html> so an overlay never flashes the page chrome and the document language
 * is right from the start. The page module (i18n.ts) takes over after this.
 */
import { chooseLanguage, LANG_STORAGE_KEY } from './lang.js';
import { modeClasses, overlayLayout, parseDisplayMode } from './mode.js';

function storedLang(): string | null {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage blocked (privacy mode, sandboxed iframe)
  }
}

const html = document.documentElement;
const mode = parseDisplayMode(window.location.search);
html.classList.add('js', ...modeClasses(mode));
if (mode.overlay) html.classList.add(`layout-${overlayLayout(window.location.search)}`);
const preferred = navigator.languages ?? [navigator.language];
html.lang = chooseLanguage(window.location.search, preferred, storedLang());

/** Each language's catalogue chunk, written in by scripts/build-client.mjs. */
declare const __ADAL_CATALOGS__: Record<string, string>;

// The page module waits for this language's catalogue (i18n.ts): fetch it now, beside the module.
const catalog = __ADAL_CATALOGS__[html.lang];
if (catalog) {
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.href = `/assets/${catalog}`;
  document.head.appendChild(link);
}

// A draw's page needs the draw's public detail first (its title): ask for it now, beside the scripts,
// the same request client/live/draws-api.ts makes (a same-origin GET), so the page finds it waiting.
const drawPage = /^\/draws\/([^/]+)\/?$/.exec(window.location.pathname);
if (drawPage) {
  try {
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = `/api/public/draws/${encodeURIComponent(decodeURIComponent(drawPage[1]!))}`;
    document.head.appendChild(link);
  } catch {
    // a malformed address: the page says so itself
  }
}
