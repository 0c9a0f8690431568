/**
 * GET /api/public/draws/:id/bundle (docs/PROTOCOL.md §Verification bundle): the draw's verification
 * bundle as a JSON download — every log entry about the draw with its inclusion proof against the
 * latest signed checkpoint. Public and read-only; 404 DRAW_NOT_FOUND for a draw the log never
 * mentioned. The body is served from a cache that holds while the log has not grown; its ETag names
 * the tree size, so a client revalidating an unchanged bundle gets 304. Readable from any origin
 * (CORS, no credentials): another server's verify page may verify it by its address.
 */
import type { AppContext } from '../context.js';
import { dbVersion } from '../../db/version.js';
import { DrawIdParams } from '../../shared/api/draws.js';
import { BundleCache, bundleFilename } from './bundle.js';
import { LogError } from '../log/transparency-log.js';
import { route } from '../http/route.js';

export function bundleRoutes(ctx: AppContext) {
  const cache = new BundleCache(256, ctx.cosigning);
  return [
    route({
      method: 'get',
      path: '/api/public/draws/:id/bundle',
      access: 'public',
      heavy: true,
      params: DrawIdParams,
      summary: 'the draw verification bundle (download): entries, inclusion proofs, checkpoint',
      handler: async ({ params, req, res }) => {
        if (!ctx.tlog)
          throw new LogError('LOG_UNAVAILABLE', 'the transparency log is not configured');
        const { body, etag } = await cache.get(ctx.db, ctx.tlog, params.id, dbVersion(ctx.db));
        // setHeader, not res.set: these values need none of express's content-type lookups
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        // public data without credentials: any site's verify page may read it (/verify?bundle=URL)
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Content-Disposition', `attachment; filename="${bundleFilename(params.id)}"`);
        // a newer checkpoint replaces it after every append; revalidate with the ETag
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('ETag', etag);
        if (req.fresh) res.status(304).end();
        else {
          // what res.send(bytes) does here, without its type checks and header lookups
          res.setHeader('Content-Length', String(body.length));
          res.end(req.method === 'HEAD' ? undefined : body);
        }
        return undefined;
      },
    }),
  ];
}
