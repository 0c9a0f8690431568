/**
 * Builds the log's cosigning (server/log/cosigning.ts) from the configuration: undefined when no
 * witness is configured, so a log without WITNESSES behaves exactly as before.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/connection.js';
import type { Config } from '../config.js';
import { LogCosigning } from './cosigning.js';
import type { TransparencyLog } from './transparency-log.js';

export function createCosigning(ctx: {
  db: Db;
  config: Config;
  log: Logger;
  clock: () => Date;
  tlog: TransparencyLog;
}): LogCosigning | undefined {
  const { WITNESSES, WITNESS_INTERVAL_MS, WITNESS_TIMEOUT_MS } = ctx.config;
  if (WITNESSES.length === 0) return undefined;
  return new LogCosigning({
    db: ctx.db,
    tlog: ctx.tlog,
    log: ctx.log,
    clock: ctx.clock,
    witnesses: WITNESSES,
    intervalMs: WITNESS_INTERVAL_MS,
    timeoutMs: WITNESS_TIMEOUT_MS,
  });
}
