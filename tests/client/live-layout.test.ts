/**
 * The public live page as the public watches it (issue 17), in a real browser against the real server,
 * on a finished draw without drand (tests/helpers/region-draw.ts: one witness and a public source), in
 * Kazakh, Russian and English:
 *  - on a 390×844 phone: no fact value narrower than 120 px, the long tables folded behind their
 *    count, "commission formed" and every member's name on the first screen, one state line (closed)
 *    and no "live: new steps appear", no drand wording for a draw without drand;
 *  - as a stream overlay at 1280×720 and 1920×1080 in each layout (full, lower third, side panel): the
 *    overlay ends inside the frame, every member's seat is in the frame, the verify QR is on screen
 *    with the operator's name (OPERATOR_NAME);
 *  - axe-core finds no serious violation; screenshots of each go to test-artifacts/client/.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from '../helpers/app.js';
import {
  ARTIFACTS_DIR,
  VIEWPORTS,
  launchBrowser,
  openPage,
  saveScreenshot,
  seriousAxeViolations,
  startPageServer,
  waitForText,
} from '../helpers/browser.js';
import { seedLot } from '../helpers/draws.js';
import { runRegionDraw, seedRegionLot } from '../helpers/region-draw.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;
const OPERATOR = 'Grant Fund of Kazakhstan';
const STREAMS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
const LAYOUTS = ['full', 'lower', 'side'] as const;

let browser: Browser;
let t: TestApp;
let drawId: string;

beforeAll(async () => {
  t = await startPageServer({
    sockets: true,
    config: { STEP_INTERVAL_MS: 10, OPERATOR_NAME: OPERATOR },
  });
  const { competitionId } = seedLot(t);
  const op = await t.loginAs('operator');
  drawId = await runRegionDraw(t, op, seedRegionLot(t, competitionId));
  // the live feed paces steps by the app's clock: an hour later every one is due
  t.clock.advance(3_600_000);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Boxes of every element matching `selector` that is rendered (width and height above 0). */
function boxes(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((els) =>
    els
      .map((el) => {
        const r = el.getBoundingClientRect();
        return {
          text: (el.textContent ?? '').trim(),
          width: r.width,
          bottom: r.bottom,
          right: r.right,
        };
      })
      .filter((b) => b.width > 0)
  );
}

async function closedPage(
  lang: keyof typeof MESSAGES,
  query: string,
  viewport: { width: number; height: number }
) {
  const p = await openPage(browser, `${t.baseUrl}/draws/${drawId}?lang=${lang}${query}`, {
    viewport,
  });
  await waitForText(p.page, '#draw-state .badge', MESSAGES[lang]['draw.state.closed']);
  await waitForText(p.page, '#stage-status', MESSAGES[lang]['stage.formed']);
  return p;
}

describe('the live page on a phone', () => {
  for (const lang of ['kk', 'ru', 'en'] as const)
    test(`does stack facts, fold long tables and show the commission first, in ${lang}`, async () => {
      const m = MESSAGES[lang];
      const { page, context, problems } = await closedPage(lang, '', VIEWPORTS.phone);
      // every fact value gets at least 120 px (seeds, quotas and hashes no longer wrap a letter a line)
      const values = await boxes(page, '.facts dd');
      expect(values.length).toBeGreaterThan(10);
      expect(values.filter((v) => v.width < 120)).toEqual([]);
      // long tables folded behind their count
      expect(await page.locator('#pool-table').isVisible()).toBe(false);
      expect(await page.locator('#fairness-table').isVisible()).toBe(false);
      expect(await page.locator('#pool-fold summary').isVisible()).toBe(true);
      // at the end, the first screen shows "commission formed" and every member by name
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect((await page.locator('.stage-formed').textContent())?.trim()).toBe(
        m['stage.formedHeading']
      );
      const seats = await boxes(page, '#stage-commission .seat');
      expect(seats.length).toBeGreaterThan(0);
      expect(seats.filter((s) => s.bottom > VIEWPORTS.phone.height)).toEqual([]);
      // one state line; nothing says "live" on a finished draw
      expect(await page.locator('#draw-state').getAttribute('data-phase')).toBe('closed');
      expect((await page.locator('#draw-connection').textContent())?.trim()).toBe('');
      // no drand wording for a draw without drand
      const method = (await page.locator('#rules-facts').textContent())!;
      expect(method).not.toContain('drand');
      expect((await page.locator('#beacon-intro').textContent())?.trim()).toBe(
        m['beacon.intro.noDrand']
      );
      expect(await page.locator('#beacon-verdict').count()).toBe(0);
      // search opens a fold and finds the row
      const third = await page.locator('#fairness-body tr').nth(2).getAttribute('data-registry-no');
      await page.fill('#fairness-search', third!);
      expect(await page.locator('#fairness-fold').getAttribute('open')).not.toBeNull();
      expect(await page.locator('#fairness-body tr:not([hidden])').count()).toBe(1);
      await page.fill('#fairness-search', '');
      await saveScreenshot(page, `live-phone-${lang}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }, 60_000);
});

describe('the broadcast overlay', () => {
  for (const lang of ['kk', 'ru', 'en'] as const)
    for (const size of STREAMS)
      test(`does fit ${size.width}×${size.height} in every layout, with the commission and a verify QR, in ${lang}`, async () => {
        const m = MESSAGES[lang];
        for (const layout of LAYOUTS) {
          const { page, context, problems } = await closedPage(
            lang,
            `&overlay=1&layout=${layout}`,
            size
          );
          await page.locator('#broadcast-qr-code svg').waitFor();
          const [view] = await boxes(page, '#draw-view');
          expect([layout, view!.bottom <= size.height, view!.right <= size.width]).toEqual([
            layout,
            true,
            true,
          ]);
          const seats = await boxes(page, '#stage-commission .seat');
          expect(seats.length).toBeGreaterThan(0);
          // inside the overlay's box (which clips), and so inside the frame
          const inside = seats.filter((s) => s.bottom > view!.bottom || s.right > view!.right);
          expect([layout, inside]).toEqual([layout, []]);
          const [qr] = await boxes(page, '#broadcast-qr-code svg');
          expect([layout, qr!.bottom <= view!.bottom]).toEqual([layout, true]);
          expect((await page.locator('#broadcast-next').textContent())?.trim()).toBe(
            m['broadcast.next.over']
          );
          if (layout !== 'lower')
            expect((await page.locator('#broadcast-operator').textContent())?.trim()).toBe(
              OPERATOR
            );
          mkdirSync(ARTIFACTS_DIR, { recursive: true });
          await page.screenshot({
            path: join(
              ARTIFACTS_DIR,
              `live-overlay-${layout}-${size.width}x${size.height}-${lang}.png`
            ),
            omitBackground: true,
          });
          if (layout === 'full') expect(await seriousAxeViolations(page)).toEqual([]);
          expect(problems).toEqual([]);
          await context.close();
        }
      }, 90_000);
});
