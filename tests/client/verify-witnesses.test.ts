/**
 * The verify page with a witness policy, in a real browser: a frozen v1 bundle (tests/fixtures/v1,
 * read only) whose checkpoint this test has two witnesses cosign is verified in the page by
 * shared/verify.ts and shared/cosignature.ts — "cosigned by 2 witnesses: names" at threshold 2, and
 * check 2a failing with WITNESS_POLICY_UNMET at threshold 3 of the three keys given.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import type { Browser, Page } from 'playwright-core';
import { appendCosignatures } from '../../shared/add-checkpoint.js';
import { cosignCheckpoint, ed25519Cosigner, formatCosignerKey } from '../../shared/cosignature.js';
import { parseNote } from '../../shared/note.js';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer, waitForText } from '../helpers/browser.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };

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

const names = ['ngo.example/w1', 'uni.example/w2', 'press.example/w3'];
const seeds = names.map((_, i) => new Uint8Array(32).fill(i + 1));
const keys = names.map((n, i) => formatCosignerKey(n, ed25519.getPublicKey(seeds[i]!)));
const bundle = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../fixtures/v1/adal-declines-closed.bundle.json', import.meta.url)),
    'utf8'
  )
) as { log: { checkpoint: string; vkey: string } };
const text = parseNote(bundle.log.checkpoint).text;
bundle.log.checkpoint = appendCosignatures(
  bundle.log.checkpoint,
  [0, 1].map((i) => cosignCheckpoint(text, ed25519Cosigner(names[i]!, seeds[i]!), 1767139200))
);

async function drop(page: Page): Promise<void> {
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'cosigned.json', { type: 'application/json' }));
    const zone = document.getElementById('drop-zone')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
  }, JSON.stringify(bundle));
}

describe('verify page with a witness policy', () => {
  test('does show who cosigned, verified in the browser, and fail a policy the bundle does not meet', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=en`);
    const { page } = p;
    await waitForText(page, '#verify-key-origin', en['verify.key.origin.server']);
    await page.fill('#verify-key', bundle.log.vkey);
    await page.fill('#verify-witnesses', keys.join('\n'));
    await page.fill('#verify-witness-threshold', '2');
    await drop(page);
    await page.waitForSelector('#verify-summary[data-result="passed"]');
    const cosigned = page.locator('#verify-summary .cosigned-by');
    expect(await cosigned.getAttribute('data-cosigned')).toBe('2');
    expect(await cosigned.textContent()).toBe(
      'Cosigned by 2 witnesses: ngo.example/w1, uni.example/w2.'
    );
    expect(await page.locator('[data-check-id="witnesses"]').getAttribute('data-status')).toBe(
      'passed'
    );

    await page.fill('#verify-witness-threshold', '3');
    await page.click('#verify-again');
    await page.waitForSelector('#verify-summary[data-result="failed"]');
    expect(await page.locator('[data-check-id="witnesses"]').getAttribute('data-code')).toBe(
      'WITNESS_POLICY_UNMET'
    );
    expect(await cosigned.textContent()).toBe(
      'Cosigned by 2 witnesses: ngo.example/w1, uni.example/w2.'
    );
    expect(p.problems).toEqual([]);
    await p.context.close();
  }, 60_000);
});
