/**
 * Runs as a classic blocking script in <head>, before first paint: puts the display-mode classes and
 * the chosen language on <html> so an overlay never flashes the page chrome and the document language
 * is right from the start. The page module (i18n.ts) takes over after this.
 */
import { chooseLanguage, LANG_STORAGE_KEY } from './lang.js';
import { modeClasses, parseDisplayMode } from './mode.js';

function storedLang(): string | null {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage blocked (privacy mode, sandboxed iframe)
  }
}

const html = document.documentElement;
html.classList.add('js', ...modeClasses(parseDisplayMode(window.location.search)));
const preferred = navigator.languages ?? [navigator.language];
html.lang = chooseLanguage(window.location.search, preferred, storedLang());
