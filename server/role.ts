/**
 * What server/index.ts runs: a role's HTTP server (not yet listening) and how to stop it.
 */
import type { Server } from 'node:http';

export interface Role {
  name: 'writer' | 'edge';
  server: Server;
  /** ends long-lived connections (live sockets), so server.close() can finish */
  closeSockets(): Promise<void>;
  /** after the server closed: timers, connections, the database */
  close(): Promise<void>;
}
