/**
 * What stops an edge (server/edge/): its database cannot be read as a log, it was asked to sign or
 * write, or the log it follows is not one it may serve (a forked or badly signed log, an upstream
 * that does not answer as a log).
 */
import { AppError } from '../../shared/errors.js';

export type EdgeErrorCode =
  'EDGE_READ_ONLY' | 'EDGE_DB_UNAVAILABLE' | 'EDGE_UPSTREAM_FAILED' | 'EDGE_LOG_FORKED';

export class EdgeError extends AppError<EdgeErrorCode> {}
