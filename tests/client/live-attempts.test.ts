/**
 * A lot's attempts on the public live page, in a real browser against the real server: after an
 * announced attempt is cancelled with a reason and a new one opened, the new draw's page lists both
 * attempts with their states and, for the cancelled one, the state it had reached and its reason, in
 * Kazakh, Russian and English; the earlier attempt links to its own page.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer, waitForLang } from '../helpers/browser.js';
import { BEFORE_ROUND, baseDraft, drawApi, driveTo, seedLot } from '../helpers/draws.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;
const REASON = 'конкурсная комиссия отозвала лот';

let browser: Browser;
let t: TestApp;
let first: string;
let second: string;

beforeAll(async () => {
  t = await startPageServer({ now: BEFORE_ROUND, sockets: true });
  const { lotId } = seedLot(t);
  const op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  first = await driveTo(t, op, witness, lotId, 'announced');
  await drawApi(op).cancel(first, REASON).expect(200);
  second = (await drawApi(op).create(lotId, baseDraft()).expect(201)).body.id as string;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("a lot's attempts on the live page", () => {
  test('does serve every attempt with the state a cancelled one reached', async () => {
    const d = (await t.agent.get(`/api/public/draws/${second}`).expect(200)).body;
    expect(d.attempts).toEqual([
      {
        id: first,
        attempt: 1,
        state: 'cancelled',
        cancelReason: REASON,
        cancelledFrom: 'announced',
      },
      { id: second, attempt: 2, state: 'draft', cancelReason: null, cancelledFrom: null },
    ]);
  });

  for (const lang of ['kk', 'ru', 'en'] as const)
    test(`does list both attempts, the cancelled one with its step and reason, in ${lang}`, async () => {
      const m = MESSAGES[lang];
      const { page, problems, context } = await openPage(
        browser,
        `${t.baseUrl}/draws/${second}?lang=${lang}`
      );
      await waitForLang(page, lang);
      await page.waitForSelector('#attempts-list > li:nth-child(2)', { timeout: 10_000 });
      const items = await page
        .locator('#attempts-list > li')
        .evaluateAll((lis) =>
          lis.map((li) => [
            li.getAttribute('data-draw-id'),
            li.getAttribute('data-state'),
            li.textContent,
          ])
        );
      expect(items.map((i) => i.slice(0, 2))).toEqual([
        [first, 'cancelled'],
        [second, 'draft'],
      ]);
      const cancelled = m['attempts.cancelled']
        .replace('{from}', m['draw.state.announced'])
        .replace('{reason}', REASON);
      expect(items[0]![2]).toContain(cancelled);
      expect(items[0]![2]).toContain(m['draw.state.cancelled']);
      expect(items[1]![2]).toContain(m['attempts.thisPage']);
      const href = await page.getAttribute('#attempts-list > li:first-child a', 'href');
      expect(href).toContain(`/draws/${first}`);
      expect(problems).toEqual([]);
      await context.close();
    });
});
