/**
 * The live page's moving parts in a real browser against the real server (issue 17), in Kazakh and
 * Russian: the one state line mid-playback ("live — step k of n", with "live: new steps appear"
 * beside it), the overlay's countdown to the start (ticking with the viewer's clock) and the
 * operator's logo image, served at /operator-logo from OPERATOR_LOGO_FILE and shown with its
 * alternative text. Steps are paced a minute apart by the app's clock (STEP_INTERVAL_MS), which the
 * test moves; the browser's clock is fixed where the countdown needs a known "now".
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer, waitForText } from '../helpers/browser.js';
import { BEFORE_ROUND, ROUND_AT, driveTo, seedLot } from '../helpers/draws.js';
import { runRegionDraw, seedRegionLot } from '../helpers/region-draw.js';
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru } as const;
type Lang = keyof typeof MESSAGES;
const LANGS: Lang[] = ['kk', 'ru'];
const OPERATOR = 'Грант қоры';
const STEP_INTERVAL_MS = 60_000;
const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0a6"/></svg>';

let browser: Browser;
let t: TestApp;
let op: TestSession;
let competitionId: number;
let lotId: number;
let logoDir: string;

beforeAll(async () => {
  logoDir = mkdtempSync(join(tmpdir(), 'adal-logo-'));
  writeFileSync(join(logoDir, 'logo.svg'), LOGO);
  t = await startPageServer({
    sockets: true,
    config: {
      STEP_INTERVAL_MS,
      OPERATOR_NAME: OPERATOR,
      OPERATOR_LOGO_FILE: join(logoDir, 'logo.svg'),
    },
  });
  ({ competitionId, lotId } = seedLot(t));
  op = await t.loginAs('operator');
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (logoDir) rmSync(logoDir, { recursive: true, force: true });
});

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k]));

/** The state line's words and the step it names, once it names one. */
async function stepLine(page: Page, lang: Lang): Promise<{ line: string; k: number; of: number }> {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const template = MESSAGES[lang]['stage.stepOf'];
  const pattern = escape(template).replace('\\{k\\}', '(\\d+)').replace('\\{of\\}', '(\\d+)');
  // the numbers' order is the language's ("{of} қадамның {k}-қадамы" in Kazakh)
  const kFirst = template.indexOf('{k}') < template.indexOf('{of}');
  const handle = await page.waitForFunction(
    ([re, kFirst]) => {
      const line = document.querySelector('#draw-state')?.textContent?.trim() ?? '';
      const m = new RegExp(re).exec(line);
      if (!m) return null;
      const [a, b] = [Number(m[1]), Number(m[2])];
      return { line, k: kFirst ? a : b, of: kFirst ? b : a };
    },
    [pattern, kFirst] as const,
    { timeout: 10_000 }
  );
  return (await handle.jsonValue()) as { line: string; k: number; of: number };
}

describe('the live page while it plays', () => {
  test('does count down to the start on the overlay, every second, beside the operator logo', async () => {
    // announced, with its drand round half an hour ahead of the app's clock (BEFORE_ROUND)
    const id = await driveTo(t, op, await t.loginAs('observer'), lotId, 'announced');
    for (const lang of LANGS) {
      const m = MESSAGES[lang];
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      // the viewer's clock where the app's is: the round is 30:00 away
      await page.clock.setFixedTime(BEFORE_ROUND);
      await page.goto(`${t.baseUrl}/draws/${id}?overlay=1&lang=${lang}`);
      await waitForText(page, '#draw-state .badge', m['draw.state.announced']);
      const countdown = (left: string) => fill(m['broadcast.countdown'], { time: left });
      await waitForText(page, '#broadcast-start .countdown', countdown('30:00'));
      expect(await page.locator('#broadcast-start time').getAttribute('datetime')).toBe(
        ROUND_AT.toISOString()
      );
      // a minute and a second later by the viewer's clock: the page's own timer re-renders it
      await page.clock.setFixedTime(BEFORE_ROUND.getTime() + 61_000);
      await waitForText(page, '#broadcast-start .countdown', countdown('28:59'));

      const logo = page.locator('#broadcast-operator img');
      expect(await logo.getAttribute('src')).toBe('/operator-logo');
      expect(await logo.getAttribute('alt')).toBe(
        fill(m['broadcast.operatorLogo'], { name: OPERATOR })
      );
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('#broadcast-operator img');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      const box = await logo.boundingBox();
      expect(box && box.width > 0 && box.y + box.height <= 720).toBe(true);
      expect(await page.locator('#broadcast-operator span').textContent()).toBe(OPERATOR);
      await context.close();
    }
    const served = await t.agent.get('/operator-logo').expect(200);
    expect(served.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  test('does say "live, step k of n" while the steps play, and no "live" line once it is over', async () => {
    const drawId = await runRegionDraw(t, op, seedRegionLot(t, competitionId));
    const detail = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
    const walk = detail.steps.filter((s) => s.phase !== 'replacement').length;
    const pages = await Promise.all(
      LANGS.map(async (lang) => {
        const p = await openPage(browser, `${t.baseUrl}/draws/${drawId}?lang=${lang}`);
        const m = MESSAGES[lang];
        // the seed is shown; no step is due yet (the first a minute after the run)
        await waitForText(p.page, '#draw-state .badge', m['live.phase.live']);
        expect(await p.page.locator('#draw-state').textContent()).toBe(
          `${m['draw.stateLabel']}: ${m['live.phase.live']} ${m['stage.seedShown']}`
        );
        return { lang, ...p };
      })
    );
    t.clock.advance(STEP_INTERVAL_MS + 1000);
    for (const { lang, page } of pages) {
      const m = MESSAGES[lang];
      const { line, k, of } = await stepLine(page, lang);
      expect([k, of]).toEqual([1, walk]);
      expect(k).toBeLessThan(of);
      expect(line).toBe(
        `${m['draw.stateLabel']}: ${m['live.phase.live']} ${fill(m['stage.stepOf'], { k, of })}`
      );
      expect(await page.locator('#draw-connection').textContent()).toBe(m['live.connection.live']);
      // not "drawn" while it plays, although the server recorded it long ago
      expect(line).not.toContain(m['draw.state.drawn']);
    }
    // step 2 is due a minute after step 1, or two when step 1 was a skip (held longer)
    t.clock.advance(2 * STEP_INTERVAL_MS);
    for (const { lang, page } of pages) {
      const { k, of } = await waitStep(page, lang, 2);
      expect([k >= 2, of]).toEqual([true, walk]);
    }
    t.clock.advance(3_600_000);
    for (const { lang, page, context } of pages) {
      await waitForText(page, '#draw-state .badge', MESSAGES[lang]['draw.state.closed']);
      expect(await page.locator('#draw-connection').textContent()).toBe('');
      await context.close();
    }
  });
});

/** Waits until the state line names step `k` or later. */
async function waitStep(page: Page, lang: Lang, k: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const s = await stepLine(page, lang);
    if (s.k >= k || Date.now() > deadline) return s;
    await page.waitForTimeout(100);
  }
}
