/**
 * The UI languages and how the default is chosen: a remembered choice first, then the browser's
 * preferred languages (navigator.languages, BCP 47 tags), then Russian. Pure: no DOM, no storage.
 */
import { LANGS, type Lang } from '../../shared/i18n/langs.js';

export { LANGS, type Lang };

/** Russian is the fallback: more than 90% of the registry's experts read it (docs DOMAIN.md). */
export const FALLBACK_LANG: Lang = 'ru';

/** localStorage key of the viewer's explicit choice. */
export const LANG_STORAGE_KEY = 'adal.lang';

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** BCP 47 locale used for Intl formatting of each UI language. */
export const LOCALES: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/**
 * BCP 47 locale for Intl number and unit formatting. Kazakh writes numbers as Russian does (space
 * grouping, decimal comma, "МБ"), and Chromium ships no Kazakh number data (it would print
 * "12,345.5" and "50MB"), so Kazakh numbers are formatted with the Russian rules.
 */
export const NUMBER_LOCALES: Record<Lang, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-GB' };

/** Each language's name written in that language (shown on the switcher). */
export const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** The first supported primary subtag among `preferred` ("kk-KZ" → kk), unless `stored` is valid. */
export function detectLanguage(preferred: readonly string[], stored: string | null): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.split('-')[0]!.toLowerCase();
    if (isLang(primary)) return primary;
  }
  return FALLBACK_LANG;
}

/**
 * The starting language: `?lang=` in the page address (an embed or overlay fixes its language that
 * way), else the remembered choice, else the browser's preference, else the fallback.
 */
export function chooseLanguage(
  search: string,
  preferred: readonly string[],
  stored: string | null
): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  return isLang(fromUrl) ? fromUrl : detectLanguage(preferred, stored);
}
