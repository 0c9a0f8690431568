/**
 * The app factory: createApp(ctx) builds express with security headers, a body limit, the API route
 * table and the error handler. No env reads and no listen() here (server/index.ts does that).
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppContext } from './context.js';
import { errorHandler } from './http/error-handler.js';
import { buildRouter } from './http/router.js';
import { allRoutes } from './http/routes.js';

export const BODY_LIMIT = '2mb';

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          // embed mode: the live page may be framed by any site (read-only, public)
          frameAncestors: ['*'],
        },
      },
      frameguard: false,
    })
  );
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.text({ type: ['text/csv', 'text/plain'], limit: '20mb' }));
  app.use(buildRouter(ctx, allRoutes(ctx)));
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such API route' } });
  });
  app.use(errorHandler(ctx.log));
  return app;
}
