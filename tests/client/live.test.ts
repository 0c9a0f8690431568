/**
 * The public live page in a real browser against the real server: default language from the browser,
 * the language switch (remembered), screenshots per language at phone and desktop widths, axe-core,
 * the embed and overlay modes, and the single-draw view's reserved live region.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DrawSummary } from '../../shared/api/draws.js';
import type { TestApp, TestSession } from '../helpers/app.js';
import {
  ARTIFACTS_DIR,
  VIEWPORTS,
  launchBrowser,
  openPage,
  saveScreenshot,
  serveFramingPage,
  seriousAxeViolations,
  startPageServer,
  waitForLang,
  waitForText,
} from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { driveTo, seedLot } from '../helpers/draws.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;
const LOCALE_OF = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-US' } as const;

/**
 * Chromium logs every non-2xx fetch: the public draw endpoints answer 404 for a missing draw (or
 * route, before the lifecycle lands) and 400 for an address that holds no draw id. Every other
 * console error still fails the test.
 */
function unexpected(problems: string[]): string[] {
  return problems.filter((p) => !(/status of 40[04]/.test(p) && p.includes('/api/public/draws')));
}

let browser: Browser;
let t: TestApp;

beforeAll(async () => {
  t = await startPageServer({ sockets: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('live page languages', () => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    test(`does open in ${lang} when the browser prefers ${LOCALE_OF[lang]}`, async () => {
      const m = MESSAGES[lang];
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const p = await openPage(browser, `${t.baseUrl}/`, { locale: LOCALE_OF[lang], viewport });
        const { page } = p;
        await waitForLang(page, lang);
        await waitForText(page, '#past-empty', m['live.empty.past']);
        await waitForText(page, '#upcoming-empty', m['live.empty.upcoming']);
        await waitForText(page, '#list-heading', m['live.heading']);
        await waitForText(page, '.site-footer p', m['footer.text']);
        expect(await page.title()).toBe(m['live.docTitle']);
        const pressed = page.locator('.lang-switcher button[aria-pressed="true"]');
        expect(await pressed.getAttribute('data-lang')).toBe(lang);
        await saveScreenshot(page, `live-${lang}-${size}`);
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(unexpected(p.problems)).toEqual([]);
        await p.context.close();
      }
    });
  }

  test('does fall back to Russian when the browser prefers none of the three', async () => {
    const p = await openPage(browser, `${t.baseUrl}/`, { locale: 'de-DE' });
    await waitForLang(p.page, 'ru');
    await waitForText(p.page, '#list-heading', ru['live.heading']);
    await p.context.close();
  });

  test('does switch language with the switcher and remember the choice', async () => {
    const p = await openPage(browser, `${t.baseUrl}/`, { locale: 'ru-RU' });
    const { page } = p;
    await waitForText(page, '#past-empty', ru['live.empty.past']);
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await waitForLang(page, 'kk');
    await waitForText(page, '#list-heading', kk['live.heading']);
    await waitForText(page, '#past-empty', kk['live.empty.past']);
    expect(await page.locator('nav.site-nav').getAttribute('aria-label')).toBe(kk['nav.label']);
    expect(await page.title()).toBe(kk['live.docTitle']);
    await page.getByRole('button', { name: 'English' }).click();
    await waitForText(page, '#past-empty', en['live.empty.past']);
    await page.reload();
    await waitForLang(page, 'en');
    await waitForText(page, '#list-heading', en['live.heading']);
    expect(
      await page.locator('.lang-switcher button[data-lang="en"]').getAttribute('aria-pressed')
    ).toBe('true');
    expect(await page.evaluate(() => localStorage.getItem('adal.lang'))).toBe('en');
    expect(unexpected(p.problems)).toEqual([]);
    await p.context.close();
  });

  test('does reach the skip link and the switcher from the keyboard, with a visible focus', async () => {
    const p = await openPage(browser, `${t.baseUrl}/`, { locale: 'en-US' });
    const { page } = p;
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.className ?? '');
    expect(await focused()).toBe('skip-link chrome');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return [s.outlineStyle, s.outlineWidth];
    });
    expect(ring).toEqual(['solid', '3px']);
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(`${t.baseUrl}/#main`);
    // skip link → brand → three nav links → first language button
    await page.locator('.brand').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-lang'))).toBe('kk');
    await page.keyboard.press('Enter');
    await waitForLang(page, 'kk');
    await p.context.close();
  });
});

