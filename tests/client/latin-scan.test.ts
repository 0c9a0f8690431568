/**
 * Issue 17's scan: a Kazakh or Russian reader never meets an English word or an internal code in
 * the public pages of real draws (the list, each draw's live page — drand, RFC 3797 and cancelled —
 * and the find page for a registry number) nor in their PDF protocols: the rendered text is scanned
 * for Latin-only words outside the allow-list of proper names, codes, hashes and units
 * (tests/helpers/latin-words.ts); excluded experts are named from the public registry. The verify page and `adal verify` are scanned by their own tests
 * (verify-verdict.test.ts, verify-lang-cli.test.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { ensureClientBuilt, launchBrowser, openPage } from '../helpers/browser.js';
import { latinWords, pageText } from '../helpers/latin-words.js';
import { runVerifiedDraws, type VerifiedDraws } from '../helpers/verified-draws.js';
import { readPdf, binary } from '../server/protocol/pdf-reader.js';

/**
 * People's own words are shown as written, in whatever language they wrote: the operator's cancel
 * reason, the test accounts' display names (witnesses are named by their accounts) and the role the
 * test registry entry gives an expert at the applicant («head»), and the public sources the operator
 * named and described (their ids are the seed input's, as the operator chose them).
 */
const dataText = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/the lot was withdrawn by the competition board/gi, '')
    .replace(/Test observer \d*/g, '')
    .replaceAll('«head»', '')
    .replace('KASE index close', '')
    .replace(/\b(lotto|stock)\b/g, '');

let browser: Browser;
let d: VerifiedDraws;
beforeAll(async () => {
  ensureClientBuilt();
  // with the live socket, so a live page plays its draw before it is scanned
  d = await runVerifiedDraws({ sockets: true });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await d?.close();
});

describe('no English for a Kazakh or Russian reader', () => {
  for (const lang of ['kk', 'ru'] as const) {
    test(`in the public pages (${lang})`, async () => {
      const pages = [
        '/',
        ...Object.values(d.ids).map((id) => `/draws/${id}`),
        '/find?no=R-0001',
        '/find',
      ];
      const found: [string, string[]][] = [];
      for (const path of pages) {
        const p = await openPage(
          browser,
          `${d.t.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`
        );
        // every page shows its data after a fetch (and a live page its finished playback)
        await p.page.waitForLoadState('networkidle');
        await p.page.waitForTimeout(500);
        const text = dataText(await pageText(p.page));
        found.push([path, latinWords(text)]);
        await p.context.close();
      }
      expect(found).toEqual(pages.map((path) => [path, []]));
    }, 120_000);

    test(`in the PDF protocols (${lang})`, async () => {
      for (const id of Object.values(d.ids)) {
        const res = await d.t.agent
          .get(`/api/public/draws/${id}/protocol.pdf?lang=${lang}`)
          .buffer(true)
          .parse(binary)
          .expect(200);
        const words = dataText(readPdf(res.body as Buffer).words);
        expect([id, latinWords(words)]).toEqual([id, []]);
      }
    }, 60_000);
  }

  test('does name each excluded expert from the public registry, in the API, the PDF and the live page', async () => {
    const draw = (await d.t.agent.get(`/api/public/draws/${d.ids.adal}`).expect(200)).body as {
      exclusions: { registryNo: string }[];
      excludedNames: Record<string, { kk: string; ru: string }>;
    };
    expect(draw.exclusions.map((x) => x.registryNo)).toContain('R-0005');
    expect(draw.excludedNames['R-0005']).toEqual({
      kk: 'Сәрсенов Ерлан 5',
      ru: 'Сарсенов Ерлан 5',
    });
    for (const lang of ['kk', 'ru'] as const) {
      const res = await d.t.agent
        .get(`/api/public/draws/${d.ids.adal}/protocol.pdf?lang=${lang}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(readPdf(res.body as Buffer).words).toContain(
        `R-0005 — ${draw.excludedNames['R-0005']![lang]}`
      );
      // and the live page's exclusion list, beside the registry number
      const p = await openPage(browser, `${d.t.baseUrl}/draws/${d.ids.adal}?lang=${lang}`);
      const item = p.page.locator('#exclusions-list li[data-registry-no="R-0005"]');
      await item.waitFor({ state: 'attached' });
      expect(await item.textContent()).toContain(
        `R-0005 ${draw.excludedNames['R-0005']![lang]} — `
      );
      await p.context.close();
    }
  }, 90_000);
});
