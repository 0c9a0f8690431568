/**
 * The edge role (ROLE=edge; deploy/README.md): the public pages, every public GET of the route table
 * and the /live socket, served from the log and never written: no console, no operator API, no
 * /operator namespace, no signing key (LOG_VKEY, the published verifier key, is all it holds).
 * Anything else under /api answers 421 NOT_ON_EDGE (haproxy sends it to the writer anyway).
 *
 * Same host (no UPSTREAM_URL): DATA_DIR/adal.sqlite opened read-only; new entries are noticed by
 * polling the file's version every EDGE_POLL_MS. Another host (UPSTREAM_URL = the writer): a local
 * copy of the log (DATA_DIR/edge-mirror.sqlite) that takes only what it verified
 * (server/edge/log-mirror.ts); the live socket, the log API and bundles are served from that copy,
 * the views built from the writer's tables are passed on from the writer with a one-second cache.
 * Either way the live feed is the writer's own code fed the same stored entries, so viewers get the
 * same events with the same seq numbers at the same moments, and killing an edge loses nothing.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { openDb, type Db } from '../db/connection.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { DrawEventBus } from './draws/events-bus.js';
import { openReadOnlyDb } from './edge/edge-db.js';
import { EdgeError } from './edge/edge-error.js';
import { edgeHealthRoutes, type EdgeHealth } from './edge/edge-health.routes.js';
import { openEdgeLog } from './edge/edge-log.js';
import { LogMirror } from './edge/log-mirror.js';
import { LogWatcher } from './edge/log-watcher.js';
import { UpstreamSummaries, UpstreamViews } from './edge/upstream-views.js';
import type { ErrorBody } from './http/error-handler.js';
import type { RouteInput } from './http/route.js';
import { createLiveServer } from './live/io.js';
import type { Role } from './role.js';
import { allRoutes, type AnyRoute } from './routes.js';
import { createCosigning } from './log/create-cosigning.js';

/**
 * Public routes a remote edge answers from its verified copy of the log; the rest come from the
 * writer — the witness routes too: the copy holds entries and checkpoints, not cosignatures.
 */
const FROM_LOG =
  /^\/api\/public\/(?:log\/(?!witnesses$|checkpoint\/witnessed$)|draws\/:id\/bundle$)/;

const notOnEdge: RequestHandler = (_req, res) => {
  res.status(421).json({
    error: {
      code: 'NOT_ON_EDGE',
      message: 'this is a read-only edge: sign-in, the console and every write go to the writer',
    },
  } satisfies ErrorBody);
};

/** A route handler that passes the request on to the writer (through the short cache). */
function passOn(views: UpstreamViews) {
  return async ({ req, res }: RouteInput<unknown, unknown, unknown>) => {
    try {
      const a = await views.get(req.originalUrl);
      res.status(a.status);
      for (const [name, value] of a.headers) res.setHeader(name, value);
      res.end(req.method === 'HEAD' ? undefined : a.body);
    } catch (e) {
      if (!(e instanceof EdgeError)) throw e;
      res.status(502).json({
        error: { code: 'UPSTREAM_UNAVAILABLE', message: 'the writer did not answer; try again' },
      } satisfies ErrorBody);
    }
    return undefined;
  };
}

/**
 * An edge serves everyone as anonymous: a handler never gets a session looked up (a lookup may touch
 * or delete the session row, and the edge's connection is read-only; operators use the writer).
 */
function anonymous(r: AnyRoute): AnyRoute {
  return {
    ...r,
    handler: ({ params, query, body, req, res }) =>
      r.handler({ params, query, body, req, res, user: null }),
  };
}

/** The edge's table: its health check, then every public GET of the app's (passed on where needed). */
function edgeRoutes(ctx: AppContext, health: EdgeHealth, views?: UpstreamViews): AnyRoute[] {
  const served = allRoutes(ctx).filter(
    (r) => r.access === 'public' && r.method === 'get' && r.path !== '/healthz'
  );
  return [
    ...edgeHealthRoutes(health),
    ...served.map((r) =>
      !views || FROM_LOG.test(r.path) ? anonymous(r) : { ...r, handler: passOn(views) }
    ),
  ];
}

