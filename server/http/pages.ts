/**
 * Serves the browser pages built by scripts/build-client.mjs into dist/client/: the hashed assets under
 * /assets (cached for a year, immutable) and the HTML of each page route (no-cache, so a new build is
 * picked up at once): `/` and `/draws/:id` (live page), `/verify`, `/find`, `/console` and `/console/*`.
 * The console may not be framed by other sites (embed mode is for the public pages only).
 */
import express, { Router, type Request, type Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { protocolDocHandler } from './protocol-doc.js';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { ASSET_CACHE, acceptedEncodings, precompressedAssets } from './precompressed.js';
import { pageHints, unfoldLaterModules } from './page-hints.js';
import type { Lang } from '../../shared/i18n/langs.js';

/** The project root: the nearest folder above this file with a package.json (works from dist/ too). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir)
      throw new Error('pages: no package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

// Exported for the tests, which read the built manifest the pages are served from.
export const DEFAULT_CLIENT_DIR = join(projectRoot(), 'dist', 'client');

/** Page routes and the built HTML file each one serves. */
// Exported for the test that lists the page paths.
export const PAGE_ROUTES: ReadonlyArray<{
  path: string;
  file: string;
  framable: boolean;
  /** the page may read from other servers: /verify?bundle=<url> verifies another server's bundle */
  fetchesAnywhere?: true;
}> = [
  { path: '/', file: 'live.html', framable: true },
  { path: '/draws/:id', file: 'live.html', framable: true },
  { path: '/verify', file: 'verify.html', framable: true, fetchesAnywhere: true },
  { path: '/find', file: 'find.html', framable: true },
  { path: '/console', file: 'console.html', framable: false },
  { path: '/console/{*rest}', file: 'console.html', framable: false },
];

/** Replaces helmet's frame-ancestors for a page that must never sit in another site's frame. */
function forbidFraming(res: Response): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string')
    res.setHeader(
      'Content-Security-Policy',
      csp.replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'")
    );
  res.setHeader('X-Frame-Options', 'DENY');
}

/**
 * Lets the page fetch from any http(s) server (CORS still decides what it may read): the verify
 * page holds no secret, and what it reads is a bundle it verifies, never code it runs.
 */
function allowFetchAnywhere(res: Response): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string')
    res.setHeader(
      'Content-Security-Policy',
      csp.replace(/connect-src ([^;]*)/, 'connect-src $1 https: http:')
    );
}

/** A page's HTML, brotli- or gzip-compressed as the browser accepts (a few KB: quick at level 5). */
function sendHtml(req: Request, res: Response, html: string): void {
  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  res.vary('Accept-Encoding');
  res.type('html');
  if (accepted.has('br')) {
    res.setHeader('Content-Encoding', 'br');
    res.send(brotliCompressSync(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }));
  } else if (accepted.has('gzip')) {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(gzipSync(html, { level: 6 }));
  } else res.send(html);
}

/** Who runs the broadcast (OPERATOR_NAME, OPERATOR_LOGO_FILE): shown on the overlay. */
export interface OperatorBrand {
  name?: string | undefined;
  logoFile?: string | undefined;
}

/** The path the operator's logo is served at. */
export const OPERATOR_LOGO_PATH = '/operator-logo';

const escapeAttr = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** <meta> tags naming the operator, put into the page's <head> (client/live/broadcast-view.ts). */
function brandMeta(brand: OperatorBrand): string {
  const tags = [`<meta name="adal-operator-name" content="${escapeAttr(brand.name ?? '')}" />`];
  if (brand.logoFile)
    tags.push(`<meta name="adal-operator-logo" content="${OPERATOR_LOGO_PATH}" />`);
  return tags.join('');
}

/**
 * `console: false` leaves the console's pages out (a read-only edge serves the public ones only);
 * `brand` names the operator on the public pages.
 */
export function pagesRouter(
  opts: { clientDir?: string; console?: boolean; brand?: OperatorBrand } = {}
): Router {
  const clientDir = opts.clientDir ?? DEFAULT_CLIENT_DIR;
  const brand = opts.brand ?? {};
  const router = Router();
  // Precompressed twins first (brotli, gzip), then the plain file.
  router.use('/assets', precompressedAssets(join(clientDir, 'assets')));
  router.use(
    '/assets',
    express.static(join(clientDir, 'assets'), {
      index: false,
      redirect: false,
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.setHeader('Cache-Control', ASSET_CACHE),
    })
  );
  if (brand.logoFile) {
    const logo = resolve(brand.logoFile);
    router.get(OPERATOR_LOGO_PATH, (_req, res, next) => {
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.sendFile(logo, { cacheControl: false }, (err) => err && next(err));
    });
  }
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('no such asset');
  });
  // the spec each verify check links to (./protocol-doc.ts)
  router.get('/protocol', protocolDocHandler(projectRoot()));
  // the catalogue chunks of the build being served (read again when a new build is swapped in)
  let manifest: { mtimeMs: number; catalogs: Partial<Record<Lang, string>> } | null = null;
  const catalogs = (): Partial<Record<Lang, string>> => {
    const file = join(clientDir, 'manifest.json');
    try {
      const mtimeMs = statSync(file).mtimeMs;
      if (manifest?.mtimeMs !== mtimeMs) {
        const m = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
        manifest = {
          mtimeMs,
          catalogs: { kk: m['catalog-kk.js'], ru: m['catalog-ru.js'], en: m['catalog-en.js'] },
        };
      }
      return manifest.catalogs;
    } catch {
      return {};
    }
  };
  const pages = PAGE_ROUTES.filter((p) => opts.console !== false || !p.path.startsWith('/console'));
  for (const page of pages) {
    router.get(page.path, (req, res, next) => {
      if (!page.framable) forbidFraming(res);
      if (page.fetchesAnywhere) allowFetchAnywhere(res);
      res.setHeader('Cache-Control', 'no-cache');
      readFile(join(clientDir, page.file), 'utf8').then(
        (html) => {
          // public pages carry the operator's name for the overlay and their early fetches
          if (!page.framable) return sendHtml(req, res, html);
          const { first, last } = pageHints(req, catalogs());
          const early = unfoldLaterModules(req, html).replace(
            /<meta charset="utf-8" \/>/,
            (m) => `${m}${first}`
          );
          sendHtml(req, res, early.replace('</head>', `${brandMeta(brand)}${last}</head>`));
        },
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT' && !res.headersSent) {
            res.status(503).type('text/plain').send('the pages are not built: run `npm run build`');
            return;
          }
          next(err);
        }
      );
    });
  }
  return router;
}
