/**
 * Messages between the live bench's processes (bench/live.bench.ts, the forked server
 * bench/live-server.ts and the forked client processes bench/live-clients.ts), over Node's IPC
 * channel. Only 127.0.0.1 is ever used.
 */

/**
 * The implementation under test: the app's socket.io rooms in one process, the same behind haproxy
 * on two read-only edges (deploy/), or a raw `ws` broadcast baseline.
 */
export type Impl = 'socket.io' | 'edges' | 'ws';

/**
 * Event kinds released by the pacing timer (after the run): their delivery latency and CPU are
 * measured. The 'seed' event goes out inside the run request itself, so it is left out.
 */
export const TIMED_KINDS: readonly string[] = ['step', 'result'];

export type ServerCommand = { type: 'memory' } | { type: 'run'; drawId: string } | { type: 'exit' };

export type ServerReport =
  | {
      type: 'ready';
      /** ws:// or http:// base the clients connect to */
      url: string;
      /** draws ready to run (beacon received), each played once */
      drawIds: string[];
      /** app clock − Date.now(), so clients can compare receive times with events' `at` */
      offsetMs: number;
    }
  | {
      type: 'memory';
      rss: number;
      heapUsed: number;
      external: number;
      /** open TCP connections the server holds */
      connections: number;
    }
  | {
      type: 'played';
      drawId: string;
      /** timed events broadcast */
      events: number;
      /** process.cpuUsage (user + system) from the end of the run to the last timed release, µs */
      cpuUs: number;
    };

export type ClientCommand =
  /** report the draw's latencies once every viewer has its result (or after a while) */
  { type: 'collect'; drawId: string } | { type: 'finish' };

export type ClientReport =
  | { type: 'connected'; ok: number; failed: number }
  | {
      type: 'done';
      drawId: string;
      /** receive time − event.at of every timed event, ms */
      latencies: number[];
      /** viewers that did not get the final result event */
      incomplete: number;
      /** connections lost after they were established */
      dropped: number;
    };
