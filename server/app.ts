/**
 * The app factory: createApp(ctx) builds express with security headers, a body limit, the API route
 * table and the error handler. No env reads and no listen() here (server/index.ts does that).
 * Every request passes the middlewares below, so they are kept cheap: the public GETs are measured
 * against a hello-world route (bench/log.bench.ts, bench/verify.bench.ts).
 */
import express, { type Express, type RequestHandler } from 'express';
import type { AppContext } from './context.js';
import { bodyParsers } from './http/body-parsers.js';
import { errorHandler, type ErrorBody } from './http/error-handler.js';
import { pagesRouter } from './http/pages.js';
import { buildRouter } from './router.js';
import { allRoutes, type AnyRoute } from './routes.js';
import { securityHeaders } from './http/security-headers.js';
import { series } from './http/series.js';
import { resolvedUserId } from './accounts/session.js';
import { trustProxy } from './accounts/client-address.js';

const BODY_LIMIT = '2mb';

/**
 * One structured line per request: method, path (without the query string), status, duration and
 * user id (when the route looked the session up: public routes do not). Headers and bodies are never
 * logged, so cookies, CSRF tokens and passwords cannot leak.
 */
function requestLog(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      ctx.log.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          userId: resolvedUserId(req),
        },
        'request'
      );
    });
    next();
  };
}

/** Answers about accounts and sessions (CSRF token included) must not sit in any cache. The test is
 *  what `app.use(['/api/auth', '/api/accounts'], …)` matches: the path or below, any letter case. */
const NO_STORE = /^\/api\/(?:auth|accounts)(?:\/|$)/i;
const noStore: RequestHandler = (req, res, next) => {
  if (NO_STORE.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * What a role serves (server/edge.ts builds a read-only edge's): its route table (default: every
 * route), whether the console page is served, and what /api paths outside the table answer
 * (default: 404 NOT_FOUND).
 */
export interface AppRole {
  routes?: AnyRoute[];
  consolePages?: boolean;
  apiFallback?: RequestHandler;
}

const notFound: RequestHandler = (_req, res) => {
  res
    .status(404)
    .json({ error: { code: 'NOT_FOUND', message: 'no such API route' } } satisfies ErrorBody);
};

export function createApp(ctx: AppContext, role: AppRole = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For only from the proxies TRUST_PROXY names (server/accounts/client-address.ts).
  const trusts = trustProxy(ctx.config.TRUST_PROXY);
  app.set('trust proxy', (addr: string) => trusts(addr));
  // Every request's own steps, as one layer (./http/series.ts).
  app.use(
    series(
      securityHeaders({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            imgSrc: ["'self'", 'data:', 'blob:'],
            connectSrc: ["'self'", 'ws:', 'wss:'],
            // embed mode: the live page may be framed by any site (read-only, public)
            frameAncestors: ['*'],
            // Plain-HTTP deployments on a LAN would have every asset "upgraded" to HTTPS and fail;
            // TLS in front of the app is the operator's choice (SECURE_COOKIES), not the page's.
            upgradeInsecureRequests: null,
          },
        },
        frameguard: false,
      }),
      requestLog(ctx),
      noStore,
      bodyParsers(BODY_LIMIT, '20mb')
    )
  );
  app.use(buildRouter(ctx, role.routes ?? allRoutes(ctx)));
  app.use(
    pagesRouter({
      console: role.consolePages ?? true,
      brand: { name: ctx.config.OPERATOR_NAME, logoFile: ctx.config.OPERATOR_LOGO_FILE },
    })
  );
  app.use('/api', role.apiFallback ?? notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
