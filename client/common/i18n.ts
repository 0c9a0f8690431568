/**
 * UI text by code (uptime-kuma TranslatableError style): every visible string is a message code looked
 * up in the shared catalogue (shared/i18n/catalog.ts, which the PDF protocol reads too); API and
 * verification errors are shown as `error.<CODE>`. Plural
 * messages are objects keyed by Intl.PluralRules categories (Russian needs one/few/many/other).
 * Static markup is translated through data-i18n attributes; dynamic views re-render on change.
 */
import type { Message, MessageCode, Params } from '../../shared/i18n/catalog.js';
import { interpolate as fill } from '../../shared/i18n/interpolate.js';
import {
  FALLBACK_LANG,
  LANG_STORAGE_KEY,
  LOCALES,
  NUMBER_LOCALES,
  chooseLanguage,
  type Lang,
} from './lang.js';

export type { MessageCode };
/** Attributes translated from data-i18n-<attr>="code". */
const I18N_ATTRS = ['aria-label', 'title', 'placeholder', 'alt'] as const;

type Catalog = Record<string, Message>;

/**
 * One language's catalogue per page (issue 17: all three cost the live page ~420 KB): each is its own
 * chunk, loaded when chosen. boot.ts starts fetching the chosen one before this module runs, and the
 * top-level await below holds every page module until it is here, so t() is synchronous everywhere.
 */
const LOADERS: Record<Lang, () => Promise<{ default: Catalog }>> = {
  kk: () => import('../../shared/i18n/kk.json', { with: { type: 'json' } }),
  ru: () => import('../../shared/i18n/ru.json', { with: { type: 'json' } }),
  en: () => import('../../shared/i18n/en.json', { with: { type: 'json' } }),
};
const loaded = new Map<Lang, Catalog>();

async function loadCatalog(lang: Lang): Promise<Catalog> {
  const have = loaded.get(lang);
  if (have) return have;
  const catalog = (await LOADERS[lang]()).default;
  loaded.set(lang, catalog);
  return catalog;
}

function startLang(): Lang {
  // outside a browser (a Node test importing a page's screen table) there is no viewer to ask
  if (typeof window === 'undefined' || typeof navigator === 'undefined') return FALLBACK_LANG;
  const preferred = navigator.languages ?? [navigator.language];
  return chooseLanguage(window.location.search, preferred, stored());
}

let current: Lang = startLang();
await loadCatalog(current);
const listeners = new Set<(lang: Lang) => void>();

export function currentLang(): Lang {
  return current;
}

/** The three catalogues hold the same codes (tests/client/i18n.test.ts): no fallback is needed. */
function lookup(code: string): Message | undefined {
  return (loaded.get(current) ?? loaded.get(FALLBACK_LANG))?.[code];
}

function interpolate(text: string, params: Params): string {
  return fill(text, params, (v) => new Intl.NumberFormat(NUMBER_LOCALES[current]).format(v));
}

/** The message for `code` in the current language, with {name} placeholders filled. */
export function t(code: MessageCode, params: Params = {}): string {
  const m = lookup(code);
  if (m === undefined) return code;
  return interpolate(typeof m === 'string' ? m : m.other, params);
}

/** A plural message chosen by `n` ({n} is filled with the formatted number). */
export function tCount(code: MessageCode, n: number, params: Params = {}): string {
  const m = lookup(code);
  if (m === undefined) return code;
  if (typeof m === 'string') return interpolate(m, { ...params, n });
  const category = new Intl.PluralRules(LOCALES[current]).select(n);
  return interpolate(m[category] ?? m.other, { ...params, n });
}

/** Whether a code has a message (used for error codes coming from the server). */
export function hasMessage(code: string): boolean {
  return lookup(code) !== undefined;
}

/** UI text for an error code: `error.<CODE>`, or the generic text naming the code. */
export function errorText(code: string, params: Params = {}): string {
  const key = `error.${code}`;
  if (hasMessage(key)) return t(key as MessageCode, params);
  return t('error.UNKNOWN', { ...params, code });
}

/** Translates data-i18n (text) and data-i18n-<attr> (attribute) codes under `root`. */
export function translateTree(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]'))
    el.textContent = t(el.dataset['i18n'] as MessageCode);
  for (const attr of I18N_ATTRS) {
    for (const el of root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`))
      el.setAttribute(attr, t(el.getAttribute(`data-i18n-${attr}`) as MessageCode));
  }
}

function remember(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

function stored(): string | null {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** An address that fixes the language (?lang=) follows the viewer's switch, so a reload keeps it. */
function followInAddress(lang: Lang): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('lang')) return;
  url.searchParams.set('lang', lang);
  window.history.replaceState(window.history.state, '', url);
}

/** Switches the UI language: <html lang>, static text, listeners; `persist` remembers the choice. */
export function setLanguage(lang: Lang, persist = true): void {
  if (!loaded.has(lang)) {
    // fetched once, then switched to (a switch is a click: a moment's wait is fine)
    void loadCatalog(lang).then(() => setLanguage(lang, persist));
    return;
  }
  current = lang;
  document.documentElement.lang = lang;
  if (persist) {
    remember(lang);
    followInAddress(lang);
  }
  translateTree(document);
  for (const fn of listeners) fn(lang);
}

/** Calls `fn` after every language switch; returns the unsubscribe function. */
export function onLanguageChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Picks the starting language (stored choice, browser, fallback) and translates the page. */
export function initI18n(): Lang {
  setLanguage(current, false);
  return current;
}
