/**
 * The operator namespace `/operator` (docs/LIVE.md §Operators): the same stream as `/live` plus
 * `draw:status` — the draw's state and why it waits for its beacon (tries, last error, next retry),
 * which changes without a log entry. The handshake must carry a session cookie of an operator or admin
 * (server/accounts/session.ts, the same check as HTTP) from one of our own pages (Origin check); the
 * session is checked again before every subscription and every few seconds, so a logout or a
 * disabled account ends the socket. There are no write actions here: writes stay on the HTTP API.
 */
import type { DefaultEventsMap, Namespace } from 'socket.io';
import * as drawsRepo from '../../db/repos/draws.repo.js';
import type {
  DrawStatus,
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
} from '../../shared/api/events.js';
import type { AppContext } from '../context.js';
import { roleAtLeast, type SessionUser } from '../../shared/api/auth.js';
import { sessionUserFromCookie } from '../accounts/session.js';
import { beaconStatusOf } from '../draws/views.js';
import { handshakeHeaders, originAllowed } from './handshake.js';
import type { LiveFeed } from './live-feed.js';
import { roomEmitters } from './live.socket.js';
import { VIEWER_BUCKET } from './rate-limit.js';
import {
  drawRoom,
  failure,
  isDrawRoom,
  subscriptions,
  type SocketState,
  type SubscribeDeps,
  type SubscriberSocket,
} from './subscribe.js';

export type OperatorNamespace = Namespace<
  OperatorClientToServerEvents,
  OperatorServerToClientEvents,
  DefaultEventsMap,
  SocketState
>;

/** How often waiting draws' status and the sockets' sessions are read again. */
const STATUS_POLL_MS = 1000;
const SESSION_CHECK_EVERY = 5;

function operatorOf(ctx: AppContext, cookie: string | undefined): SessionUser | null {
  const user = sessionUserFromCookie(ctx, cookie);
  return user && roleAtLeast(user.role, 'operator') ? user : null;
}

/** Refused handshakes reach the client as connect_error with message = code and data.code. */
function refusal(code: 'AUTH_REQUIRED' | 'ORIGIN_REFUSED'): Error {
  return Object.assign(new Error(code), { data: { code } });
}

export function registerOperatorNamespace(
  nsp: OperatorNamespace,
  ctx: AppContext,
  deps: Omit<
    SubscribeDeps<OperatorServerToClientEvents>,
    'policy' | 'guard' | 'afterDrawSubscribed'
  >
) {
  const feed: LiveFeed = deps.feed;
  const lastSent = new Map<string, string>();

  const statusOf = (drawId: string): DrawStatus | undefined => {
    const d = drawsRepo.findDraw(ctx.db, drawId);
    if (!d) return undefined;
    const seq = feed.releasedSeq(drawId) ?? 0;
    return { drawId, seq, state: d.state, beaconStatus: beaconStatusOf(d) };
  };

  /** Sends the status to the draw's room when it differs from the last one sent. */
  const pushStatus = (drawId: string, force = false) => {
    const room = drawRoom(drawId);
    if (!nsp.adapter.rooms.has(room)) return;
    const s = statusOf(drawId);
    if (!s) return;
    const { seq: _seq, ...rest } = s;
    const key = JSON.stringify(rest);
    if (!force && lastSent.get(drawId) === key) return;
    lastSent.set(drawId, key);
    nsp.to(room).emit('draw:status', s);
  };

  const stillOperator = (socket: SubscriberSocket<OperatorServerToClientEvents>) =>
    operatorOf(ctx, socket.data.cookie) !== null;

  nsp.use((socket, next) => {
    const h = handshakeHeaders(socket.conn);
    if (h && !originAllowed(h, ctx.config.PUBLIC_URL)) return next(refusal('ORIGIN_REFUSED'));
    const user = operatorOf(ctx, h?.cookie);
    if (!user || !h) return next(refusal('AUTH_REQUIRED'));
    socket.data.user = user;
    socket.data.cookie = h.cookie;
    next();
  });

  nsp.on(
    'connection',
    subscriptions({
      ...deps,
      policy: VIEWER_BUCKET,
      guard: (s) =>
        stillOperator(s) ? undefined : failure('AUTH_REQUIRED', 'the session has ended').error,
      afterDrawSubscribed: (s, drawId) => {
        const status = statusOf(drawId);
        if (status) s.emit('draw:status', status);
      },
    })
  );

  nsp.adapter.on('delete-room', (room: string) => {
    if (isDrawRoom(room)) lastSent.delete(room.slice('draw:'.length));
  });

  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    try {
      for (const room of nsp.adapter.rooms.keys())
        if (isDrawRoom(room)) pushStatus(room.slice('draw:'.length));
      if (ticks % SESSION_CHECK_EVERY === 0)
        for (const socket of nsp.sockets.values())
          if (!stillOperator(socket)) socket.disconnect(true);
    } catch (err) {
      ctx.log.error({ err }, 'operator status poll failed');
    }
  }, STATUS_POLL_MS);
  timer.unref();

  return {
    ...roomEmitters(nsp),
    /** a draw's log grew: its state may have changed */
    entry(drawId: string): void {
      pushStatus(drawId, true);
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}
