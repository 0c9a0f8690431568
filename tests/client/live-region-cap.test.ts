/**
 * A protocol version 2 draw with a region cap on the public live page, in a real browser against the
 * real server (tests/helpers/region-draw.ts drives it through the operator API): the rules show the
 * region limit beside the organization limit, and each REGION_LIMIT skip reads its reason and the
 * region at its limit in Kazakh, Russian and English — the words of the shared catalogue, the
 * region's name from shared/regions.ts, the numbers from the recorded step.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import { regionByCode } from '../../shared/regions.js';
import type { TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  openPage,
  seriousAxeViolations,
  startPageServer,
  waitForLang,
  waitForText,
} from '../helpers/browser.js';
import { seedLot } from '../helpers/draws.js';
import { runRegionDraw, seedRegionLot } from '../helpers/region-draw.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;

let browser: Browser;
let t: TestApp;
let drawId: string;
let detail: PublicDrawDetail;

beforeAll(async () => {
  t = await startPageServer({ sockets: true, config: { STEP_INTERVAL_MS: 10 } });
  const { competitionId } = seedLot(t);
  const op = await t.loginAs('operator');
  drawId = await runRegionDraw(t, op, seedRegionLot(t, competitionId));
  detail = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
  // the live feed paces steps by the app's clock: an hour later every one is due
  t.clock.advance(3_600_000);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('a draw with a region cap on the live page', () => {
  test('does record REGION_LIMIT skips in a version 2 spec', () => {
    expect([detail.spec?.version, detail.spec?.perRegionMax]).toEqual([2, 1]);
    expect(detail.steps.filter((s) => s.rule === 'REGION_LIMIT').length).toBeGreaterThan(0);
  });

  for (const lang of ['kk', 'ru', 'en'] as const)
    test(`does show the region limit and say why each REGION_LIMIT skip happened, in ${lang}`, async () => {
      const m = MESSAGES[lang];
      const p = await openPage(browser, `${t.baseUrl}/draws/${drawId}?lang=${lang}`);
      const { page } = p;
      await waitForLang(page, lang);
      // a late viewer catches up with the whole ceremony at once
      await page.waitForSelector('#draw-steps > li[data-kind="draw.closed"]', { timeout: 30_000 });
      await waitForText(page, '#draw-state .badge', m['draw.state.closed']);

      const facts = await page
        .locator('#rules-facts dt')
        .evaluateAll((dts) =>
          dts.map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])
        );
      expect(facts).toEqual(
        expect.arrayContaining([
          [m['rules.perOrganizationMax'], '1'],
          [m['rules.perRegionMax'], '1'],
        ])
      );

      const skips = detail.steps.filter((s) => s.rule === 'REGION_LIMIT');
      const shown = await page
        .locator('#draw-steps > li[data-rule="REGION_LIMIT"]')
        .evaluateAll((lis) =>
          lis.map((li) => ({
            n: Number((li as HTMLElement).dataset['stepN']),
            text: li.querySelector('.step-text')!.textContent!,
            details: [...li.querySelectorAll('.step-details li')].map((d) => d.textContent),
          }))
        );
      expect(shown.map((s) => s.n)).toEqual(skips.map((s) => s.n));
      for (const [i, s] of skips.entries()) {
        const item = s.detail!.regions![0]!;
        const r = regionByCode(item.region)!;
        const name = { kk: r.nameKk, ru: r.nameRu, en: r.nameEn }[lang];
        expect(shown[i]!.text).toContain(m['step.rule.REGION_LIMIT']);
        expect(shown[i]!.details).toEqual([
          m['step.detail.regionFull']
            .replace('{region}', name)
            .replace('{count}', String(item.count))
            .replace('{max}', String(item.max)),
        ]);
      }
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(p.problems).toEqual([]);
      await p.context.close();
    }, 60_000);
});