describe('dark colour scheme', () => {
  test('does keep every page free of serious axe violations', async () => {
    for (const path of ['/?lang=kk', '/verify?lang=ru', '/console?lang=en']) {
      const p = await openPage(browser, `${t.baseUrl}${path}`, { colorScheme: 'dark' });
      await p.page.waitForFunction(() => document.querySelector('.status, #checks-note'));
      await p.page.waitForLoadState('networkidle');
      const bg = await p.page.evaluate(
        () => getComputedStyle(document.documentElement).backgroundColor
      );
      expect([path, bg]).toEqual([path, 'rgb(18, 18, 18)']);
      await saveScreenshot(p.page, `dark-${path.slice(1).split('?')[0] || 'live'}`);
      expect([path, await seriousAxeViolations(p.page)]).toEqual([path, []]);
      await p.context.close();
    }
  });
});

describe('draw list', () => {
  /**
   * Real draws created through the operator's and witness's API on their own server (the other tests
   * here expect an empty list): one closed (its beacon from a local drand relay serving a recorded
   * round), one announced, one cancelled; then one more announced while the page is open, which the
   * list must show without a reload (draws:subscribe on the live namespace).
   */
  let app: TestApp;
  let relay: TestDrandRelay;
  let op: TestSession;
  let witness: TestSession;
  let lots: number[];

  beforeAll(async () => {
    relay = await startDrandRelay();
    app = await startPageServer({ sockets: true, config: { DRAND_URL: relay.url } });
    lots = seedLot(app, 4).lotIds;
    op = await app.loginAs('operator');
    witness = await app.loginAs('observer');
    await driveTo(app, op, witness, lots[0]!, 'closed');
    await driveTo(app, op, witness, lots[1]!, 'announced');
    await driveTo(app, op, witness, lots[2]!, 'cancelled');
  });

  afterAll(async () => {
    await app?.close();
    await relay?.close();
  });

  const items = (page: Page, list: string) =>
    page
      .locator(`#${list} li`)
      .evaluateAll((lis) =>
        lis.map((li) => [
          li.getAttribute('data-draw-id'),
          li.querySelector('a')!.textContent,
          li.querySelector('a')!.getAttribute('href'),
          li.querySelector('.badge')!.textContent,
          li.querySelector('time')?.getAttribute('datetime') ?? null,
        ])
      );

  test('does group real draws into upcoming and past, with titles, states and times per language', async () => {
    const draws = DrawSummary.array().parse((await app.agent.get('/api/public/draws')).body);
    expect(draws.map((d) => d.state).sort()).toEqual(['announced', 'cancelled', 'closed']);
    const row = (d: DrawSummary, lang: 'kk' | 'ru', open: boolean) => [
      d.id,
      lang === 'kk' ? d.lotTitleKk : d.lotTitleRu,
      `/draws/${d.id}?embed=1`,
      (lang === 'kk' ? kk : ru)[`draw.state.${d.state}`],
      open ? d.beaconAt : null,
    ];
    const p = await openPage(browser, `${app.baseUrl}/?embed=1`, { locale: 'kk-KZ' });
    const { page } = p;
    await waitForText(page, '#list-status', '3 жеребе');
    const upcoming = draws.filter((d) => d.state === 'announced');
    const past = draws.filter((d) => d.state !== 'announced');
    expect(await items(page, 'upcoming-list')).toEqual(upcoming.map((d) => row(d, 'kk', true)));
    expect(await items(page, 'past-list')).toEqual(past.map((d) => row(d, 'kk', false)));
    expect(await page.locator('#upcoming-empty').isVisible()).toBe(false);
    expect(await page.locator('#upcoming-list time').textContent()).toMatch(
      /^Жеребе уақыты: .*2023/
    );
    // Each draw names its id, competition and announcement time, in Kazakhstan time (zone named).
    const kzClock = (iso: string) => new Date(Date.parse(iso) + 5 * 3600_000).toISOString();
    const announced = draws.filter((d) => d.announcedAt !== null);
    expect(announced.length).toBeGreaterThanOrEqual(2);
    for (const d of announced) {
      const meta = await page.locator(`li[data-draw-id="${d.id}"] .draw-meta`).textContent();
      expect(meta).toContain(`Жеребе ${d.id}`);
      expect(meta).toContain(`байқау ${d.competitionCode}`);
      expect(meta).toContain(`${kzClock(d.announcedAt!).slice(11, 16)} (Қазақстан уақыты, UTC+5)`);
    }
    await saveScreenshot(page, 'live-list-kk');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.evaluate(() =>
      document.querySelector<HTMLButtonElement>('[data-lang="ru"]')!.click()
    );
    await waitForText(page, '#list-status', '3 жеребьёвки');
    expect(await items(page, 'past-list')).toEqual(past.map((d) => row(d, 'ru', false)));
    await page.evaluate(() =>
      document.querySelector<HTMLButtonElement>('[data-lang="en"]')!.click()
    );
    await waitForText(page, '#list-status', '3 draws');
    await waitForText(page, '#upcoming-list .badge', en['draw.state.announced']);
    expect(p.problems).toEqual([]);
    await p.context.close();
  });

  test('does show a draw announced while the list is open, without a reload', async () => {
    const p = await openPage(browser, `${app.baseUrl}/?lang=en`);
    const { page } = p;
    await waitForText(page, '#list-status', '3 draws');
    const id = await driveTo(app, op, witness, lots[3]!, 'announced');
    await page.waitForSelector(`#upcoming-list li[data-draw-id="${id}"] .badge`);
    await waitForText(
      page,
      `#upcoming-list li[data-draw-id="${id}"] .badge`,
      en['draw.state.announced']
    );
    await waitForText(page, '#list-status', '4 draws');
    expect(p.problems).toEqual([]);
    await p.context.close();
  });
});

