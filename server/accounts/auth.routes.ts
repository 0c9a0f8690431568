/**
 * Sign-in, sign-out, "who am I" (with the CSRF token the client must echo on writes) and changing
 * one's own password (docs/SECURITY.md).
 */
import type { AppContext } from '../context.js';
import { ChangePasswordBody, LoginBody, type Me } from '../../shared/api/auth.js';
import { AuthError } from '../../shared/errors.js';
import { authenticate, changeOwnPassword, toSessionUser } from './accounts.js';
import { route } from '../http/route.js';
import {
  assertSameOrigin,
  clientIp,
  currentSession,
  currentTokenHash,
  endSession,
  startSession,
} from './session.js';

export function authRoutes(ctx: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/auth/login',
      access: 'public',
      body: LoginBody,
      summary:
        'sign in with username and password; sets the session cookie, returns user and csrfToken',
      handler: async ({ body, req, res }): Promise<Me> => {
        assertSameOrigin(ctx, req);
        const row = await authenticate(ctx, { ...body, ip: clientIp(req) });
        const user = toSessionUser(row);
        const csrfToken = startSession(ctx, req, res, user);
        ctx.log.info({ userId: user.id }, 'signed in');
        return { user, csrfToken };
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      access: 'observer',
      summary: 'sign out: deletes the server-side session and clears the cookie',
      handler: ({ req, res, user }) => {
        endSession(ctx, req, res);
        ctx.log.info({ userId: user?.id }, 'signed out');
        return { ok: true };
      },
    }),
    route({
      method: 'get',
      path: '/api/auth/me',
      access: 'observer',
      summary: 'the signed-in user and the CSRF token for writes',
      handler: ({ req, user }): Me => {
        const s = currentSession(ctx, req);
        if (!user || !s) throw new AuthError('UNAUTHENTICATED', 'sign in first');
        return { user, csrfToken: s.csrfToken };
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/password',
      access: 'observer',
      body: ChangePasswordBody,
      summary: "change one's own password (needs the current one); other sessions end",
      handler: async ({ body, req, user }) => {
        const keepTokenHash = currentTokenHash(ctx, req);
        if (!user || !keepTokenHash) throw new AuthError('UNAUTHENTICATED', 'sign in first');
        await changeOwnPassword(ctx, user.id, { ...body, ip: clientIp(req), keepTokenHash });
        ctx.log.info({ userId: user.id }, 'password changed');
        return { ok: true };
      },
    }),
  ];
}
