/**
 * The two things a socket may ask for, shared by /live and /operator (docs/LIVE.md §Contract):
 * `draw:subscribe {drawId, afterSeq?}` — the released events after afterSeq (rebuilt from the stored
 * log by LiveFeed) in the ack, then live `draw:event`s from the draw's room — and `draws:subscribe {}`
 * — every draw's summary in the ack, then `draws:update`s. Every payload is safeParsed; every answer
 * is an ack of the one shape. Every incoming packet, known or not, costs a token from the socket's
 * bucket; an empty bucket disconnects the socket, so junk cannot keep the server busy.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { DefaultEventsMap, Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import {
  DrawSubscribe,
  DrawsSubscribe,
  type Ack,
  type AckError,
  type AckFailure,
  type LiveClientToServerEvents,
  type LiveErrorCode,
  type LiveServerToClientEvents,
} from '../../shared/api/events.js';
import type { DrawSummary } from '../../shared/api/draws.js';
import type { SessionUser } from '../../shared/api/auth.js';
import type { LiveFeed } from './live-feed.js';
import { illFormedPath } from '../../shared/api/well-formed.js';
import { codedIssue } from '../../shared/api/issue-codes.js';
import { newBucket, takeToken, type BucketPolicy, type BucketState } from './rate-limit.js';

export const LIST_ROOM = 'draws';
const roomNames = new Map<string, string>();
/** The room of a draw; one string instance per draw, shared by every socket's room set. */
export function drawRoom(drawId: string): string {
  let name = roomNames.get(drawId);
  if (name === undefined) {
    name = `draw:${drawId}`;
    if (roomNames.size >= 10_000) roomNames.clear();
    roomNames.set(drawId, name);
  }
  return name;
}
export const isDrawRoom = (room: string) => room.startsWith('draw:');
/** Draw rooms one socket may be in (a page shows one draw; an embed or two beside it). */
// Exported for the abuse test, which subscribes to one draw too many.
export const MAX_DRAWS_PER_SOCKET = 8;

/** Per-socket state (socket.data): the rate bucket, and for operators who they are. */
export interface SocketState extends BucketState {
  user?: SessionUser;
  cookie?: string;
}

export type SubscriberSocket<E extends LiveServerToClientEvents = LiveServerToClientEvents> =
  Socket<LiveClientToServerEvents, E, DefaultEventsMap, SocketState>;

export interface SubscribeDeps<E extends LiveServerToClientEvents> {
  feed: LiveFeed;
  log: Logger;
  listDraws: () => DrawSummary[];
  policy: BucketPolicy;
  /** refuses a subscription (e.g. the operator's session has ended); undefined lets it through */
  guard?: (socket: SubscriberSocket<E>) => AckError | undefined;
  /** runs after a draw subscription was answered (the operator namespace then sends status) */
  afterDrawSubscribed?: (socket: SubscriberSocket<E>, drawId: string) => void;
}

/**
 * A failed ack: `message` (and each issue's) in English for logs and other clients; `params` and
 * `issueCodes` let a page say it in its reader's language (shared/i18n/ack-text.ts).
 */
export function failure(
  code: LiveErrorCode,
  message: string,
  more: Pick<AckError, 'params' | 'issues' | 'issueCodes'> = {}
): AckFailure {
  return { ok: false, error: { code, message, ...more } };
}

/** A payload with a lone surrogate anywhere: named like a schema failure (shared/api/well-formed.ts). */
function illFormed(payload: unknown): AckFailure | undefined {
  const path = illFormedPath(payload);
  if (path === undefined) return undefined;
  const message = 'is not well-formed Unicode (a lone UTF-16 surrogate)';
  return failure('INVALID_PAYLOAD', `${path || '(payload)'}: ${message}`, {
    issues: [{ path, message }],
    issueCodes: [{ path, code: 'invalidFormat', params: {} }],
  });
}

