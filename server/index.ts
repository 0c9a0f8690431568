/**
 * The only place that reads the environment and calls listen().
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { openDb } from '../db/connection.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { bootstrapAdmin } from './accounts/bootstrap-admin.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { BeaconScheduler } from './draws/beacon-scheduler.js';
import { createLiveServer } from './live/io.js';
import { DrawEventBus } from './draws/events-bus.js';
import { createTransparencyLog, type TransparencyLog } from './log/transparency-log.js';
import { AppError } from '../shared/errors.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`adal: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

const log = createLogger(config.LOG_LEVEL);
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
const ctx = { db, config, log, clock: () => new Date(), tlog, drawEvents };
// The generated first-admin password goes to stdout once, never through the logger.
const first = await bootstrapAdmin(ctx, {
  adminPassword: config.ADMIN_PASSWORD,
  print: (text) => process.stdout.write(`${text}\n`),
});
if (first.created) log.info({ username: first.username }, 'first admin account created');
const demo = config.DEMO ? seedDemoIfEmpty(ctx) : null;
if (demo) log.info(demo, 'demo registry seeded');
const app = createApp(ctx);
const server = createServer(app);
const live = createLiveServer(ctx, server);
server.listen(config.PORT, config.HOST, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  log.info({ port }, `Adal Draw serving on http://localhost:${port}`);
});
const beacons = new BeaconScheduler(ctx);
beacons.start();

function shutdown() {
  // Live sockets are long-lived: close them, or server.close() would wait for every viewer to leave.
  void live.close();
  server.close(() => {
    // A beacon fetch in flight finishes (or times out) before the database closes.
    void beacons.stop().then(() => {
      db.close();
      process.exit(0);
    });
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
