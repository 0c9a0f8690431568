/**
 * CachedJson (server/http/cached-json.ts) over a real SQLite file, beside res.json on a real HTTP
 * server: the same status, header lines and body (GET, HEAD, 304 on If-None-Match); the value is
 * computed once while the database is unchanged, and again after a commit by another connection or
 * a write by this one; a value computed inside a transaction is not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../db/connection.js';
import { CachedJson } from '../../../server/http/cached-json.js';

let dir: string;
let db: Db;
let other: Db;
let server: Server;
let computed = 0;
const compute = () => {
  computed++;
  return { values: db.prepare('SELECT x FROM t ORDER BY x').pluck().all(), note: 'ä "q"' };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-cached-json-'));
  db = openDb(join(dir, 'adal.sqlite'));
  db.exec('CREATE TABLE t (x INTEGER)');
  other = new Database(join(dir, 'adal.sqlite'));
  const cached = new CachedJson(db, compute);
  const app = express();
  app.get('/cached', (req, res) => cached.send(req, res));
  app.get('/plain', (_req, res) => {
    res.json(compute());
  });
  app.get('/in-transaction', (req, res) => db.transaction(() => cached.send(req, res))());
  server = await new Promise<Server>((resolve) => {
    const s = createServer(app);
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  other.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Status, header lines (Date excepted) and body, as a client sees them. */
function fetchRaw(path: string, method = 'GET', headers: Record<string, string> = {}) {
  const { port } = server.address() as AddressInfo;
  return new Promise<{ status: number; lines: string[]; body: string; etag?: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          const lines: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            if (res.rawHeaders[i] !== 'Date')
              lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
          resolve({ status: res.statusCode!, lines, body, etag: res.headers.etag });
        });
      });
      req.on('error', reject);
      req.end();
    }
  );
}

describe('CachedJson', () => {
  it('does answer exactly what res.json answers', async () => {
    other.prepare('INSERT INTO t VALUES (1), (2)').run();
    const plain = await fetchRaw('/plain');
    expect(await fetchRaw('/cached')).toEqual(plain);
    expect(JSON.parse(plain.body)).toEqual({ values: [1, 2], note: 'ä "q"' });
    expect(await fetchRaw('/cached', 'HEAD')).toEqual(await fetchRaw('/plain', 'HEAD'));
    const revalidate = { 'If-None-Match': plain.etag! };
    const notModified = await fetchRaw('/cached', 'GET', revalidate);
    expect(notModified.status).toBe(304);
    expect(notModified).toEqual(await fetchRaw('/plain', 'GET', revalidate));
  });

  it('does compute once while nothing is written, and again after each write', async () => {
    const first = JSON.parse((await fetchRaw('/cached')).body) as { values: number[] };
    const n = computed;
    await fetchRaw('/cached');
    await fetchRaw('/cached');
    expect(computed).toBe(n);

    other.prepare('INSERT INTO t VALUES (10)').run(); // another connection (e.g. the CLI) commits
    const afterOther = JSON.parse((await fetchRaw('/cached')).body) as { values: number[] };
    expect(afterOther.values).toEqual([...first.values, 10]);

    db.prepare('INSERT INTO t VALUES (11)').run(); // this connection writes
    const afterOwn = JSON.parse((await fetchRaw('/cached')).body) as { values: number[] };
    expect(afterOwn.values).toEqual([...first.values, 10, 11]);
    expect(computed).toBe(n + 2);
  });

  it('when answering inside a transaction, does not keep the value', async () => {
    await fetchRaw('/cached');
    const n = computed;
    await fetchRaw('/in-transaction');
    await fetchRaw('/in-transaction');
    expect(computed).toBe(n + 2);
    await fetchRaw('/cached');
    expect(computed).toBe(n + 2);
  });
});
