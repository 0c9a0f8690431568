/**
 * The languages of the label catalogue (shared/i18n/catalog.ts): Kazakh, Russian and English. Its own
 * module, without the catalogue, so the pages' tiny boot script can read it.
 */
export const LANGS = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGS)[number];
