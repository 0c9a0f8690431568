/**
 * Builds the express router from RouteDefs: session → access check (401 without a session, 403 with a
 * lower role) → CSRF synchronizer token on every non-GET of a non-public route (403 CSRF_TOKEN_INVALID)
 * → zod validation of params, query and body → handler. Validation failures are 400s naming the field.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppContext } from '../context.js';
import { AuthError, InputError } from '../../shared/errors.js';
import { zodIssues } from './error-handler.js';
import { Reply, roleAtLeast } from './route.js';
import type { AnyRoute } from './routes.js';
import { hasValidCsrf, resolveSession, verifyCsrf } from './session.js';
import type { z } from 'zod';

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = zodIssues(r.error).map((i) => ({
      ...i,
      path: i.path ? `${where}.${i.path}` : where,
    }));
    throw new InputError(
      'INVALID_INPUT',
      `invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        details: { issues },
      }
    );
  }
  return r.data;
}

export function buildRouter(ctx: AppContext, routes: AnyRoute[]): Router {
  const router = Router();
  for (const def of routes) {
    router[def.method](def.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        let user = resolveSession(ctx, req);
        if (def.access !== 'public') {
          if (!user) throw new AuthError('UNAUTHENTICATED', 'sign in first');
          if (!roleAtLeast(user.role, def.access))
            throw new AuthError('FORBIDDEN', `this needs the ${def.access} role`);
          if (def.method !== 'get') verifyCsrf(ctx, req);
        } else if (def.method !== 'get' && user && !hasValidCsrf(ctx, req)) {
          // A public write (e.g. sign-in) without the token runs as anonymous: the cookie alone
          // never speaks for the user in a write.
          user = null;
        }
        const params = parsePart(def.params, req.params, 'params');
        const query = parsePart(def.query, req.query, 'query');
        const body = parsePart(def.body, req.body, 'body');
        const out = await def.handler({ params, query, body, user, req, res });
        if (res.headersSent || out === undefined) return;
        if (out instanceof Reply) res.status(out.status).json(out.body);
        else res.json(out);
      } catch (e) {
        next(e);
      }
    });
  }
  return router;
}
