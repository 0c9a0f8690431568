/**
 * Socket connections per client address (server/live/address-cap.ts, issue 18): 2,000 socket.io
 * connections from one address are held, the 2,001st handshake is refused (403, no socket), a
 * place comes back when a connection closes; behind a trusted proxy each forwarded address has its
 * own places, and from an untrusted peer a rotated X-Forwarded-For changes nothing.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { Config } from '../../../server/config.js';
import { startLiveApp, type LiveTestApp } from '../../helpers/live.js';

let app: LiveTestApp | undefined;
let sockets: ClientSocket[] = [];
afterEach(async () => {
  for (const s of sockets) s.disconnect();
  sockets = [];
  await app?.close();
  app = undefined;
});

/** Connects a viewer (WebSocket, as a browser that can); resolves true when it got in. */
function open(baseUrl: string, forwardedFor?: string): Promise<boolean> {
  const s = connect(`${baseUrl}/live`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  sockets.push(s);
  return new Promise((resolve) => {
    s.once('connect', () => resolve(true));
    s.once('connect_error', () => resolve(false));
  });
}

/** Opens n viewers, at most 200 handshakes in flight; the number that got in. */
async function openMany(baseUrl: string, n: number, forwardedFor?: () => string): Promise<number> {
  let accepted = 0;
  for (let done = 0; done < n;) {
    const batch = Math.min(200, n - done);
    const got = await Promise.all(
      Array.from({ length: batch }, () => open(baseUrl, forwardedFor?.()))
    );
    accepted += got.filter(Boolean).length;
    done += batch;
  }
  return accepted;
}

const start = (config: Partial<Config> = {}) => startLiveApp({ config });

describe('socket connections per address', () => {
  it('does hold 2,000 sockets from one address and refuse the 2,001st until one closes', async () => {
    app = await start();
    const url = app.t.baseUrl;
    expect(app.t.ctx.config.LIVE_SOCKETS_PER_ADDR).toBe(2000);
    expect(await openMany(url, 2000)).toBe(2000);
    expect(await open(url)).toBe(false);
    // a burst of parallel handshakes over the cap: none gets in
    expect(await openMany(url, 50)).toBe(0);
    expect(app.live.cap.count('127.0.0.1')).toBe(2000);
    // one viewer leaves: its place is free again, once
    sockets[0]!.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    expect(await openMany(url, 2)).toBe(1);
  });

  it('does count each forwarded address apart behind a trusted proxy, and ignore the header otherwise', async () => {
    app = await start({ LIVE_SOCKETS_PER_ADDR: 3, TRUST_PROXY: ['loopback'] });
    const url = app.t.baseUrl;
    expect(await openMany(url, 4, () => '198.51.100.1')).toBe(3);
    expect(await openMany(url, 4, () => '198.51.100.2')).toBe(3);
    await app.close();

    app = await start({ LIVE_SOCKETS_PER_ADDR: 3 });
    let i = 0;
    expect(await openMany(app.t.baseUrl, 6, () => `198.51.100.${++i}`)).toBe(3);
  });
});
