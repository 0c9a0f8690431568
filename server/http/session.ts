/**
 * Placeholder until the accounts work lands: no sessions exist, so every non-public route answers 401.
 * Replaced by server-side sessions in httpOnly SameSite cookies with CSRF tokens.
 */
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import type { SessionUser } from './route.js';

export function resolveSession(_ctx: AppContext, _req: Request): SessionUser | null {
  return null;
}

export function verifyCsrf(_ctx: AppContext, _req: Request): void {}