/** Opens the log the edge serves: the writer's file read-only, or a verified mirror of the upstream. */
async function openSource(config: Config, log: Logger) {
  const dataDir = resolve(config.DATA_DIR);
  if (config.UPSTREAM_URL === undefined)
    return { db: openReadOnlyDb(join(dataDir, 'adal.sqlite')), mirror: undefined };
  mkdirSync(dataDir, { recursive: true });
  const db: Db = openDb(join(dataDir, 'edge-mirror.sqlite'));
  const mirror = new LogMirror(db, { upstream: config.UPSTREAM_URL, vkey: config.LOG_VKEY!, log });
  // Nothing is served before a first checkpoint is verified; a fork stops the start.
  for (;;) {
    try {
      await mirror.sync();
      if (mirror.ready) return { db, mirror };
    } catch (e) {
      if (!(e instanceof EdgeError) || e.code === 'EDGE_LOG_FORKED') throw e;
      log.warn({ err: e.message }, 'waiting for the upstream log');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function startEdge(config: Config, log: Logger): Promise<Role> {
  const { db, mirror } = await openSource(config, log);
  const tlog = openEdgeLog(db, config.LOG_VKEY!);
  const drawEvents = new DrawEventBus((err) => log.error({ err }, 'draw event listener failed'));
  const clock = () => new Date();
  // A same-host edge reads the cosignatures the writer stored (never asks a witness: not started),
  // so its checkpoint and bundles carry the writer's witness lines.
  const cosigning =
    config.UPSTREAM_URL === undefined
      ? createCosigning({ db, config, log, clock, tlog })
      : undefined;
  const ctx: AppContext = {
    db,
    config,
    log,
    clock,
    tlog,
    drawEvents,
    ...(cosigning ? { cosigning } : {}),
  };
  const watcher = new LogWatcher(db, drawEvents, (err) =>
    log.error({ err }, 'edge could not read new log entries')
  );
  const health: EdgeHealth = {
    status: () => ({ treeSize: watcher.seenSize, ...(mirror?.fork ? { problem: 'FORK' } : {}) }),
  };
  const upstream = config.UPSTREAM_URL;
  const views = upstream === undefined ? undefined : new UpstreamViews(upstream);
  const summaries = upstream === undefined ? undefined : new UpstreamSummaries(upstream);
  const app = createApp(ctx, {
    routes: edgeRoutes(ctx, health, views),
    consolePages: false,
    apiFallback: notOnEdge,
  });
  const server = createServer(app);
  const live = createLiveServer(
    ctx,
    server,
    {},
    { operator: false, ...(summaries && { summaries }) }
  );
  log.info({ vkey: tlog.vkey, treeSize: tlog.size(), upstream }, 'edge serving the log read-only');

  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  if (!mirror) watcher.start(config.EDGE_POLL_MS);
  else {
    await summaries!.refresh().catch(() => undefined);
    // One round at a time: verify and store what the writer added, then announce it.
    const round = async () => {
      if (closed) return;
      try {
        if ((await mirror.sync()) > 0) await summaries!.refresh().catch(() => undefined);
      } catch (e) {
        if (!(e instanceof EdgeError)) log.error({ err: e }, 'edge mirror round failed');
      }
      try {
        watcher.check();
      } catch (err) {
        log.error({ err }, 'edge could not read new log entries');
      }
      if (!mirror.fork && !closed) timer = setTimeout(() => void round(), config.EDGE_POLL_MS);
    };
    timer = setTimeout(() => void round(), config.EDGE_POLL_MS);
  }

  return {
    name: 'edge',
    server,
    closeSockets: () => live.close(),
    close: async () => {
      closed = true;
      watcher.stop();
      clearTimeout(timer);
      // a round in flight finishes before the copy closes
      await mirror?.idle();
      db.close();
    },
  };
}
