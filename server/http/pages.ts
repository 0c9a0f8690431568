/**
 * Serves the browser pages built by scripts/build-client.mjs into dist/client/: the hashed assets under
 * /assets (cached for a year, immutable) and the HTML of each page route (no-cache, so a new build is
 * picked up at once): `/` and `/draws/:id` (live page), `/verify`, `/find`, `/console` and `/console/*`.
 * The console may not be framed by other sites (embed mode is for the public pages only).
 */
import express, { Router, type Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { protocolDocHandler } from './protocol-doc.js';

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

/** `console: false` leaves the console's pages out (a read-only edge serves the public ones only). */
export function pagesRouter(opts: { clientDir?: string; console?: boolean } = {}): Router {
  const clientDir = opts.clientDir ?? DEFAULT_CLIENT_DIR;
  const router = Router();
  router.use(
    '/assets',
    express.static(join(clientDir, 'assets'), {
      index: false,
      redirect: false,
      immutable: true,
      maxAge: '365d',
    })
  );
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('no such asset');
  });
  // the spec each verify check links to (./protocol-doc.ts)
  router.get('/protocol', protocolDocHandler(projectRoot()));
  const pages = PAGE_ROUTES.filter((p) => opts.console !== false || !p.path.startsWith('/console'));
  for (const page of pages) {
    router.get(page.path, (_req, res, next) => {
      if (!page.framable) forbidFraming(res);
      if (page.fetchesAnywhere) allowFetchAnywhere(res);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(clientDir, page.file), { cacheControl: false }, (err) => {
        if (!err) return;
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !res.headersSent) {
          res.status(503).type('text/plain').send('the pages are not built: run `npm run build`');
          return;
        }
        next(err);
      });
    });
  }
  return router;
}
