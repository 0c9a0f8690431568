/**
 * Live-ceremony test support: the real app with the real socket layer attached (startTestApp with
 * sockets: true) and a running clock (paced steps need time to pass; recorded drand
 * rounds need a past instant), and real socket.io-client viewers that record everything they
 * receive. Draws are driven through the HTTP APIs with tests/helpers/draws.ts. Not a test file.
 */
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { LiveServer } from '../../server/live/io.js';
import type {
  Ack,
  DrawSubscribe,
  DrawSubscribed,
  LiveClientToServerEvents,
  LiveEvent,
  LiveServerToClientEvents,
  OperatorServerToClientEvents,
} from '../../shared/api/events.js';
import { startTestApp, type StartTestAppOptions, type TestApp } from './app.js';
import { startDrandRelay, type TestDrandRelay } from './drand-relay.js';

export type ViewerSocket = ClientSocket<LiveServerToClientEvents, LiveClientToServerEvents>;
export type OperatorSocket = ClientSocket<OperatorServerToClientEvents, LiveClientToServerEvents>;

export interface LiveTestApp {
  t: TestApp;
  live: LiveServer;
  relay: TestDrandRelay;
  /** the app's clock now, in ms (compare with events' `at`) */
  nowMs(): number;
  close(): Promise<void>;
}

/**
 * The real app + sockets + a local drand relay (DRAND_URL). The app's clock is the test clock
 * (t.clock.set / advance, as the draw helpers use it) PLUS the real time elapsed since start, so
 * paced steps become due while the test waits.
 */
export async function startLiveApp(
  opts: StartTestAppOptions & { stepIntervalMs?: number } = {}
): Promise<LiveTestApp> {
  const relay = await startDrandRelay();
  const started = Date.now();
  // The test clock exists once the app does; until then the clock starts from now.
  const holder: { clock?: TestApp['clock'] } = {};
  const clock = () => new Date((holder.clock?.now().getTime() ?? started) + (Date.now() - started));
  const t = await startTestApp({
    ...opts,
    config: { DRAND_URL: relay.url, STEP_INTERVAL_MS: opts.stepIntervalMs ?? 20, ...opts.config },
    context: { clock, ...opts.context },
    sockets: true,
  });
  holder.clock = t.clock;
  const live = t.live!;
  return {
    t,
    live,
    relay,
    nowMs: () => t.ctx.clock().getTime(),
    close: async () => {
      await t.close();
      await relay.close();
    },
  };
}

export function connectViewer(
  baseUrl: string,
  opts: { namespace?: string; cookie?: string; origin?: string; polling?: boolean } = {}
): ViewerSocket {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  return connect(`${baseUrl}${opts.namespace ?? '/live'}`, {
    // HTTP long-polling is where a browser starts (and stays when WebSocket is blocked)
    transports: opts.polling ? ['polling'] : ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
  });
}

export function connected(s: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
}

export function subscribe(s: ViewerSocket, payload: DrawSubscribe): Promise<Ack<DrawSubscribed>> {
  return new Promise((resolve) => s.emit('draw:subscribe', payload, resolve));
}

/** Emits any event name with any arguments (what a hostile client can do), without an ack. */
export function sendRaw(s: ClientSocket, event: string, ...args: unknown[]): void {
  (s.emit as (...a: unknown[]) => void)(event, ...args);
}

/** Emits any event name with any arguments (what a hostile client can do), with an ack. */
export function emitRaw(s: ClientSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve) => (s.emit as (...a: unknown[]) => void)(event, ...args, resolve));
}

/**
 * A viewer that subscribes to one draw and records every event it receives, catch-up and live alike,
 * with the receive time. `reconnect()` opens a new connection and resubscribes with afterSeq.
 */
export class RecordingViewer {
  readonly received: { event: LiveEvent; atMs: number; via: 'ack' | 'live' }[] = [];
  socket!: ViewerSocket;

  constructor(
    /** the server to (re)connect to; change it to follow a restarted server */
    public baseUrl: string,
    readonly drawId: string,
    /** the receive time's clock (ms); pass the app's clock to compare with events' `at` */
    private readonly now: () => number = Date.now
  ) {}

  get lastSeq(): number {
    return this.received.at(-1)?.event.seq ?? 0;
  }

  get seqs(): number[] {
    return this.received.map((r) => r.event.seq);
  }

  async connect(afterSeq?: number): Promise<Ack<DrawSubscribed>> {
    this.socket = connectViewer(this.baseUrl);
    this.socket.on('draw:event', (event) =>
      this.received.push({ event, atMs: this.now(), via: 'live' })
    );
    await connected(this.socket);
    const payload =
      afterSeq === undefined ? { drawId: this.drawId } : { drawId: this.drawId, afterSeq };
    // Recorded inside the ack callback: live events of the same network read may follow at once.
    return new Promise((resolve) =>
      this.socket.emit('draw:subscribe', payload, (ack) => {
        if (ack.ok)
          for (const event of ack.data.events)
            this.received.push({ event, atMs: this.now(), via: 'ack' });
        resolve(ack);
      })
    );
  }

  async reconnect(): Promise<Ack<DrawSubscribed>> {
    this.socket.disconnect();
    return this.connect(this.lastSeq);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** Polls until `ok()` holds (bounded: fails after `ms`). */
export async function until(ok: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
