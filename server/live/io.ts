/**
 * The socket.io server of the live ceremony (docs/LIVE.md), attached to the app's HTTP server:
 * `createLiveServer(ctx, httpServer)` (socket.io createApplication style: dependencies injected).
 * It wires the lifecycle's after-commit notices (ctx.drawEvents) to the feed, which extends each
 * watched draw's sequence from the stored log and releases paced events by the clock, and to the
 * list and operator-status channels.
 *
 * Per-connection memory is kept low for large audiences (socket.io v4 "Memory usage"): the first HTTP
 * request is released (handshake.ts), per-message deflate and HTTP compression are off (each zlib
 * context costs tens of KB per socket), and payloads from clients are capped at a few KB.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import {
  LIVE_NAMESPACE,
  OPERATOR_NAMESPACE,
  type DrawListUpdate,
} from '../../shared/api/events.js';
import type { AppContext } from '../context.js';
import { allDrawSummaries, drawSummary } from './draw-list.js';
import { releaseHandshakeRequests } from './handshake.js';
import { LiveFeed } from './live-feed.js';
import { registerLiveNamespace, type LiveNamespace } from './live.socket.js';
import { registerOperatorNamespace, type OperatorNamespace } from './operator.socket.js';
import { isDrawRoom, LIST_ROOM } from './subscribe.js';

/** Largest packet a client may send: subscriptions are a few dozen bytes. */
// Exported for the abuse test, which sends a packet just over it.
export const MAX_CLIENT_PACKET_BYTES = 4096;

export interface LiveServer {
  io: Server;
  feed: LiveFeed;
  /** disconnects every socket and stops timers; the HTTP server stays open (its owner closes it) */
  close(): Promise<void>;
}

export function createLiveServer(
  ctx: AppContext,
  httpServer: HttpServer,
  options: Partial<ServerOptions> = {}
): LiveServer {
  if (!ctx.tlog) throw new Error('the live server needs the transparency log (ctx.tlog)');
  const io = new Server(httpServer, {
    serveClient: false,
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: MAX_CLIENT_PACKET_BYTES,
    connectTimeout: 10_000,
    cleanupEmptyChildNamespaces: true,
    ...options,
  });
  releaseHandshakeRequests(io);

  const feed = new LiveFeed({
    tlog: ctx.tlog,
    clock: ctx.clock,
    log: ctx.log,
    stepIntervalMs: ctx.config.STEP_INTERVAL_MS,
  });
  const common = { feed, log: ctx.log, listDraws: () => allDrawSummaries(ctx) };
  const liveNsp: LiveNamespace = io.of(LIVE_NAMESPACE);
  const operatorNsp: OperatorNamespace = io.of(OPERATOR_NAMESPACE);
  const live = registerLiveNamespace(liveNsp, common);
  const operator = registerOperatorNamespace(operatorNsp, ctx, common);
  feed.addSink(live.events);
  feed.addSink(operator.events);

  // A draw's feed lives while someone in either namespace watches it.
  for (const nsp of [liveNsp, operatorNsp])
    nsp.adapter.on('delete-room', (room: string) => {
      if (
        isDrawRoom(room) &&
        !liveNsp.adapter.rooms.has(room) &&
        !operatorNsp.adapter.rooms.has(room)
      )
        feed.drop(room.slice('draw:'.length));
    });

  const listWatched = () =>
    liveNsp.adapter.rooms.has(LIST_ROOM) || operatorNsp.adapter.rooms.has(LIST_ROOM);
  const off = ctx.drawEvents?.on('entry', (e) => {
    feed.refresh(e.drawId, e.logIndex);
    operator.entry(e.drawId);
    if (!listWatched()) return;
    const draw = drawSummary(ctx, e.drawId);
    if (!draw) return;
    const seq = feed.knownSeq(e.drawId) ?? feed.readSequence(e.drawId).length;
    const update: DrawListUpdate = { drawId: e.drawId, seq, draw };
    live.listUpdate(update);
    operator.listUpdate(update);
  });

  return {
    io,
    feed,
    async close() {
      off?.();
      operator.stop();
      feed.close();
      // Socket by socket: disconnectSockets() only reaches sockets in some room, and a viewer that
      // has not subscribed yet is in none (each leaves its own room, see subscribe.ts).
      for (const nsp of [liveNsp, operatorNsp])
        for (const socket of [...nsp.sockets.values()]) socket.disconnect(true);
      io.engine.close();
    },
  };
}
