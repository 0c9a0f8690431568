/**
 * The console's session calls, typed by shared/schemas/auth.ts: sign in, who am I, sign out. The CSRF
 * token from the session is handed to the api helper so every later write carries it.
 */
import { z } from 'zod';
import { Me, type LoginBody } from '../../shared/schemas/auth.js';
import { ApiError, apiFetch, setCsrfToken } from '../common/api.js';

export type SessionUser = Me['user'];

/** Signs in, then reads the session back (GET /api/auth/me) so the page shows what the server holds. */
export async function login(body: LoginBody): Promise<SessionUser> {
  setCsrfToken((await apiFetch('/api/auth/login', Me, { method: 'POST', body })).csrfToken);
  const me = await currentUser();
  if (!me) throw new ApiError('UNAUTHENTICATED', 401, 'session not kept after sign-in');
  return me;
}

/** The signed-in user, or null without a session. */
export async function currentUser(): Promise<SessionUser | null> {
  try {
    const me = await apiFetch('/api/auth/me', Me);
    setCsrfToken(me.csrfToken);
    return me.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export async function logout(): Promise<void> {
  await apiFetch('/api/auth/logout', z.object({ ok: z.literal(true) }), { method: 'POST' });
  setCsrfToken(null);
}
