/**
 * Real socket.io viewers for deployment tests: each watches one draw the way the live page does
 * (client/live/live-socket.ts) — subscribe on every connect with afterSeq = the last seq it holds —
 * and records every event it RECEIVES, before any filtering, so a test can assert that each event
 * reached each viewer exactly once and in order across edge failures. They reconnect by themselves
 * (socket.io's backoff), also after the server closed the connection. Not a test file.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  DrawSubscribed,
  LiveClientToServerEvents,
  LiveEvent,
  LiveServerToClientEvents,
} from '../../shared/api/events.js';

export class Viewer {
  /** seq of every event received, in arrival order (catch-up answers and broadcasts) */
  readonly received: number[] = [];
  connects = 0;
  subscribeFailures = 0;
  private readonly socket: Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

  constructor(
    url: string,
    private readonly drawId: string,
    readonly polling: boolean
  ) {
    this.socket = io(`${url}/live`, {
      // long-polling viewers need haproxy's stickiness cookie: the client keeps it (withCredentials)
      transports: polling ? ['polling'] : ['websocket'],
      withCredentials: true,
      forceNew: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
      timeout: 20_000,
    });
    this.socket.on('connect', () => {
      this.connects += 1;
      this.subscribe();
    });
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 500);
    });
    this.socket.on('draw:event', (e) => this.take(e));
  }

  get lastSeq(): number {
    return this.received[this.received.length - 1] ?? 0;
  }

  /** true once the first subscription was answered */
  subscribed = false;

  private take(e: LiveEvent): void {
    this.received.push(e.seq);
  }

  private subscribe(): void {
    this.socket.emit(
      'draw:subscribe',
      { drawId: this.drawId, afterSeq: this.lastSeq },
      (a: Ack<DrawSubscribed>) => {
        if (!a.ok) {
          this.subscribeFailures += 1;
          return;
        }
        this.subscribed = true;
        for (const e of a.data.events) this.take(e);
      }
    );
  }

  close(): void {
    this.socket.disconnect();
  }

  /** true once the connection and its transport are closed (no request in flight) */
  get closed(): boolean {
    const engine = this.socket.io.engine as { readyState?: string } | undefined;
    return !this.socket.connected && (engine === undefined || engine.readyState === 'closed');
  }
}

/** Closes every viewer and waits (at most 5 s) for their transports to finish. */
export async function closeViewers(viewers: readonly Viewer[]): Promise<void> {
  for (const v of viewers) v.close();
  const end = Date.now() + 5000;
  while (Date.now() < end && !viewers.every((v) => v.closed))
    await new Promise((r) => setTimeout(r, 50));
  // a long-polling close is one last POST; let it finish
  await new Promise((r) => setTimeout(r, 300));
}

/** Opens `count` viewers in waves of `wave`, each wave once its viewers are subscribed. */
export async function openViewers(
  url: string,
  drawId: string,
  count: number,
  opts: { pollingEvery?: number; wave?: number; timeoutMs?: number } = {}
): Promise<Viewer[]> {
  const viewers: Viewer[] = [];
  const wave = opts.wave ?? 200;
  const until = Date.now() + (opts.timeoutMs ?? 90_000);
  for (let i = 0; i < count; i += wave) {
    const batch: Viewer[] = [];
    for (let k = i; k < Math.min(count, i + wave); k++)
      batch.push(new Viewer(url, drawId, opts.pollingEvery ? k % opts.pollingEvery === 0 : false));
    viewers.push(...batch);
    while (!batch.every((v) => v.subscribed)) {
      if (Date.now() > until) {
        const n = viewers.filter((v) => v.subscribed).length;
        for (const v of viewers) v.close();
        throw new Error(`only ${n} of ${viewers.length} viewers subscribed in time`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return viewers;
}
