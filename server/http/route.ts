/**
 * Declarative route definitions. Every HTTP route of the app is a RouteDef in a *.routes.ts file; the app
 * builds express routes from them, and tests enumerate the same table so no route escapes the access
 * checks (401 without a session, 403 with a lower role).
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { AuthError } from '../../shared/errors.js';
import type { Role, SessionUser } from '../../shared/api/auth.js';

/** 'public' needs no account; a Role needs a session whose role is at least that one. */
export type Access = 'public' | Role;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: SessionUser | null;
  req: Request;
  res: Response;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** express path, e.g. /api/experts/:registryNo */
  path: string;
  access: Access;
  /** zod schemas validated before the handler runs; a failure is a 400 naming the field */
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * Returns the JSON body (status 200, or `status` when given as { status, body }), or undefined when
   * it wrote the response itself (CSV download, redirect).
   */
  handler: (input: RouteInput<P, Q, B>) => unknown | Promise<unknown>;
  /** one line for docs/API.md */
  summary: string;
  /**
   * A heavy public read (CPU or bytes: a PDF, a bundle, a CSV): limited per client address to
   * HEAVY_REQ_PER_MIN, 429 RATE_LIMITED with Retry-After beyond (server/http/address-limit.ts).
   */
  heavy?: true;
}

/** Identity helper that keeps the param/query/body types inferred from the schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  def: RouteDef<P, Q, B>
): RouteDef<P, Q, B> {
  return def;
}

/** A handler's way to pick a status other than 200 (e.g. 201 Created). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown
  ) {}
}

/** The name history and the log record for a change: the signed-in user's username. */
export function actorOf(user: SessionUser | null): string {
  if (!user) throw new AuthError('UNAUTHENTICATED', 'sign in first');
  return user.username;
}
