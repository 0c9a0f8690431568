/**
 * Serves the brotli or gzip twin of a built asset (written beside it by scripts/build-client.mjs:
 * `<file>.br`, `<file>.gz`) when the browser accepts it: `Accept-Encoding` chooses, brotli first;
 * `Vary: Accept-Encoding` keeps shared caches honest. Assets are content-hashed, so they are cached
 * for a year as immutable. Anything without a twin, or a browser that accepts neither, falls through
 * to the plain file.
 */
import type { RequestHandler } from 'express';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** The encodings a request accepts, by the q-values of its Accept-Encoding (q=0 refuses). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

export const ASSET_CACHE = 'public, max-age=31536000, immutable';

export function precompressedAssets(dir: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const type = TYPES[extname(req.path)];
    if (!type) return next();
    const file = normalize(join(dir, decodeURIComponent(req.path)));
    if (!file.startsWith(dir + sep)) return next();
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    res.vary('Accept-Encoding');
    const enc = ENCODINGS.find((e) => accepted.has(e.name) && existsSync(file + e.ext));
    if (!enc) return next();
    res.setHeader('Content-Encoding', enc.name);
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', ASSET_CACHE);
    res.sendFile(file + enc.ext, { cacheControl: false, lastModified: true }, (err) => {
      if (err && !res.headersSent) next();
    });
  };
}