function invalid(e: z.ZodError): AckFailure {
  const issues = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return failure(
    'INVALID_PAYLOAD',
    issues.map((i) => `${i.path || '(payload)'}: ${i.message}`).join('; '),
    { issues, issueCodes: e.issues.map((i, k) => codedIssue(i, issues[k]!.path)) }
  );
}

/** Calls the ack if the client sent one (types are erased: it may be missing or not a function). */
function answer<T>(ack: unknown, a: Ack<T>): void {
  if (typeof ack === 'function') (ack as (a: Ack<T>) => void)(a);
}

/**
 * Returns `attach(socket)` for a namespace. The handlers are made once per namespace and read the
 * socket from `this` (socket.io calls listeners on the socket), so a connection costs its rate
 * bucket, one middleware closure and its rooms — nothing more.
 */
export function subscriptions<E extends LiveServerToClientEvents>(deps: SubscribeDeps<E>) {
  type S = SubscriberSocket<E>;

  const guarded = <T>(socket: S, ack: unknown, work: () => Ack<T>) => {
    try {
      const refused = deps.guard?.(socket);
      answer(ack, refused ? { ok: false, error: refused } : work());
    } catch (err) {
      deps.log.error({ err, socket: socket.id }, 'live subscription failed');
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      answer(
        ack,
        failure('INTERNAL', `the server could not answer (${code})`, { params: { code } })
      );
    }
  };

  const drawSubscribe = (socket: S, payload: unknown, ack: unknown): void => {
    let subscribed: string | undefined;
    guarded(socket, ack, () => {
      const bad = illFormed(payload);
      if (bad) return bad;
      const p = DrawSubscribe.safeParse(payload);
      if (!p.success) return invalid(p.error);
      const room = drawRoom(p.data.drawId);
      const held = [...socket.rooms].filter(isDrawRoom).length;
      if (!socket.rooms.has(room) && held >= MAX_DRAWS_PER_SOCKET)
        return failure(
          'TOO_MANY_SUBSCRIPTIONS',
          `at most ${MAX_DRAWS_PER_SOCKET} draws per connection`,
          { params: { max: MAX_DRAWS_PER_SOCKET } }
        );
      const caught = deps.feed.catchUp(p.data.drawId, p.data.afterSeq ?? 0);
      if (!caught)
        return failure('DRAW_NOT_FOUND', `no draw ${p.data.drawId}`, {
          params: { drawId: p.data.drawId },
        });
      // Same tick as the catch-up: every later release reaches this socket through the room.
      void socket.join(room);
      subscribed = p.data.drawId;
      return { ok: true, data: { drawId: p.data.drawId, ...caught } };
    });
    if (subscribed !== undefined) deps.afterDrawSubscribed?.(socket, subscribed);
  };

  const drawsSubscribe = (socket: S, payload: unknown, ack: unknown): void => {
    guarded(socket, ack, () => {
      const bad = illFormed(payload);
      if (bad) return bad;
      const p = DrawsSubscribe.safeParse(payload);
      if (!p.success) return invalid(p.error);
      const draws = deps.listDraws();
      void socket.join(LIST_ROOM);
      return { ok: true, data: { draws } };
    });
  };

  function onDrawSubscribe(this: S, payload: unknown, ack: unknown): void {
    drawSubscribe(this, payload, ack);
  }
  function onDrawsSubscribe(this: S, payload: unknown, ack: unknown): void {
    drawsSubscribe(this, payload, ack);
  }

  return function attach(socket: S): void {
    Object.assign(socket.data, newBucket(deps.policy, performance.now()));
    socket.use((_packet, next) => {
      if (takeToken(deps.policy, socket.data, performance.now())) next();
      else socket.disconnect(true);
    });
    // Nothing is ever sent to one socket's own room: leaving it saves a Set per connection. (Such
    // a socket is then outside namespace-wide broadcasts until it subscribes; none are made.)
    void socket.leave(socket.id);
    socket.on('draw:subscribe', onDrawSubscribe);
    socket.on('draws:subscribe', onDrawsSubscribe);
  };
}
