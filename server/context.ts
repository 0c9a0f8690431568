/**
 * What the app's parts are given (dependency injection, socket.io createApplication style): the
 * database, configuration, a logger and a clock. Tests pass their own clock and a temp database.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/connection.js';
import type { Config } from './config.js';
import type { TransparencyLog } from './log/transparency-log.js';
import type { DrawEventBus } from './draws/events-bus.js';
import type { LogCosigning } from './log/cosigning.js';

export interface AppContext {
  db: Db;
  config: Config;
  log: Logger;
  /** the only clock the server reads; injectable for tests */
  clock: () => Date;
  /** the transparency log (server/log/transparency-log.ts); record changes with appendLogEntry */
  tlog: TransparencyLog;
  /** after-commit notices of draw log entries (server/draws/events-bus.ts), for live broadcast */
  drawEvents?: DrawEventBus;
  /** asks the configured witnesses to cosign (server/log/cosigning.ts); absent without WITNESSES */
  cosigning?: LogCosigning;
}
