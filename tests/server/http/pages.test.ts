/**
 * The page routes and built assets over real HTTP: which page each route serves, cache headers
 * (hashed assets immutable, HTML no-cache), framing rules (public pages embeddable, console not),
 * CSP-safe markup (no inline scripts or style attributes), and the API's 404 left untouched.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { DEFAULT_CLIENT_DIR, PAGE_ROUTES, pagesRouter } from '../../../server/http/pages.js';
import type { TestApp } from '../../helpers/app.js';
import { startPageServer } from '../../helpers/browser.js';

let t: TestApp;
let manifest: Record<string, string>;

beforeAll(async () => {
  t = await startPageServer();
  manifest = JSON.parse(readFileSync(join(DEFAULT_CLIENT_DIR, 'manifest.json'), 'utf8'));
});

afterAll(async () => {
  await t?.close();
});

const PAGE_OF: Record<string, string> = {
  '/': 'live',
  '/draws/17': 'live',
  '/verify': 'verify',
  '/find': 'find',
  '/console': 'console',
  '/console/registry/experts': 'console',
};

describe('page routes', () => {
  test('does serve each route the HTML of its page, not cached', async () => {
    for (const [path, page] of Object.entries(PAGE_OF)) {
      const res = await t.agent.get(path).expect(200);
      expect([path, res.type]).toEqual([path, 'text/html']);
      expect([path, res.headers['cache-control']]).toEqual([path, 'no-cache']);
      expect(res.text).toContain(`<script type="module" src="/assets/${manifest[`${page}.js`]}">`);
      expect(res.text).toContain(`<script src="/assets/${manifest['boot.js']}">`);
      expect(res.text).toContain(`<link rel="stylesheet" href="/assets/${manifest['app.css']}"`);
    }
  });

  test('does list every page route it serves', () => {
    expect(PAGE_ROUTES.map((r) => r.path)).toEqual([
      '/',
      '/draws/:id',
      '/verify',
      '/find',
      '/console',
      '/console/{*rest}',
    ]);
  });

  test('does serve hashed assets for a year, immutable, with their types', async () => {
    for (const [name, file] of Object.entries(manifest)) {
      expect(file).toMatch(/^[a-z]+-[A-Z0-9]{8}\.(js|css)$/);
      const res = await t.agent.get(`/assets/${file}`).expect(200);
      expect([name, res.headers['cache-control']]).toEqual([
        name,
        'public, max-age=31536000, immutable',
      ]);
      expect([name, res.type]).toEqual([
        name,
        name.endsWith('.css') ? 'text/css' : 'text/javascript',
      ]);
    }
  });

  test('does send the brotli or gzip twin of an asset by Accept-Encoding, the plain file otherwise', async () => {
    const file = manifest['live.js']!;
    const plain = readFileSync(join(DEFAULT_CLIENT_DIR, 'assets', file));
    // node:http, not supertest: supertest would decode the body itself
    const raw = (encoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        get(`${t.baseUrl}/assets/${file}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const br = await raw('gzip, deflate, br');
    expect([br.headers['content-encoding'], br.headers['vary']]).toEqual(['br', 'Accept-Encoding']);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await raw('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    const none = await raw('identity');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(plain)).toBe(true);
  });

  test("does name the likely catalogue and a draw's detail in the head of its page, for early fetching", async () => {
    const res = await t.agent.get('/draws/D-2026-0007?lang=kk').expect(200);
    expect(res.text).toContain(
      `<link rel="modulepreload" href="/assets/${manifest['catalog-kk.js']}" />`
    );
    expect(res.text).toContain(
      '<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/public/draws/D-2026-0007" />'
    );
    // the detail before every script (a phone's six connections start with it), the catalogue after
    const at = (needle: string) => res.text.indexOf(needle);
    expect(at('as="fetch"')).toBeLessThan(at('<script'));
    expect(at(manifest['catalog-kk.js']!)).toBeGreaterThan(at('<script type="module"'));
    const list = await t.agent.get('/').set('Accept-Language', 'en-GB,en;q=0.8').expect(200);
    expect(list.text).toContain(`href="/assets/${manifest['catalog-en.js']}"`);
    // the rest of the live page: fetched after a draw's title (an inert template), on the list at once
    const later = /<template id="later-modules">(.*?)<\/template>/s.exec(res.text)?.[1];
    expect(later).toContain('<link rel="modulepreload"');
    expect(list.text).not.toContain('<template id="later-modules">');
    expect(list.text).toContain(later!);
    expect(list.text).not.toContain('as="fetch"');
  });

  test('when an asset does not exist, does answer 404 without a page', async () => {
    const res = await t.agent.get('/assets/live-NOPE1234.js').expect(404);
    expect(res.type).toBe('text/plain');
    await t.agent.get('/assets/../package.json').expect(404);
  });

  test('does let public pages be framed and forbid framing the console', async () => {
    for (const path of ['/', '/draws/1', '/verify']) {
      const res = await t.agent.get(path).expect(200);
      expect([path, res.headers['content-security-policy']]).toEqual([
        path,
        expect.stringContaining('frame-ancestors *'),
      ]);
      expect([path, res.headers['x-frame-options']]).toEqual([path, undefined]);
    }
    for (const path of ['/console', '/console/x']) {
      const res = await t.agent.get(path).expect(200);
      expect([path, res.headers['content-security-policy']]).toEqual([
        path,
        expect.stringContaining("frame-ancestors 'none'"),
      ]);
      expect([path, res.headers['x-frame-options']]).toEqual([path, 'DENY']);
    }
  });

  test('does ship markup the CSP allows: no inline script, no style attribute', async () => {
    for (const path of ['/', '/verify', '/console']) {
      const html = (await t.agent.get(path).expect(200)).text;
      for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
        expect([path, tag]).toEqual([path, expect.stringMatching(/\ssrc="\/assets\//)]);
      expect(html).not.toMatch(/<script\b[^>]*>\s*\S[^<]*<\/script>/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/\son[a-z]+=/);
    }
  });

  test('does leave unknown API paths to the API 404', async () => {
    const res = await t.agent.get('/api/no-such-thing').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no such API route' } });
  });
});

describe("the operator's name and logo", () => {
  test('does put them in the public pages for the overlay and serve the logo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adal-logo-'));
    try {
      const logo = join(dir, 'logo.svg');
      writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg"/>');
      const app = express().use(pagesRouter({ brand: { name: 'Fund "A" & <B>', logoFile: logo } }));
      const page = await request(app).get('/draws/D-2026-0001').expect(200);
      expect(page.text).toContain(
        '<meta name="adal-operator-name" content="Fund &quot;A&quot; &amp; &lt;B&gt;" />'
      );
      expect(page.text).toContain('<meta name="adal-operator-logo" content="/operator-logo" />');
      const console_ = await request(app).get('/console').expect(200);
      expect(console_.text).not.toContain('adal-operator');
      const img = await request(app).get('/operator-logo').expect(200);
      expect(img.headers['content-type']).toBe('image/svg+xml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pagesRouter without a build', () => {
  test('does answer 503 saying how to build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'adal-pages-'));
    try {
      const app = express().use(pagesRouter({ clientDir: empty }));
      const res = await request(app).get('/verify').expect(503);
      expect(res.text).toContain('npm run build');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
