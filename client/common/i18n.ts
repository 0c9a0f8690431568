/**
 * UI text by code (uptime-kuma TranslatableError style): every visible string is a message code looked
 * up in the shared catalogue (shared/i18n/catalog.ts, which the PDF protocol reads too); API and
 * verification errors are shown as `error.<CODE>`. Plural
 * messages are objects keyed by Intl.PluralRules categories (Russian needs one/few/many/other).
 * Static markup is translated through data-i18n attributes; dynamic views re-render on change.
 */
import {
  interpolate as fill,
  message,
  type Message,
  type MessageCode,
  type Params,
} from '../../shared/i18n/catalog.js';
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

let current: Lang = FALLBACK_LANG;
const listeners = new Set<(lang: Lang) => void>();

export function currentLang(): Lang {
  return current;
}

function lookup(code: string): Message | undefined {
  return message(current, code) ?? message(FALLBACK_LANG, code);
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
  const preferred = navigator.languages ?? [navigator.language];
  const lang = chooseLanguage(window.location.search, preferred, stored());
  setLanguage(lang, false);
  return lang;
}
