/**
 * The socket.io server of the live ceremony (docs/LIVE.md), attached to the app's HTTP server:
 * `createLiveServer(ctx, httpServer)` (socket.io createApplication style: dependencies injected).
 * It wires the lifecycle's after-commit notices (ctx.drawEvents) to the feed, which extends each
 * watched draw's sequence from the stored log and releases paced events by the clock, and to the
 * list and operator-status channels.
 *
 * Per-connection memory is kept low for large audiences (socket.io v4 "Memory usage"): the first HTTP
 * request is released (handshake.ts), per-message deflate and HTTP compression are off (each zlib
 * context costs tens of KB per socket), and payloads from clients are capped at a few KB. One address
 * holds at most LIVE_SOCKETS_PER_ADDR connections (address-cap.ts).
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import {
  LIVE_NAMESPACE,
  OPERATOR_NAMESPACE,
  type DrawListUpdate,
} from '../../shared/api/events.js';
import type { AppContext } from '../context.js';
import type { DrawSummary } from '../../shared/api/draws.js';
import { allDrawSummaries, drawSummary } from './draw-list.js';
import { isListedPublicly } from '../draws/views.js';
import { releaseHandshakeRequests } from './handshake.js';
import { addressCap, type AddressCap } from './address-cap.js';
import { trustProxy } from '../accounts/client-address.js';
import { LiveFeed } from './live-feed.js';
import { registerLiveNamespace, type LiveNamespace } from './live.socket.js';
import { registerOperatorNamespace, type OperatorNamespace } from './operator.socket.js';
import { isDrawRoom, LIST_ROOM } from './subscribe.js';

/** Largest packet a client may send: subscriptions are a few dozen bytes. */
// Exported for the abuse test, which sends a packet just over it.
export const MAX_CLIENT_PACKET_BYTES = 4096;

/**
 * What differs on a read-only edge (server/edge/): no /operator namespace (operators connect to the
 * writer), and — on a remote edge, whose copy of the log has no tables — where draw summaries for
 * the list channel come from.
 */
export interface LiveServerRole {
  /** serve the /operator namespace (default true: the writer) */
  operator?: boolean;
  summaries?: {
    all(): DrawSummary[];
    one(drawId: string): DrawSummary | undefined;
  };
}

export interface LiveServer {
  io: Server;
  feed: LiveFeed;
  /** connections per client address (LIVE_SOCKETS_PER_ADDR) */
  cap: AddressCap;
  /** disconnects every socket and stops timers; the HTTP server stays open (its owner closes it) */
  close(): Promise<void>;
}

export function createLiveServer(
  ctx: AppContext,
  httpServer: HttpServer,
  options: Partial<ServerOptions> = {},
  role: LiveServerRole = {}
): LiveServer {
  if (!ctx.tlog) throw new Error('the live server needs the transparency log (ctx.tlog)');
  const cap = addressCap(ctx.config.LIVE_SOCKETS_PER_ADDR, trustProxy(ctx.config.TRUST_PROXY));
  const io = new Server(httpServer, {
    allowRequest: cap.allowRequest,
    serveClient: false,
    perMessageDeflate: false,
    httpCompression: false,
    maxHttpBufferSize: MAX_CLIENT_PACKET_BYTES,
    connectTimeout: 10_000,
    cleanupEmptyChildNamespaces: true,
    ...options,
  });
  cap.attach(io);
  releaseHandshakeRequests(io);

  const feed = new LiveFeed({
    tlog: ctx.tlog,
    clock: ctx.clock,
    log: ctx.log,
    stepIntervalMs: ctx.config.STEP_INTERVAL_MS,
    skipHold: ctx.config.STEP_SKIP_HOLD,
  });
  const summaries = role.summaries ?? {
    all: () => allDrawSummaries(ctx),
    one: (drawId: string) => drawSummary(ctx, drawId),
  };
  const common = { feed, log: ctx.log, listDraws: () => summaries.all() };
  const liveNsp: LiveNamespace = io.of(LIVE_NAMESPACE);
  // Viewers get the public list: no draft is listed before its announcement.
  const live = registerLiveNamespace(liveNsp, {
    ...common,
    listDraws: () => summaries.all().filter(isListedPublicly),
  });
  feed.addSink(live.events);
  const namespaces: (LiveNamespace | OperatorNamespace)[] = [liveNsp];
  let operator: ReturnType<typeof registerOperatorNamespace> | undefined;
  if (role.operator ?? true) {
    const operatorNsp: OperatorNamespace = io.of(OPERATOR_NAMESPACE);
    operator = registerOperatorNamespace(operatorNsp, ctx, common);
    feed.addSink(operator.events);
    namespaces.push(operatorNsp);
  }

  // A draw's feed lives while someone in any namespace watches it.
  for (const nsp of namespaces)
    nsp.adapter.on('delete-room', (room: string) => {
      if (isDrawRoom(room) && !namespaces.some((n) => n.adapter.rooms.has(room)))
        feed.drop(room.slice('draw:'.length));
    });

  const listWatched = () => namespaces.some((n) => n.adapter.rooms.has(LIST_ROOM));
  const off = ctx.drawEvents?.on('entry', (e) => {
    feed.refresh(e.drawId, e.logIndex);
    operator?.entry(e.drawId);
    if (!listWatched()) return;
    const draw = summaries.one(e.drawId);
    if (!draw) return;
    const seq = feed.knownSeq(e.drawId) ?? feed.readSequence(e.drawId).length;
    const update: DrawListUpdate = { drawId: e.drawId, seq, draw };
    if (isListedPublicly(draw)) live.listUpdate(update);
    operator?.listUpdate(update);
  });

  return {
    io,
    feed,
    cap,
    async close() {
      off?.();
      operator?.stop();
      feed.close();
      // Socket by socket: disconnectSockets() only reaches sockets in some room, and a viewer that
      // has not subscribed yet is in none (each leaves its own room, see subscribe.ts).
      for (const nsp of namespaces)
        for (const socket of [...nsp.sockets.values()]) socket.disconnect(true);
      io.engine.close();
    },
  };
}
