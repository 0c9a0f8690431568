/**
 * Server-side sessions (docs/SECURITY.md). The cookie holds an opaque 256-bit random token; SQLite holds
 * only its SHA-256, with the user, a CSRF synchronizer token and the times. A session ends after 2 hours
 * without requests (idle) or 12 hours after sign-in (absolute), at logout, or when its account is
 * disabled or its password reset. Because the rows live in SQLite, sessions survive a restart.
 *
 * Cookie: httpOnly, SameSite=Strict, Path=/, and Secure with the __Host- prefix when SECURE_COOKIES=1.
 * Strict is affordable because every page is public and the signed-in state is fetched by same-origin
 * XHR (GET /api/auth/me); a link from another site merely lands on a page that asks for it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { plainAddress } from './client-address.js';
import type { Request, Response } from 'express';
import { parseCookie } from 'cookie';
import { findUserById } from '../../db/repos/users.repo.js';
import * as sessions from '../../db/repos/sessions.repo.js';
import type { SessionRow } from '../../db/repos/sessions.repo.js';
import { AuthError } from '../../shared/errors.js';
import type { AppContext } from '../context.js';
import { toSessionUser } from './accounts.js';
import type { SessionUser } from '../../shared/api/auth.js';

// Exported for the tests, which move the clock to each expiry's edge.
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen is written at most this often, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60 * 1000;
const CSRF_HEADER = 'x-csrf-token';

function sessionCookieName(ctx: AppContext): string {
  // __Host- makes the browser refuse the cookie unless it is Secure, Path=/ and without Domain.
  return ctx.config.SECURE_COOKIES ? '__Host-adal_session' : 'adal_session';
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function clientIp(req: Request): string {
  // req.ip: the peer, or the client a trusted proxy names (TRUST_PROXY, server/app.ts)
  return plainAddress(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

interface Resolved {
  user: SessionUser;
  session: SessionRow;
}
/** Per-request memo: the router, the request log and the auth routes share one lookup. */
const resolved = new WeakMap<Request, Resolved | null>();

function tokenFromCookieHeader(ctx: AppContext, header: string | undefined): string | undefined {
  if (!header) return undefined;
  const token = parseCookie(header)[sessionCookieName(ctx)];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
}

function cookieToken(ctx: AppContext, req: Request): string | undefined {
  return tokenFromCookieHeader(ctx, req.headers.cookie);
}

function lookup(ctx: AppContext, cookieHeader: string | undefined): Resolved | null {
  const token = tokenFromCookieHeader(ctx, cookieHeader);
  if (!token) return null;
  const tokenHash = hashToken(token);
  const s = sessions.findSession(ctx.db, tokenHash);
  if (!s) return null;
  const now = ctx.clock().getTime();
  const expired = now - s.lastSeenMs > SESSION_IDLE_MS || now - s.createdAtMs > SESSION_ABSOLUTE_MS;
  const u = findUserById(ctx.db, s.userId);
  if (expired || !u || u.disabledAt !== null) {
    sessions.deleteSession(ctx.db, tokenHash);
    return null;
  }
  if (now - s.lastSeenMs >= TOUCH_EVERY_MS) sessions.touchSession(ctx.db, tokenHash, now);
  return { user: toSessionUser(u), session: s };
}

/** The signed-in user of this request, or null. Expired sessions are deleted when met. */
export function resolveSession(ctx: AppContext, req: Request): SessionUser | null {
  if (!resolved.has(req)) resolved.set(req, lookup(ctx, req.headers.cookie));
  return resolved.get(req)?.user ?? null;
}

/**
 * The signed-in user for a raw Cookie header, e.g. a socket.io handshake (socket.request.headers
 * .cookie). Same checks as resolveSession. A socket server must also check the handshake's Origin,
 * because a browser attaches the cookie to cross-site WebSocket handshakes too.
 */
export function sessionUserFromCookie(
  ctx: AppContext,
  cookieHeader: string | undefined
): SessionUser | null {
  return lookup(ctx, cookieHeader)?.user ?? null;
}

/** The session row behind resolveSession (for /api/auth/me and logout); undefined when none. */
export function currentSession(ctx: AppContext, req: Request): SessionRow | undefined {
  resolveSession(ctx, req);
  return resolved.get(req)?.session;
}

/** The user id already resolved for this request, without a lookup (for the request log). */
export function resolvedUserId(req: Request): number | undefined {
  return resolved.get(req)?.user.id;
}

/** True when the request carries its session's CSRF token (constant-time compare). */
export function hasValidCsrf(ctx: AppContext, req: Request): boolean {
  const s = currentSession(ctx, req);
  const sent = req.get(CSRF_HEADER);
  if (!s || !sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(s.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses a cookie-authenticated write without the session's token in X-CSRF-Token. */
export function verifyCsrf(ctx: AppContext, req: Request): void {
  if (!hasValidCsrf(ctx, req))
    throw new AuthError('CSRF_TOKEN_INVALID', 'missing or wrong X-CSRF-Token header');
}

/** Starts a session for the user and sets the cookie; returns the CSRF token. */
export function startSession(
  ctx: AppContext,
  req: Request,
  res: Response,
  user: SessionUser
): string {
  const now = ctx.clock().getTime();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  sessions.deleteExpiredSessions(ctx.db, now - SESSION_IDLE_MS, now - SESSION_ABSOLUTE_MS);
  // A session presented with the login request is replaced, not kept alongside.
  const previous = cookieToken(ctx, req);
  if (previous) sessions.deleteSession(ctx.db, hashToken(previous));
  const row: SessionRow = {
    tokenHash: hashToken(token),
    userId: user.id,
    csrfToken,
    createdAtMs: now,
    lastSeenMs: now,
    ip: clientIp(req),
    userAgent: (req.get('user-agent') ?? '').slice(0, 200),
  };
  sessions.insertSession(ctx.db, row);
  res.cookie(sessionCookieName(ctx), token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.SECURE_COOKIES,
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS,
  });
  resolved.set(req, { user, session: row });
  return csrfToken;
}

/** Deletes this request's session row and clears the cookie. */
export function endSession(ctx: AppContext, req: Request, res: Response): void {
  const token = cookieToken(ctx, req);
  if (token) sessions.deleteSession(ctx.db, hashToken(token));
  resolved.set(req, null);
  res.clearCookie(sessionCookieName(ctx), {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.SECURE_COOKIES,
    path: '/',
  });
}

/** Hash of the session token of this request (to keep it when changing one's own password). */
export function currentTokenHash(ctx: AppContext, req: Request): string | undefined {
  const token = cookieToken(ctx, req);
  return token ? hashToken(token) : undefined;
}

/**
 * Login CSRF defence: a browser's cross-site POST carries Sec-Fetch-Site other than same-origin/none,
 * or an Origin whose host is not ours. Clients that send neither (curl, the CLI) cannot carry a
 * victim's cookies, so they are allowed.
 */
export function assertSameOrigin(ctx: AppContext, req: Request): void {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    throw new AuthError('CROSS_ORIGIN_REFUSED', 'sign-in is only accepted from this site');
  const origin = req.get('origin');
  if (origin === undefined) return;
  const allowed = new Set<string>();
  const host = req.get('host');
  if (host) allowed.add(host.toLowerCase());
  if (ctx.config.PUBLIC_URL) allowed.add(new URL(ctx.config.PUBLIC_URL).host.toLowerCase());
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    originHost = undefined; // "null" or garbage
  }
  if (!originHost || !allowed.has(originHost))
    throw new AuthError('CROSS_ORIGIN_REFUSED', 'sign-in is only accepted from this site');
}
