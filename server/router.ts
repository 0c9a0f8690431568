/**
 * Builds the express router from RouteDefs: session → access check (401 without a session, 403 with a
 * lower role) → CSRF synchronizer token on every non-GET of a non-public route (403 CSRF_TOKEN_INVALID)
 * → well-formed Unicode and zod validation of params, query and body → handler. Validation failures
 * are 400s naming the field.
 * A public route looks the session up only if its handler reads `user`, so public reads cost no
 * cookie parsing or database lookup. Requests reach the routes through a prefix index
 * (./http/route-index.ts), which only spares express the regexes that cannot match.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { AppContext } from './context.js';
import { AuthError, InputError } from '../shared/errors.js';
import { zodIssues, type ErrorBody } from './http/error-handler.js';
import { codedIssue } from '../shared/api/issue-codes.js';
import { addressLimit } from './http/address-limit.js';
import { Reply, type RouteInput } from './http/route.js';
import { roleAtLeast, type Role, type SessionUser } from '../shared/api/auth.js';
import { indexedRoutes } from './http/route-index.js';
import type { AnyRoute } from './routes.js';
import { clientIp, hasValidCsrf, resolveSession, verifyCsrf } from './accounts/session.js';
import type { z } from 'zod';
import { illFormedPath } from '../shared/api/well-formed.js';

export const ILL_FORMED_MESSAGE = 'is not well-formed Unicode (a lone UTF-16 surrogate)';

/** Before any schema: a lone surrogate answers 400 even where a schema takes any string. */
function assertWellFormed(value: unknown, where: string): void {
  const bad = illFormedPath(value, where);
  if (bad !== undefined)
    throw new InputError('INVALID_INPUT', `invalid ${where}: ${bad} ${ILL_FORMED_MESSAGE}`, {
      details: { issues: [{ path: bad, message: ILL_FORMED_MESSAGE }] },
    });
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = zodIssues(r.error).map((i) => ({
      ...i,
      path: i.path ? `${where}.${i.path}` : where,
    }));
    // the same issues as codes with values, for the console to tell in the user's language
    const issueCodes = r.error.issues.map((i, k) => codedIssue(i, issues[k]!.path));
    throw new InputError(
      'INVALID_INPUT',
      `invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        details: { issues, issueCodes },
      }
    );
  }
  return r.data;
}

/** The signed-in user a non-public route needs, or an AuthError (401, 403, CSRF 403). */
function authorize(ctx: AppContext, req: Request, needed: Role, method: string): SessionUser {
  const user = resolveSession(ctx, req);
  if (!user) throw new AuthError('UNAUTHENTICATED', 'sign in first');
  if (!roleAtLeast(user.role, needed))
    throw new AuthError('FORBIDDEN', `this needs the ${needed} role`);
  if (method !== 'get') verifyCsrf(ctx, req);
  return user;
}

/** A public route's input: the session is looked up only if the handler reads `user`. */
class PublicInput implements RouteInput<unknown, unknown, unknown> {
  constructor(
    readonly params: unknown,
    readonly query: unknown,
    readonly body: unknown,
    readonly req: Request,
    readonly res: Response,
    private readonly ctx: AppContext,
    private readonly method: AnyRoute['method']
  ) {}

  get user(): SessionUser | null {
    const user = resolveSession(this.ctx, this.req);
    // A public write (e.g. sign-in) without the token runs as anonymous: the cookie alone never
    // speaks for the user in a write.
    return this.method !== 'get' && user && !hasValidCsrf(this.ctx, this.req) ? null : user;
  }
}

/** Sends what a handler returned (nothing when it wrote the response itself). */
function answer(res: Response, out: unknown): void {
  if (res.headersSent || out === undefined) return;
  if (out instanceof Reply) res.status(out.status).json(out.body);
  else res.json(out);
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as { then?: unknown } | null)?.then === 'function';

/** 429 RATE_LIMITED with Retry-After, for a heavy route asked too often from one address. */
function rateLimited(res: Response, retryAfterSeconds: number): void {
  res
    .status(429)
    .set('Retry-After', String(retryAfterSeconds))
    .json({
      error: {
        code: 'RATE_LIMITED',
        message: `too many requests for this from your address; retry in ${retryAfterSeconds} s`,
      },
    } satisfies ErrorBody);
}

export function buildRouter(ctx: AppContext, routes: AnyRoute[]): RequestHandler {
  const heavy = addressLimit(ctx.config.HEAVY_REQ_PER_MIN);
  return indexedRoutes(routes, (router, def) => {
    router[def.method](def.path, (req: Request, res: Response, next: NextFunction) => {
      try {
        if (def.heavy) {
          const wait = heavy.take(clientIp(req), performance.now());
          if (wait > 0) return rateLimited(res, wait);
        }
        const user = def.access === 'public' ? null : authorize(ctx, req, def.access, def.method);
        assertWellFormed(req.params, 'params');
        assertWellFormed(req.query, 'query');
        assertWellFormed(req.body, 'body');
        const params = parsePart(def.params, req.params, 'params');
        const query = parsePart(def.query, req.query, 'query');
        const body = parsePart(def.body, req.body, 'body');
        const out = def.handler(
          user
            ? { params, query, body, user, req, res }
            : new PublicInput(params, query, body, req, res, ctx, def.method)
        );
        // A synchronous handler (most reads) is answered at once, without a promise in between.
        if (isThenable(out))
          Promise.resolve(out)
            .then((v) => answer(res, v))
            .catch(next);
        else answer(res, out);
      } catch (e) {
        next(e);
      }
    });
  });
}
