/**
 * The "new ceremony" screen (client/console/screen-ceremony-new.ts) in real Chromium against the real
 * server: every lot of the chosen competition is listed ticked in broadcast order with its direction's
 * name, the shared rules show as each row's placeholders, and the request carries the ticked lots, the
 * shared draft and only the fields a row changed. Axe-clean, in Kazakh and at phone width.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer, VIEWPORTS } from '../helpers/browser.js';
import { seedLot, type SeededLot } from '../helpers/draws.js';
import { OperatorCeremonyDetail } from '../../shared/api/ceremonies.js';
import { checkPage, fitsWidth, go, openConsole } from './console-helpers.js';

jest.setTimeout(120_000);

let browser: Browser;
let t: TestApp;
let operator: TestSession;
let seeded: SeededLot;

beforeAll(async () => {
  t = await startPageServer();
  browser = await launchBrowser();
  operator = await t.loginAs('operator');
  seeded = seedLot(t, 3);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the new ceremony screen', () => {
  test('does list every lot ticked and send only what a row changes', async () => {
    const { page, context } = await openConsole(
      browser,
      t,
      operator.user.username,
      `/ceremonies/new`,
      { lang: 'kk' }
    );
    await page.locator('#ceremony-lots tbody tr').nth(2).waitFor();
    const rows = await page.$$eval('#ceremony-lots tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.id,
        ticked: (tr.querySelector('input[type=checkbox]') as HTMLInputElement).checked,
        direction: tr.children[2]!.textContent,
        sizeHint: (tr.querySelector('input[id$="-size"]') as HTMLInputElement).placeholder,
        quotaHint: (tr.querySelector('input[id$="-q0"]') as HTMLInputElement).placeholder,
      }))
    );
    expect(rows).toEqual(
      seeded.lotIds.map((id) => ({
        id: `cl-${id}`,
        ticked: true,
        direction: 'Жастар саясаты',
        sizeHint: '3',
        quotaHint: '1',
      }))
    );
    await checkPage(page, 'console-ceremony-new-kk');

    // the first lot left out, the third with 2 reserves: only that row's change is sent
    const [first, second, third] = seeded.lotIds as [number, number, number];
    await page.uncheck(`#cl-${first}-include`);
    await page.fill(`#cl-${third}-reserves`, '2');
    await page.fill(`#cl-${second}-size`, '3');
    await page.click('#ceremony-submit');
    await page.waitForFunction(() => /^\/console\/ceremonies\/D-/.test(location.pathname));
    const id = decodeURIComponent(page.url().match(/ceremonies\/([^/?]+)/)![1]!);
    const c = OperatorCeremonyDetail.parse(
      (await operator.agent.get(`/api/draws/${id}`).expect(200)).body
    );
    expect(c.lots.map((l) => [l.lotId, l.lotDraft])).toEqual([
      [second, {}],
      [third, { reserves: 2 }],
    ]);
    expect([c.draft?.size, c.draft?.reserves]).toEqual([3, 3]);
    await page.locator('#ceremony-lot-list li').nth(1).waitFor();
    await context.close();
  });

  test('does fit a phone', async () => {
    const { page, context } = await openConsole(browser, t, operator.user.username, '/draws', {
      viewport: VIEWPORTS.phone,
    });
    await go(page, `/console/ceremonies/new?competition=${seeded.competitionId}`);
    await page.locator('#ceremony-lots tbody tr').first().waitFor();
    await fitsWidth(page);
    await checkPage(page, 'console-ceremony-new-phone');
    await context.close();
  });
});
