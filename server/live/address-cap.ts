/**
 * At most `cap` socket.io connections per client address (LIVE_SOCKETS_PER_ADDR): one address
 * opening thousands of sockets would hold the memory and the broadcast work of thousands of viewers.
 * The handshake over the cap is refused by engine.io's allowRequest (403, before any socket exists).
 * A place is taken when the handshake is allowed — engine.io creates the connection asynchronously,
 * so counting only connections would let a parallel burst past the cap — and given back when the
 * connection closes, or when engine.io reports that the allowed handshake failed. The address is the one the
 * HTTP routes see (TRUST_PROXY, server/accounts/client-address.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { clientAddress, type TrustsProxy } from '../accounts/client-address.js';

type AllowRequest = NonNullable<ServerOptions['allowRequest']>;

export interface AddressCap {
  allowRequest: AllowRequest;
  /** wires the release to the engine's connections (call once the server exists) */
  attach(io: Server): void;
  /** open (or opening) connections per address, for tests and health */
  count(addr: string): number;
}

interface Place {
  addr: string;
  released: boolean;
}

interface EngineSocket {
  request: IncomingMessage | null;
  once(event: 'close', listener: () => void): void;
}

export function addressCap(cap: number, trusts: TrustsProxy): AddressCap {
  const open = new Map<string, number>();
  const places = new WeakMap<IncomingMessage, Place>();
  const release = (p: Place) => {
    if (p.released) return;
    p.released = true;
    const n = (open.get(p.addr) ?? 1) - 1;
    if (n <= 0) open.delete(p.addr);
    else open.set(p.addr, n);
  };
  return {
    allowRequest(req, callback) {
      const addr = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusts);
      const n = open.get(addr) ?? 0;
      if (n >= cap) return callback(`at most ${cap} connections per address`, false);
      open.set(addr, n + 1);
      const place: Place = { addr, released: false };
      places.set(req, place);
      callback(null, true);
    },
    attach(io) {
      // Registered before releaseHandshakeRequests (handshake.ts), which drops raw.request.
      io.engine.on('connection', (raw: EngineSocket) => {
        const place = raw.request ? places.get(raw.request) : undefined;
        if (!place) return;
        raw.once('close', () => release(place));
      });
      // A handshake that fails after it was allowed (engine.io reports it so) opens nothing.
      io.engine.on('connection_error', (e: { req?: IncomingMessage }) => {
        const place = e.req ? places.get(e.req) : undefined;
        if (place) release(place);
      });
    },
    count: (addr) => open.get(addr) ?? 0,
  };
}
