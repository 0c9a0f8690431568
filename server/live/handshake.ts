/**
 * What the socket layer keeps of a connection's first HTTP request. socket.io holds a reference to
 * that request for the connection's whole life (docs: socket.io v4 "Memory usage": set
 * rawSocket.request = null); we drop it at once and keep only the headers the operator namespace
 * needs — and only when a Cookie header was sent, so anonymous viewers keep nothing at all.
 *
 * engine.io's WebSocket upgrade path also leaves the request reachable from listeners it never
 * removes (its upgrade response's "close" hook and an "error" hook), so the request's headers are
 * emptied too: a viewer connection then keeps no header strings.
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

export interface HandshakeHeaders {
  cookie: string;
  origin: string | undefined;
  host: string | undefined;
}

const kept = new WeakMap<object, HandshakeHeaders>();

/** Installs the hook: keep cookie/origin/host, release the request (call once per server). */
export function releaseHandshakeRequests(io: Server): void {
  io.engine.on('connection', (raw: { request: IncomingMessage | null }) => {
    const req = raw.request;
    raw.request = null;
    if (!req) return;
    const h = req.headers;
    if (h.cookie) kept.set(raw, { cookie: h.cookie, origin: h.origin, host: h.host });
    // Nothing reads the handshake request after the connection event.
    req.headers = {};
    req.rawHeaders = [];
    req.url = '';
  });
}

/** The kept headers of an engine.io connection (socket.conn), if it sent a cookie. */
export function handshakeHeaders(conn: object): HandshakeHeaders | undefined {
  return kept.get(conn);
}

/**
 * A browser attaches cookies to cross-site WebSocket handshakes too, so a cookie-authenticated socket
 * must come from our own pages: no Origin (not a browser), or an Origin whose host is the Host the
 * request was sent to, or the configured PUBLIC_URL's origin.
 */
export function originAllowed(h: HandshakeHeaders, publicUrl: string | undefined): boolean {
  if (h.origin === undefined) return true;
  let origin: URL;
  try {
    origin = new URL(h.origin);
  } catch {
    return false;
  }
  if (publicUrl !== undefined && new URL(publicUrl).origin === origin.origin) return true;
  return h.host !== undefined && origin.host === h.host;
}
