/**
 * The remote edge's monitor (server/edge/log-mirror.ts) against real writers: it copies only what
 * verifies, and a split view — two writers holding the same key whose logs diverged, shown to the
 * edge one after the other through a switching relay — is refused with one FORK line, nothing of
 * the second log is stored, and the mirror takes nothing more. A log signed by another key is
 * refused too.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../../db/connection.js';
import { entryCount } from '../../../db/repos/log.repo.js';
import { LogMirror } from '../../../server/edge/log-mirror.js';
import { createLogger } from '../../../server/logger.js';
import { createDirection } from '../../../server/lots/lots.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'adal-mirror-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function app(dataDir?: string): Promise<TestApp> {
  const t = await startTestApp(dataDir ? { dataDir } : {});
  cleanups.push(() => t.close());
  return t;
}

const direction = (t: TestApp, code: string) =>
  createDirection(t.ctx, 'setup', { code, nameKk: code, nameRu: code, nameEn: code });

/** An HTTP relay whose target can be switched: what a split view looks like from the edge. */
async function relay(target: string) {
  let to = new URL(target);
  const server: Server = createServer((req, res) => {
    const up = httpRequest(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      }
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    switchTo: (target: string) => (to = new URL(target)),
  };
}

function mirror(upstream: string, vkey: string) {
  const db = openDb(join(tempDir(), 'edge-mirror.sqlite'));
  cleanups.push(() => void db.close());
  const lines: string[] = [];
  const m = new LogMirror(db, {
    upstream,
    vkey,
    log: createLogger('silent'),
    printFork: (l) => lines.push(l),
  });
  return { m, db, lines };
}

describe('the log mirror of a remote edge', () => {
  it('does copy a growing log it verified, entry for entry', async () => {
    const a = await app();
    direction(a, 'one');
    const { m, db } = mirror(a.baseUrl, a.ctx.tlog.vkey);
    expect(await m.sync()).toBe(a.ctx.tlog.size());
    direction(a, 'two');
    direction(a, 'three');
    expect(await m.sync()).toBe(2);
    expect(await m.sync()).toBe(0);
    expect(entryCount(db)).toBe(a.ctx.tlog.size());
    expect(m.ready).toBe(true);
    expect(m.fork).toBeUndefined();
  });

  it('does refuse a split view with one FORK line and store nothing of it', async () => {
    const dirA = tempDir();
    const seed = await startTestApp({ dataDir: dirA });
    direction(seed, 'shared');
    const vkey = seed.ctx.tlog.vkey;
    await seed.close();
    const dirB = tempDir();
    cpSync(dirA, dirB, { recursive: true });
    const a = await app(dirA);
    const b = await app(dirB);
    direction(a, 'only-a');
    direction(b, 'only-b');
    direction(b, 'more-b');
    const r = await relay(a.baseUrl);
    const { m, db, lines } = mirror(r.url, vkey);
    await m.sync();
    const held = entryCount(db);
    r.switchTo(b.baseUrl);
    await expect(m.sync()).rejects.toMatchObject({ code: 'EDGE_LOG_FORKED' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^FORK: no consistency from size \d+ to \d+$/);
    expect(m.fork).toBeDefined();
    expect(entryCount(db)).toBe(held);
    // and it stays refused, even when shown the first log again
    r.switchTo(a.baseUrl);
    await expect(m.sync()).rejects.toMatchObject({ code: 'EDGE_LOG_FORKED' });
    expect(lines).toHaveLength(1);
  });

  it('does refuse a log signed by another key', async () => {
    const a = await app();
    const other = await app();
    const { m, db, lines } = mirror(a.baseUrl, other.ctx.tlog.vkey);
    await expect(m.sync()).rejects.toMatchObject({ code: 'EDGE_LOG_FORKED' });
    expect(lines[0]).toMatch(/^FORK: checkpoint does not verify/);
    expect(entryCount(db)).toBe(0);
  });
});
