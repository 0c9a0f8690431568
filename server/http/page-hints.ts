/**
 * Early fetches named in a public page's <head> by the server (issue 17: the draw's title on a slow
 * phone): the language catalogue the page will most likely pick — `?lang=` of the address, else the
 * first of kk, ru, en in Accept-Language, else Russian (the page's own choice may also use a remembered
 * one; client/common/boot.ts then preloads that) — and, on a draw's page, the draw's public detail
 * (the same same-origin GET client/live/draws-api.ts makes). Both then load beside the page's scripts
 * instead of after them.
 */
import type { Request } from 'express';
import { LANGS, type Lang } from '../../shared/i18n/langs.js';

const isLang = (v: unknown): v is Lang => typeof v === 'string' && LANGS.some((l) => l === v);

/** The language a page will most likely choose, from what the server sees of the request. */
export function likelyLang(req: Request): Lang {
  const fromUrl = req.query['lang'];
  if (isLang(fromUrl)) return fromUrl;
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const primary = part.trim().split(/[-;]/)[0]!.toLowerCase();
    if (isLang(primary)) return primary;
  }
  return 'ru';
}

/**
 * The <link> tags: `first` goes at the top of <head>, before the page's scripts — the draw's detail,
 * whose title a slow phone waits for; a browser opens six connections to a server, and a request
 * named after the scripts waited a round trip for a free one — `last` at its end (the catalogue,
 * needed only once the page's code runs). `catalogs` maps a language to its chunk
 * (dist/client/manifest.json).
 */
export function pageHints(
  req: Request,
  catalogs: Partial<Record<Lang, string>>
): { first: string; last: string } {
  const chunk = catalogs[likelyLang(req)];
  const last = chunk ? `<link rel="modulepreload" href="/assets/${encodeURI(chunk)}" />` : '';
  const id = req.params['id'];
  const first =
    typeof id === 'string' && id !== ''
      ? `<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/public/draws/${encodeURIComponent(id)}" />`
      : '';
  return { first, last };
}

/**
 * The live page's later modules (named in an inert <template id="later-modules"> by the build, and
 * fetched by client/live/main.ts once a draw's title is painted) as real modulepreloads on a page
 * with no draw to paint first — the list at `/` — so they load at once, beside the entry.
 */
export function unfoldLaterModules(req: Request, html: string): string {
  const id = req.params['id'];
  if (typeof id === 'string' && id !== '') return html;
  return html.replace(/<template id="later-modules">(.*?)<\/template>/s, '$1');
}