describe('display modes', () => {
  test('does hide the page chrome in embed mode and keep the mode on links', async () => {
    const p = await openPage(browser, `${t.baseUrl}/?embed=1&lang=kk`, {
      viewport: { width: 600, height: 500 },
    });
    const { page } = p;
    await waitForLang(page, 'kk');
    expect(await page.getAttribute('html', 'class')).toContain('mode-embed');
    await waitForText(page, '#past-empty', kk['live.empty.past']);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.site-footer').isVisible()).toBe(false);
    expect(await page.locator('#list-heading').isVisible()).toBe(true);
    await saveScreenshot(page, 'live-embed-kk');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(unexpected(p.problems)).toEqual([]);
    await p.context.close();
  });

  test('does render inside an iframe of another page (embed)', async () => {
    const host = await serveFramingPage(`${t.baseUrl}/?embed=1&lang=ru`);
    const p = await openPage(browser, host.url);
    const frame = p.page.frames().find((f) => f !== p.page.mainFrame());
    expect(frame).toBeDefined();
    await waitForText(frame!, '#list-heading', ru['live.heading']);
    await waitForText(frame!, '#past-empty', ru['live.empty.past']);
    expect(unexpected(p.problems)).toEqual([]);
    await p.context.close();
    await host.close();
  });

  test('does make the page transparent with large type in overlay mode', async () => {
    const h1Size = (page: import('playwright-core').Page) =>
      page.locator('#list-heading').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await openPage(browser, `${t.baseUrl}/?lang=en`);
    const normalSize = await h1Size(normal.page);
    await normal.context.close();

    const p = await openPage(browser, `${t.baseUrl}/?overlay=1&lang=en`, {
      viewport: { width: 1920, height: 1080 },
    });
    const { page } = p;
    expect(await page.getAttribute('html', 'class')).toContain('mode-overlay');
    await waitForText(page, '#past-empty', en['live.empty.past']);
    const bg = await page.evaluate(() => [
      getComputedStyle(document.documentElement).backgroundColor,
      getComputedStyle(document.body).backgroundColor,
    ]);
    expect(bg).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await h1Size(page)).toBeGreaterThan(normalSize * 1.3);
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'live-overlay-en.png'),
      omitBackground: true,
    });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(unexpected(p.problems)).toEqual([]);
    await p.context.close();
  });
});

describe('draw view', () => {
  test('when the draw does not exist, does say so and keep the live region for steps', async () => {
    const p = await openPage(browser, `${t.baseUrl}/draws/D-2026-9999?lang=ru`);
    const { page } = p;
    await waitForText(page, '#draw-status', ru['draw.notFound']);
    expect(await page.locator('#list-view').isVisible()).toBe(false);
    expect(await page.locator('#draw-heading').textContent()).toBe('#D-2026-9999');
    expect(await page.locator('#draw-steps').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#draw-back').getAttribute('href')).toBe('/?lang=ru');
    await page.getByRole('button', { name: 'English' }).click();
    await waitForText(page, '#draw-status', en['draw.notFound']);
    await waitForText(page, '#steps-waiting', en['draw.steps.waiting']);
    expect(page.url()).toBe(`${t.baseUrl}/draws/D-2026-9999?lang=en`);
    expect(await page.locator('#draw-back').getAttribute('href')).toBe('/?lang=en');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(unexpected(p.problems)).toEqual([]);
    await p.context.close();
  });

  test('when the address holds no draw id, does say there is no such draw', async () => {
    const p = await openPage(browser, `${t.baseUrl}/draws/42?lang=kk`);
    await waitForText(p.page, '#draw-status', kk['draw.notFound']);
    await p.context.close();
  });
});
