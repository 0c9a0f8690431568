/**
 * The verdict a journalist can quote, in a real browser in kk, ru and en: frozen v1 bundles
 * (tests/fixtures/v1, read only) verified on /verify give a large VERIFIED / NOT VERIFIED first in
 * the results panel, a tampered replacement names its first difference in plain words from the
 * catalogue ("the file says R-0004 is seat 2; re-running the draw gives R-0027"), every check links
 * to its docs/PROTOCOL.md section and one that does not apply says so, a non-JSON file's error is in
 * the results panel, and `/verify?bundle=<url>` verifies another server's bundle (CORS allowed) with
 * that server's key, or says in the results panel that the address cannot be read. In kk and ru the
 * pages' text holds no Latin-only word outside the allow-list (tests/helpers/latin-words.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import {
  VIEWPORTS,
  launchBrowser,
  openPage,
  saveScreenshot,
  seriousAxeViolations,
  startPageServer,
  waitForText,
} from '../helpers/browser.js';
import { latinWords, pageText } from '../helpers/latin-words.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/v1/${name}`, import.meta.url)), 'utf8');
const vkey = fixture('v1.vkey').trim();
const GOOD = fixture('rfc3797.bundle.json'); // no drand round: the beacon check does not apply
const TAMPERED = fixture('tampered-replacement.bundle.json');
const CATALOGS = { kk, ru, en } as const;
type Lang = keyof typeof CATALOGS;
const fill = (m: string, p: Record<string, string>) =>
  m.replace(/\{(\w+)\}/g, (w, k: string) => p[k] ?? w);

let browser: Browser;
let t: TestApp;
/** another server publishing the good bundle and its log key, readable from any origin */
let other: Server;
/** the same, without CORS: a page elsewhere cannot read it */
let closed: Server;
const base = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

function bundleServer(cors: boolean): Promise<Server> {
  const s = createServer((req, res) => {
    if (cors) res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/api/public/log/key') res.end(JSON.stringify(logKey()));
    else if (req.url === '/api/public/draws/D-2023-0004/bundle') res.end(GOOD);
    else res.writeHead(404).end('{}');
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

/** GET /api/public/log/key's answer for the fixtures' key (name+keyid+base64). */
function logKey() {
  const [name, rest] = [vkey.slice(0, vkey.indexOf('+')), vkey.slice(vkey.indexOf('+') + 1)];
  const [keyId, publicKey] = rest.split('+');
  return { name, keyId, publicKey, vkey };
}

beforeAll(async () => {
  t = await startPageServer();
  browser = await launchBrowser();
  other = await bundleServer(true);
  closed = await bundleServer(false);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  other?.close();
  closed?.close();
});

async function drop(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ([fileName, content]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content!], fileName!, { type: 'application/json' }));
      const zone = document.getElementById('drop-zone')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    },
    [name, text] as const
  );
}

const statuses = (page: Page) =>
  page
    .locator('#checks li')
    .evaluateAll((lis) =>
      lis.map((li) => [
        li.getAttribute('data-check-id'),
        li.getAttribute('data-status'),
        li.querySelector('a.check-rule')?.getAttribute('href'),
      ])
    );

/** The verdict block sits first in the results panel, above the checks, and in large type. */
async function verdictOnTop(page: Page): Promise<void> {
  const order = await page.evaluate(() => {
    const results = document.getElementById('results')!;
    const verdict = document.getElementById('verdict')!;
    const checks = document.getElementById('checks')!;
    const word = verdict.querySelector('.verdict-word')!;
    return {
      firstPanel: document.querySelector('main section') === results,
      aboveChecks: verdict.getBoundingClientRect().bottom <= checks.getBoundingClientRect().top,
      size: parseFloat(getComputedStyle(word).fontSize),
    };
  });
  expect(order).toEqual({ firstPanel: true, aboveChecks: true, size: expect.any(Number) });
  expect(order.size).toBeGreaterThanOrEqual(28);
}

async function expectNoLatin(page: Page, lang: Lang, what: string): Promise<void> {
  if (lang === 'en') return;
  expect([lang, what, latinWords(await pageText(page))]).toEqual([lang, what, []]);
}

