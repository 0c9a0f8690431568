/**
 * The console's session calls, typed by shared/api/auth.ts: sign in, who am I, sign out. The CSRF
 * token from the session is handed to the api helper so every later write carries it; it is also kept
 * here for the few calls that read an error answer's body themselves (the CSV import report).
 */
import { z } from 'zod';
import { Me, type LoginBody } from '../../shared/api/auth.js';
import { ApiError, apiFetch, setCsrfToken } from '../common/api.js';

export type SessionUser = Me['user'];

let token: string | null = null;

function keepToken(value: string | null): void {
  token = value;
  setCsrfToken(value);
}

/** The session's CSRF token (X-CSRF-Token on writes), or null without a session. */
export function csrfToken(): string | null {
  return token;
}

/** Signs in, then reads the session back (GET /api/auth/me) so the page shows what the server holds. */
export async function login(body: LoginBody): Promise<SessionUser> {
  keepToken((await apiFetch('/api/auth/login', Me, { method: 'POST', body })).csrfToken);
  const me = await currentUser();
  if (!me) throw new ApiError('UNAUTHENTICATED', 401, 'session not kept after sign-in');
  return me;
}

/** The signed-in user, or null without a session. */
export async function currentUser(): Promise<SessionUser | null> {
  try {
    const me = await apiFetch('/api/auth/me', Me);
    keepToken(me.csrfToken);
    return me.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      keepToken(null);
      return null;
    }
    throw e;
  }
}

export async function logout(): Promise<void> {
  await apiFetch('/api/auth/logout', z.object({ ok: z.literal(true) }), { method: 'POST' });
  keepToken(null);
}
