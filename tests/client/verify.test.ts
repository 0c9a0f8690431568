/**
 * The standalone verify page in a real browser: a chosen or dropped file is hashed in the page by the
 * project's shared/hash.ts (compared here with node:crypto, an independent implementation) and checked
 * by shared/verify.ts in the page — nothing is uploaded; a JSON file that is no bundle fails the first
 * check with its code, a non-JSON file is refused by code, the trusted key is the log's own key shown
 * with where it came from, a pinned key is kept and a different server key reported, and axe-core finds
 * no serious violation. Real bundles (passing, and tampered) are checked in ceremony.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
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
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

let browser: Browser;
let t: TestApp;

beforeAll(async () => {
  t = await startPageServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const grouped = (hex: string) => hex.replace(/(.{8})(?=.)/g, '$1 ');

/** Dispatches dragover + drop of a file built in the page, as a real drag from the desktop does. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
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

describe('verify page', () => {
  test('does open in each language with no serious axe violation', async () => {
    for (const [lang, m] of [
      ['kk', kk],
      ['ru', ru],
      ['en', en],
    ] as const) {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const p = await openPage(browser, `${t.baseUrl}/verify?lang=${lang}`, { viewport });
        await waitForText(p.page, 'h1', m['verify.heading']);
        await waitForText(p.page, '#checks-note', m['verify.checks.pending']);
        await saveScreenshot(p.page, `verify-${lang}-${size}`);
        expect(await seriousAxeViolations(p.page)).toEqual([]);
        expect(p.problems).toEqual([]);
        await p.context.close();
      }
    }
  });

  test('does hash and check a chosen file in the browser and upload nothing', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=en`);
    const { page } = p;
    await waitForText(page, '#verify-key-origin', en['verify.key.origin.server']);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    const text = JSON.stringify({ version: 1, note: 'Жеребе — қазақша мәтін' });
    await page.setInputFiles('#bundle-file', {
      name: 'bundle.json',
      mimeType: 'application/json',
      buffer: Buffer.from(text, 'utf8'),
    });
    const expected = createHash('sha256').update(text, 'utf8').digest('hex');
    await waitForText(page, '#file-sha256', grouped(expected));
    await waitForText(page, '#file-name', 'bundle.json');
    expect(await page.locator('#file-json').isVisible()).toBe(true);
    await page.waitForSelector('#verify-summary[data-result="failed"]');
    const checks = await page
      .locator('#checks li')
      .evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-check-id'), li.getAttribute('data-status')])
      );
    expect(checks[0]).toEqual(['schema', 'failed']);
    expect(checks.slice(1).every(([, s]) => s === 'not-run')).toBe(true);
    expect(checks).toHaveLength(13);
    expect(await page.locator('#checks li').first().getAttribute('data-code')).toBe(
      'BUNDLE_MALFORMED'
    );
    expect(await page.locator('#verify-error').textContent()).toBe('');
    expect(requests).toEqual([]);
    await saveScreenshot(page, 'verify-chosen-en');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  test('does show the log key it trusts, keep a pinned key and report a server key that differs', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=kk`);
    const { page } = p;
    await waitForText(page, '#verify-key-origin', kk['verify.key.origin.server']);
    expect(await page.inputValue('#verify-key')).toBe(t.ctx.tlog!.vkey);
    await page.getByRole('button', { name: kk['verify.key.pin'] }).click();
    await waitForText(page, '#verify-key-origin', kk['verify.key.origin.pinned']);
    // Another key pinned earlier (e.g. from a printed protocol): the server's differs, the pin wins.
    const other = 'adal-draw.example/log+0a0b0c0d+AW5vdC10aGUtc2VydmVycy1rZXktLS0tLS0tLS0tLS0=';
    await page.evaluate((k) => localStorage.setItem('adal.pinnedLogKey', k), other);
    await page.reload();
    await waitForText(page, '#verify-key-origin', kk['verify.key.origin.pinned-differs']);
    expect(await page.inputValue('#verify-key')).toBe(other);
    await page.fill('#verify-key', t.ctx.tlog!.vkey);
    await waitForText(page, '#verify-key-origin', kk['verify.key.origin.pasted']);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  test('when the draw number is not a draw id, does say so without asking the server', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=ru`);
    const { page } = p;
    await waitForText(page, '#verify-key-origin', ru['verify.key.origin.server']);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.fill('#download-draw-id', 'D-42');
    await page.getByRole('button', { name: ru['verify.download.submit'] }).click();
    await waitForText(page, '#verify-error', ru['error.VERIFY_DRAW_ID_INVALID']);
    expect(requests).toEqual([]);
    await page.fill('#download-draw-id', 'D-2026-9999');
    await page.getByRole('button', { name: ru['verify.download.submit'] }).click();
    await waitForText(page, '#verify-error', ru['error.DRAW_NOT_FOUND']);
    expect(requests.map((u) => new URL(u).pathname)).toEqual([
      '/api/public/draws/D-2026-9999/bundle',
    ]);
    await p.context.close();
  });

  test('does take a dropped file the same way', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=kk`);
    const text = '{"dropped":[1,2,3]}';
    await dropFile(p.page, 'dropped.json', text);
    const expected = createHash('sha256').update(text, 'utf8').digest('hex');
    await waitForText(p.page, '#file-sha256', grouped(expected));
    await waitForText(p.page, '#file-name', 'dropped.json');
    // Kazakh sizes are written with Russian number rules (client/common/lang.ts NUMBER_LOCALES)
    expect(await p.page.locator('#file-size').textContent()).toMatch(/^19\s?Б$/);
    await p.context.close();
  });

  test('when the file is not JSON, does say so by code and still show its hash', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=ru`);
    const { page } = p;
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00]); // "{" then invalid UTF-8
    await page.setInputFiles('#bundle-file', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: bytes,
    });
    await waitForText(page, '#verify-error', ru['error.VERIFY_NOT_JSON']);
    await waitForText(
      page,
      '#file-sha256',
      grouped(createHash('sha256').update(bytes).digest('hex'))
    );
    expect(await page.locator('#file-json').isVisible()).toBe(false);
    expect(await page.getAttribute('#verify-error', 'role')).toBe('alert');
    await page.getByRole('button', { name: 'English' }).click();
    await waitForText(page, '#verify-error', en['error.VERIFY_NOT_JSON']);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await p.context.close();
  });

  test('does show keyboard focus on the drop zone when its file input is focused', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=en`);
    await p.page.focus('#bundle-file');
    const outline = await p.page
      .locator('#drop-zone')
      .evaluate((el) => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth]);
    expect(outline).toEqual(['solid', '3px']);
    await p.context.close();
  });
});
