/**
 * What each page loads: the built page script and every chunk it imports statically, followed
 * through the chunks' own imports. The BLS pairing code (drand signature checks, most of a page's
 * weight) belongs only to pages that verify a signature: the verify page checks bundles at once; the
 * live page loads it on demand (dynamic import) when it checks the beacon or a viewer asks to verify
 * (issue 17: the live page's weight); the console only names rounds and their times
 * (shared/drand-chains.ts).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CLIENT_DIR } from '../../server/http/pages.js';
import { ensureClientBuilt } from '../helpers/browser.js';

const ASSETS = join(DEFAULT_CLIENT_DIR, 'assets');
/** Names of noble's BLS12-381 internals that survive minification (object properties). */
const BLS_MARKERS = ['Fp12', 'millerLoop'];

let manifest: Record<string, string>;

beforeAll(() => {
  ensureClientBuilt();
  manifest = JSON.parse(readFileSync(join(DEFAULT_CLIENT_DIR, 'manifest.json'), 'utf8'));
});

/** The page's script and everything it imports statically (or, with `dynamic`, may import), once each. */
function loadedFiles(page: string, dynamic = false): Map<string, string> {
  const files = new Map<string, string>();
  const pattern = dynamic
    ? /(?:from|import)\s*\(?"\.\/(chunk-[A-Za-z0-9]+\.js)"/g
    : /(?:from|import)\s*"\.\/(chunk-[A-Za-z0-9]+\.js)"/g;
  const visit = (file: string) => {
    if (files.has(file)) return;
    const code = readFileSync(join(ASSETS, file), 'utf8');
    files.set(file, code);
    for (const m of code.matchAll(pattern)) visit(m[1]!);
  };
  visit(manifest[`${page}.js`]!);
  return files;
}

const hasBls = (page: string, dynamic = false) =>
  [...loadedFiles(page, dynamic).values()].some((code) =>
    BLS_MARKERS.every((m) => code.includes(m))
  );

describe('page weight', () => {
  it('does keep the BLS pairing code out of the console page', () => {
    expect(hasBls('console')).toBe(false);
  });

  it('does load the BLS code on the pages that verify signatures', () => {
    expect([hasBls('live', true), hasBls('verify')]).toEqual([true, true]);
  });

  it('does load the BLS code on the live page only when a check runs', () => {
    expect(hasBls('live')).toBe(false);
  });

  it("does paint the live page's title before any zod code is loaded", () => {
    // client/live/main.ts: the title from the detail first, then the rest of the page (issue 17)
    const now = [...loadedFiles('live').values()];
    expect(now.some((code) => code.includes('ZodObject'))).toBe(false);
    const later = [...loadedFiles('live', true).values()];
    expect(later.some((code) => code.includes('ZodObject'))).toBe(true);
    // the rest is named in live.html, fetched all at once when the title is on screen
    const html = readFileSync(join(DEFAULT_CLIENT_DIR, 'live.html'), 'utf8');
    const template = /<template id="later-modules">(.*?)<\/template>/.exec(html)?.[1] ?? '';
    const zodChunk = [...loadedFiles('live', true)].find(([, c]) => c.includes('ZodObject'))![0];
    expect(template).toContain(`<link rel="modulepreload" href="/assets/${zodChunk}" />`);
  });

  it('does load one language catalogue per page, in its own chunk', () => {
    const live = loadedFiles('live');
    for (const lang of ['kk', 'ru', 'en'])
      expect(live.has(manifest[`catalog-${lang}.js`]!)).toBe(false);
    expect(loadedFiles('live', true).has(manifest['catalog-kk.js']!)).toBe(true);
  });
});