describe('the verdict on /verify', () => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    const m = CATALOGS[lang];
    test(`does say VERIFIED or NOT VERIFIED first, with the first difference in plain words (${lang})`, async () => {
      const p = await openPage(browser, `${t.baseUrl}/verify?lang=${lang}`);
      const { page } = p;
      await waitForText(page, '#verify-key-origin', m['verify.key.origin.server']);
      await expectNoLatin(page, lang, 'empty');
      await page.fill('#verify-key', vkey);

      await drop(page, 'D-2023-0004.json', GOOD);
      await page.waitForSelector('#verdict[data-result="passed"]', { timeout: 30_000 });
      await waitForText(page, '#verdict .verdict-word', m['verify.verdict.passed']);
      await waitForText(
        page,
        '#verdict .verdict-line',
        fill(m['verify.verdict.passedLine'], { drawId: 'D-2023-0004' })
      );
      await verdictOnTop(page);
      const passed = await statuses(page);
      expect(passed.find(([id]) => id === 'beacon')?.[1]).toBe('na');
      expect(passed.find(([id]) => id === 'fairness')?.[1]).toBe('not-requested');
      expect(passed.filter(([, s]) => s === 'passed')).toHaveLength(11);
      expect(passed.map(([id, , href]) => [id, href?.startsWith('/protocol#')])).toEqual(
        passed.map(([id]) => [id, true])
      );
      const beacon = page.locator('#checks li[data-check-id="beacon"]');
      expect(await beacon.locator('.check-status').textContent()).toBe(m['verify.status.na']);
      expect(await beacon.locator('.check-detail').textContent()).toBe(m['verify.na.beacon']);
      await saveScreenshot(page, `verify-verdict-passed-${lang}`);
      await expectNoLatin(page, lang, 'passed');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await drop(page, 'tampered.json', TAMPERED);
      await page.waitForSelector('#verdict[data-result="failed"]', { timeout: 30_000 });
      await waitForText(page, '#verdict .verdict-word', m['verify.verdict.failed']);
      const diff = fill(m['verify.diff.seat'], { file: 'R-0004', place: '2', rerun: 'R-0027' });
      await waitForText(
        page,
        '#verdict .verdict-diff',
        `${m['verify.verdict.firstDifference']}: ${diff}`
      );
      expect(await page.locator('#verdict .verdict-code code').textContent()).toBe(
        'REPLACEMENT_MISMATCH'
      );
      const failed = page.locator('#checks li[data-status="failed"]');
      expect(await failed.getAttribute('data-check-id')).toBe('replacements');
      expect(await failed.locator('.check-detail').textContent()).toContain(diff);
      await verdictOnTop(page);
      await saveScreenshot(page, `verify-verdict-failed-${lang}`);
      await expectNoLatin(page, lang, 'failed');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.setInputFiles('#bundle-file', {
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('not a bundle at all'),
      });
      await page.waitForSelector('#verdict[data-result="error"]');
      await waitForText(page, '#results #verify-error', m['error.VERIFY_NOT_JSON']);
      expect(await page.locator('#checks li').count()).toBe(0);
      await expectNoLatin(page, lang, 'not JSON');
      expect(p.problems).toEqual([]);
      await p.context.close();
    }, 90_000);
  }

  test('does fit the verdict and its first difference on a phone, on the first screen', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=kk`, { viewport: VIEWPORTS.phone });
    const { page } = p;
    await waitForText(page, '#verify-key-origin', kk['verify.key.origin.server']);
    await page.fill('#verify-key', vkey);
    await drop(page, 'tampered.json', TAMPERED);
    await page.waitForSelector('#verdict[data-result="failed"]', { timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.evaluate(() => {
      const r = document.getElementById('verdict')!.getBoundingClientRect();
      return { left: r.left, right: r.right, bottom: r.bottom, width: document.body.scrollWidth };
    });
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    expect(box.width).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    expect(box.bottom).toBeLessThanOrEqual(VIEWPORTS.phone.height);
    await saveScreenshot(page, 'verify-verdict-failed-kk-phone');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(p.problems).toEqual([]);
    await p.context.close();
  }, 60_000);

  test('does link each check to its section of the protocol', async () => {
    const res = await t.agent.get('/protocol').expect(200);
    for (const id of ['selection', 'replacement', 'drand-beacon-verification', 'proofs'])
      expect(res.text).toContain(`id="${id}"`);
  });

  test('does verify another server’s bundle by its address, with that server’s key, and share it', async () => {
    const url = `${base(other)}/api/public/draws/D-2023-0004/bundle`;
    const p = await openPage(
      browser,
      `${t.baseUrl}/verify?lang=ru&bundle=${encodeURIComponent(url)}`
    );
    const { page } = p;
    await page.waitForSelector('#verdict[data-result="passed"]', { timeout: 30_000 });
    await waitForText(page, '#verdict .verdict-word', ru['verify.verdict.passed']);
    await waitForText(
      page,
      '#verify-key-origin',
      fill(ru['verify.key.origin.bundle-server'], { server: base(other) })
    );
    expect(await page.inputValue('#verify-key')).toBe(vkey);
    expect(await page.inputValue('#bundle-url')).toBe(url);
    const share = await page.locator('#share-link').getAttribute('href');
    expect(new URL(share!).searchParams.get('bundle')).toBe(url);
    await saveScreenshot(page, 'verify-verdict-by-url-ru');
    await expectNoLatin(page, 'ru', 'by address');
    expect(p.problems).toEqual([]);

    // the same address on a server that does not let other sites read it
    const blocked = `${base(closed)}/api/public/draws/D-2023-0004/bundle`;
    await page.fill('#bundle-url', blocked);
    await page.getByRole('button', { name: ru['verify.url.submit'] }).click();
    await page.waitForSelector('#verdict[data-result="error"]');
    await waitForText(page, '#results #verify-error', ru['error.VERIFY_URL_BLOCKED']);
    await page.fill('#bundle-url', 'ftp://example.org/b.json');
    await page.getByRole('button', { name: ru['verify.url.submit'] }).click();
    await waitForText(page, '#results #verify-error', ru['error.VERIFY_URL_INVALID']);
    await expectNoLatin(page, 'ru', 'blocked');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await p.context.close();
  }, 60_000);
});
