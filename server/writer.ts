/**
 * The writer role (ROLE=writer, the default): the whole service — console, operator API, draws,
 * the signing log, beacons — over DATA_DIR's database, with the live socket beside it. Read-only
 * edges (server/edge.ts) may serve the public side of the same log in front of it.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { closeDb, openDb } from '../db/connection.js';
import { AppError } from '../shared/errors.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { bootstrapAdmin } from './accounts/bootstrap-admin.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { demoClock, seedDemoCeremony } from './demo/ceremony.js';
import { BeaconScheduler } from './draws/beacon-scheduler.js';
import { DrawEventBus } from './draws/events-bus.js';
import { createLiveServer } from './live/io.js';
import { createTransparencyLog, type TransparencyLog } from './log/transparency-log.js';
import { createCosigning } from './log/create-cosigning.js';
import type { Role } from './role.js';
import { fileClock } from './test-clock.js';

export async function startWriter(config: Config, log: Logger): Promise<Role> {
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const db = openDb(join(dataDir, 'adal.sqlite'));
  let tlog: TransparencyLog;
  try {
    // Loads or creates DATA_DIR/log-signing.key and refuses a log that does not match its checkpoint.
    tlog = createTransparencyLog(db, dataDir, config.LOG_ORIGIN);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`adal: ${e.code}: ${e.message}\n`);
    process.exit(1);
  }
  log.info({ vkey: tlog.vkey }, 'transparency log ready');
  const drawEvents = new DrawEventBus((err) => log.error({ err }, 'draw event listener failed'));
  // the real time, except in a test that drives the clock (TEST_CLOCK_FILE, NODE_ENV=test only)
  const clock = config.TEST_CLOCK_FILE ? fileClock(config.TEST_CLOCK_FILE) : () => new Date();
  const cosigning = createCosigning({ db, config, log, clock, tlog });
  const ctx = { db, config, log, clock, tlog, drawEvents, ...(cosigning ? { cosigning } : {}) };
  // The generated first-admin password goes to stdout once, never through the logger.
  const first = await bootstrapAdmin(ctx, {
    adminPassword: config.ADMIN_PASSWORD,
    print: (text) => process.stdout.write(`${text}\n`),
  });
  if (first.created) log.info({ username: first.username }, 'first admin account created');
  // the demo registry and its finished ceremony happened in the past, on a clock of their own
  const demoTime = demoClock();
  const demo = config.DEMO ? seedDemoIfEmpty({ ...ctx, clock: demoTime.clock }) : null;
  if (demo) log.info(demo, 'demo registry seeded');
  const ceremony = demo ? await seedDemoCeremony(ctx, demoTime) : null;
  if (ceremony) log.info(ceremony, 'demo ceremony drawn and closed');
  const server = createServer(createApp(ctx));
  const live = createLiveServer(ctx, server);
  const beacons = new BeaconScheduler(ctx);
  beacons.start();
  cosigning?.start((l) => drawEvents.on('entry', (e) => l(e.type)));

  return {
    name: 'writer',
    server,
    // Live sockets are long-lived: close them first, or server.close() waits for every viewer.
    closeSockets: () => live.close(),
    // A beacon fetch in flight finishes (or times out) before the database closes.
    close: async () => {
      await beacons.stop();
      // a witness request in flight finishes (or times out) and stores its line first
      await cosigning?.stop();
      closeDb(db);
    },
  };
}
