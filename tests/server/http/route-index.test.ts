/**
 * The prefix index over the route table (server/http/route-index.ts) against one plain express Router
 * over the same table, both on real HTTP servers: for generated requests (methods, letter case,
 * trailing and doubled slashes, percent escapes, malformed escapes, query strings) the answer is the
 * same — which route ran and with what params, HEAD, the OPTIONS Allow list, decoding errors and
 * fall-through to the next layer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import fc from 'fast-check';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { indexedRoutes, literalSegments } from '../../../server/http/route-index.js';

type Method = 'get' | 'post' | 'put' | 'delete';
/** Overlapping on purpose: literal and parameter siblings, a wildcard, an optional group, case. */
const TABLE: { method: Method; path: string }[] = [
  { method: 'get', path: '/healthz' },
  { method: 'get', path: '/:top' },
  { method: 'get', path: '/api/a' },
  { method: 'post', path: '/api/a' },
  { method: 'get', path: '/api/a/b' },
  { method: 'get', path: '/api/a/:id' },
  { method: 'delete', path: '/api/a/b' },
  { method: 'put', path: '/api/a/:id/c' },
  { method: 'get', path: '/api/a/b/:x' },
  { method: 'get', path: '/api/a.csv' },
  { method: 'get', path: '/api/:section/list' },
  { method: 'get', path: '/api/:section/:id/list' },
  { method: 'get', path: '/api/x/{*rest}' },
  { method: 'get', path: '/api/y{.:ext}' },
  { method: 'post', path: '/API/Mixed/Case' },
  { method: 'put', path: '/{*all}' },
];

const handlerFor =
  (position: number): RequestHandler =>
  (req, res) => {
    res.json({ route: position, params: req.params });
  };
const mount = (router: Router, position: number) =>
  router[TABLE[position]!.method](TABLE[position]!.path, handlerFor(position));
const fallThrough: RequestHandler = (_req, res) => {
  res.status(404).json({ fellThrough: true });
};
const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  res.status((err as { status?: number }).status ?? 500).json({ error: String(err) });
};

function serve(routes: RequestHandler): Promise<Server> {
  const app = express();
  app.use(routes);
  app.use(fallThrough);
  app.use(onError);
  return new Promise((resolve) => {
    const s = createServer(app);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

const agent = new Agent({ keepAlive: true });
/** Sends the path verbatim (no URL normalisation) and returns what the client can observe. */
function send(server: Server, method: string, path: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve(JSON.stringify([res.statusCode, res.headers.allow ?? null, body]))
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let plain: Server;
let indexed: Server;
beforeAll(async () => {
  const router = Router();
  TABLE.forEach((_r, i) => mount(router, i));
  plain = await serve(router);
  const positions = TABLE.map((_r, i) => i);
  indexed = await serve(
    indexedRoutes(
      positions.map((i) => ({ path: TABLE[i]!.path, i })),
      (r, x) => mount(r, x.i)
    )
  );
});
afterAll(async () => {
  agent.destroy();
  await Promise.all([plain, indexed].map((s) => new Promise((r) => s.close(r))));
});

describe('indexedRoutes', () => {
  it('does take the literal segments of a route path up to its first pattern', () => {
    expect(literalSegments('/api/Public/draws/:id/bundle')).toEqual(['api', 'public', 'draws']);
    expect(literalSegments('/api/experts/export.csv')).toEqual(['api', 'experts', 'export.csv']);
    expect(literalSegments('/api/y{.:ext}')).toEqual(['api']);
    expect(literalSegments('/:top')).toEqual([]);
    expect(literalSegments('/')).toEqual([]);
  });

  it('does list every route once, in table order, like a Router stack', () => {
    const router = Router();
    TABLE.forEach((_r, i) => mount(router, i));
    const handler = indexedRoutes(
      TABLE.map((r, i) => ({ ...r, i })),
      (r, x) => mount(r, x.i)
    );
    const routeOf = (l: { route?: { path: string } }) => l.route?.path;
    expect(handler.stack.map(routeOf)).toEqual(router.stack.map(routeOf));
  });

  it('does answer these requests as one Router over the whole table does', async () => {
    const paths = [
      '/',
      '/healthz',
      '/HEALTHZ/',
      '/other',
      '/api',
      '/api/',
      '/api/a',
      '/API/A/',
      '/api/a/b',
      '/api/a/B/',
      '/api/a/b/c',
      '/api/a/7/c',
      '/api/a/b/list',
      '/API/A/B/LIST/',
      '/api/a/list',
      '/api/a.csv',
      '/api/A.CSV',
      '/api/y',
      '/api/y.json',
      '/api/x/1/2',
      '/api//a',
      '/api/a//b',
      '/api/a/%E0%A4%A',
      '/api/a/%62',
      '/api/Mixed/case',
      '/API/MIXED/CASE',
      '/api/a?x=/api/b',
    ];
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'])
      for (const path of paths) {
        const [a, b] = await Promise.all([send(plain, method, path), send(indexed, method, path)]);
        expect([method, path, b]).toEqual([method, path, a]);
      }
  });

  it('does answer generated requests as one Router over the whole table does', async () => {
    const segment = fc.constantFrom(
      'api',
      'API',
      'Api',
      'a',
      'A',
      'b',
      'B',
      'c',
      'x',
      'y',
      'y.json',
      'list',
      'healthz',
      'HEALTHZ',
      'a.csv',
      'A.CSV',
      'mixed',
      'Mixed',
      'case',
      '',
      '%61',
      '%E0%A4%A',
      'D-1',
      'q%20r'
    );
    // a route's path filled in (a param value, letter case, a segment more or less) or noise
    const fromRoute = fc
      .record({
        position: fc.nat(TABLE.length - 1),
        upper: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        values: fc.array(segment, { minLength: 6, maxLength: 6 }),
        change: fc.constantFrom('none', 'none', 'drop', 'add'),
      })
      .map(({ position, upper, values, change }) => {
        const parts = TABLE[position]!.path.split('/').slice(1);
        const filled = parts.map((p, i) =>
          p.startsWith(':')
            ? values[i]!
            : p === '{*rest}'
              ? `${values[i]}/${values[i + 1]}`
              : p.includes('{')
                ? p.slice(0, p.indexOf('{')) + (upper[i] ? '.json' : '')
                : upper[i]
                  ? p.toUpperCase()
                  : p
        );
        if (change === 'drop') filled.pop();
        if (change === 'add') filled.push(values[5]!);
        return filled;
      });
    const requests = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'),
      segments: fc.oneof(fromRoute, fc.array(segment, { maxLength: 5 })),
      trailing: fc.boolean(),
      query: fc.constantFrom('', '?q=1', '?a/b=c'),
    });
    const ran = new Set<number>();
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, segments, trailing, query }) => {
        const path = '/' + segments.join('/') + (trailing && segments.length ? '/' : '') + query;
        const [a, b] = await Promise.all([send(plain, method, path), send(indexed, method, path)]);
        expect([method, path, b]).toEqual([method, path, a]);
        const [status, , body] = JSON.parse(a) as [number, string | null, string];
        statuses.add(status);
        if (body.startsWith('{"route"')) ran.add((JSON.parse(body) as { route: number }).route);
      }),
      { numRuns: 1000 }
    );
    // the generated requests reached most routes, and every kind of answer
    expect(ran.size).toBeGreaterThanOrEqual(TABLE.length - 3);
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 404]));
  });
});
