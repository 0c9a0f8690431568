/**
 * The demo's finished ceremony as a newcomer meets it (server/demo/ceremony.ts), in real Chromium:
 * the public list names it by its competition and number of lots; its live page shows the seven lots
 * closed, each with its heading and its commission of three; the overlay keeps the stage headed by
 * the lot; and /verify checks its bundle in the browser — VERIFIED — with no network beyond this
 * server.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import { checkPage } from './console-helpers.js';
import { launchBrowser, openPage, startPageServer } from '../helpers/browser.js';
import { seedDemoIfEmpty } from '../../server/demo/seed.js';
import { demoClock, seedDemoCeremony } from '../../server/demo/ceremony.js';
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

jest.setTimeout(120_000);

let browser: Browser;
let t: TestApp;
let id: string;

beforeAll(async () => {
  t = await startPageServer({ sockets: true });
  const time = demoClock();
  seedDemoIfEmpty({ ...t.ctx, clock: time.clock });
  id = (await seedDemoCeremony(t.ctx, time))!.drawId;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the demo ceremony in the browser', () => {
  test('does show on the live list and its page with every lot closed', async () => {
    const p = await openPage(browser, `${t.baseUrl}/?lang=ru`);
    const title = ru['live.ceremony.listTitle'].replace('{code}', 'GG-2025').replace('{n}', '7');
    await p.page.locator('#past-list a.draw-title', { hasText: title }).waitFor();
    await p.page.click(`#past-list a.draw-title`);
    await p.page.locator('#ceremony-lots:not([hidden])').waitFor();
    await p.page.waitForFunction(
      () => document.querySelectorAll('#ceremony-lot-list .lot-commission li').length === 21
    );
    expect(
      await p.page.$$eval('#ceremony-lot-list [data-lot-state]', (xs) =>
        xs.map((x) => x.getAttribute('data-lot-state'))
      )
    ).toEqual(Array.from({ length: 7 }, () => 'closed'));
    expect(await p.page.getAttribute('#draw-state', 'data-phase')).toBe('closed');
    await checkPage(p.page, 'live-demo-ceremony-ru');
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  test('does keep the stage with its lot heading in the overlay', async () => {
    const p = await openPage(browser, `${t.baseUrl}/draws/${id}?overlay=1&lang=ru`);
    // the last thing played: the decline in the second lot and its replacement
    const last = ru['live.ceremony.lotHeading']
      .replace('{k}', '2')
      .replace('{of}', '7')
      .replace('{name}', 'Экология и охрана окружающей среды');
    await p.page.waitForFunction(
      (want) => document.querySelector('#stage-lot')?.textContent === want,
      last
    );
    expect(await p.page.isVisible('#stage-lot')).toBe(true);
    expect(await p.page.isVisible('#ceremony-lots')).toBe(false);
    expect(await p.page.isVisible('#broadcast')).toBe(true);
    await checkPage(p.page, 'overlay-demo-ceremony-ru');
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  test('does verify in the browser on /verify', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=ru&draw=${id}`);
    await p.page.waitForSelector('#verdict[data-result="passed"]', { timeout: 60_000 });
    expect(await p.page.textContent('#verdict .verdict-word')).toBe(ru['verify.verdict.passed']);
    expect(p.problems).toEqual([]);
    await p.context.close();
  });
});
