/**
 * bodyParsers (server/http/body-parsers.ts) against the two body-parser layers it stands for
 * (express.json, then express.text for CSV and plain text), both on real HTTP servers: requests with
 * and without bodies, each content type, chunked bodies, malformed JSON, a bad charset and bodies
 * over the limits get the same parsed body or the same error.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParsers } from '../../../server/http/body-parsers.js';

const echo: RequestHandler = (req, res) => {
  const body: unknown = req.body;
  res.json({ type: typeof body, body: body ?? null });
};
const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as { status?: number; type?: string };
  res.status(e.status ?? 500).json({ error: e.type ?? String(err) });
};

function serve(...parsers: RequestHandler[]): Promise<Server> {
  const app = express();
  for (const p of parsers) app.use(p);
  app.all('/{*any}', echo);
  app.use(onError);
  return new Promise((resolve) => {
    const s = createServer(app);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

interface Case {
  method: string;
  headers?: Record<string, string>;
  /** written as one chunk; with no content-length header it goes chunked */
  body?: string;
}
function send(server: Server, c: Case): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: c.method, path: '/x', headers: c.headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      }
    );
    req.on('error', reject);
    req.end(c.body);
  });
}

let pair: Server;
let ours: Server;
beforeAll(async () => {
  pair = await serve(
    express.json({ limit: '1kb' }),
    express.text({ type: ['text/csv', 'text/plain'], limit: '2kb' })
  );
  ours = await serve(bodyParsers('1kb', '2kb'));
});
afterAll(async () => {
  await Promise.all([pair, ours].map((s) => new Promise((r) => s.close(r))));
});

const json = (body: string): Case => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
  body,
});
const CASES: [string, Case][] = [
  ['a GET without a body', { method: 'GET' }],
  ['a DELETE without a body', { method: 'DELETE' }],
  ['a POST with content-length 0', { method: 'POST', headers: { 'content-length': '0' } }],
  ['a JSON object', json('{"a":1,"b":[true,null]}')],
  ['a JSON array', json('[1,2]')],
  ['malformed JSON', json('{"a":')],
  ['JSON over its limit', json(JSON.stringify({ a: 'x'.repeat(2000) }))],
  ['a GET with a JSON body', { ...json('{"a":1}'), method: 'GET' }],
  [
    'chunked JSON',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"c":3}' },
  ],
  [
    'JSON in a charset it refuses',
    { ...json('{"a":1}'), headers: { 'content-type': 'application/json; charset=latin1' } },
  ],
  ['plain text', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a=1' }],
  ['CSV', { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' }],
  [
    'CSV over its limit',
    { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'x,'.repeat(1500) },
  ],
  [
    'another type',
    { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' },
  ],
  ['a body without a type', { method: 'POST', headers: { 'content-length': '3' }, body: 'abc' }],
];

describe('bodyParsers', () => {
  it('does parse or refuse every request as express.json then express.text would', async () => {
    for (const [name, c] of CASES) {
      const [a, b] = await Promise.all([send(pair, c), send(ours, c)]);
      expect([name, b]).toEqual([name, a]);
    }
  });

  it('does hand a GET without a body on without one', async () => {
    expect(await send(ours, { method: 'GET' })).toBe('200 {"type":"undefined","body":null}');
    expect(await send(ours, json('{"a":1}'))).toBe('200 {"type":"object","body":{"a":1}}');
  });
});
