/**
 * securityHeaders (server/http/security-headers.ts) against helmet itself, both on real HTTP servers
 * with the app's options and with helmet's defaults: the same header lines, values and order, and no
 * X-Powered-By; options that vary per request (functions) are refused.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import express, { type RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { securityHeaders } from '../../../server/http/security-headers.js';

const APP_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      frameAncestors: ['*'],
      upgradeInsecureRequests: null,
    },
  },
  frameguard: false,
};

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** The raw header lines of a GET, Date excepted (it moves). */
async function headerLines(mw: RequestHandler): Promise<string[]> {
  const app = express(); // X-Powered-By left on: helmet removes it
  app.use(mw);
  app.get('/x', (_req, res) => {
    res.json({ ok: true });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = createServer(app);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/x' }, (res) => {
      res.resume();
      const lines: string[] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2)
        if (res.rawHeaders[i] !== 'Date')
          lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      res.on('end', () => resolve(lines));
    }).on('error', reject);
  });
}

describe('securityHeaders', () => {
  it("does send exactly helmet's headers with the app's options", async () => {
    const ours = await headerLines(securityHeaders(APP_OPTIONS));
    expect(ours).toEqual(await headerLines(helmet(APP_OPTIONS)));
    expect(ours).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Content-Security-Policy: default-src 'self';.*frame-ancestors \*;/),
      ])
    );
    expect(ours.some((l) => l.startsWith('X-Powered-By'))).toBe(false);
  });

  it("does send exactly helmet's headers with its defaults", async () => {
    expect(await headerLines(securityHeaders({}))).toEqual(await headerLines(helmet()));
  });

  it('does refuse options that vary per request', () => {
    const nonce: HelmetOptions = {
      contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-abc'"] } },
    };
    expect(() => securityHeaders(nonce)).toThrow(/vary per request/);
  });
});
