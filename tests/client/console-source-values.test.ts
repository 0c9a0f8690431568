/**
 * Public-source values typed as published, in a real browser (issue 16): "7 14 21 33 38 45",
 * "7, 14, 21" and "7;14;21" each become a number list (console → server → stored → printed), the
 * preview under each field shows exactly what will be hashed, and a value that cannot be a source is
 * named in the UI language and never posted (no schema message of the API reaches the operator).
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  baseDraft,
  drawApi,
  driveTo,
  seedLot,
} from '../helpers/draws.js';
import { openConsole, textOf, unexpected } from './console-helpers.js';
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

jest.setTimeout(120_000);

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let op: TestSession;
let lotId: number;

const TYPED = {
  'lotto-a': {
    typed: '7 14 21 33 38 45',
    list: [7, 14, 21, 33, 38, 45],
    hashed: '7.14.21.33.38.45./',
  },
  'lotto-b': { typed: '7, 14, 21', list: [7, 14, 21], hashed: '7.14.21./' },
  'lotto-c': { typed: '7;14;21', list: [7, 14, 21], hashed: '7.14.21./' },
} as const;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url }, sockets: true });
  browser = await launchBrowser();
  lotId = seedLot(t).lotId;
  op = await t.loginAs('operator');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

describe('public-source values in the console', () => {
  test('does turn each way of typing numbers into the same number list, stored and printed', async () => {
    const draft = baseDraft();
    draft.entropy = {
      ...draft.entropy!,
      publicSources: Object.keys(TYPED).map((id) => ({
        id,
        description: `Лото, тираж ${id}`,
        // dated after the announcement (docs/PROTOCOL.md §Unpredictable by construction)
        date: '2023-08-24',
        time: '20:00',
      })),
    };
    const id = await driveTo(t, op, await t.loginAs('observer'), lotId, 'reveals_closed', draft);
    t.clock.set(AFTER_ROUND);
    await drawApi(op).fetchBeacon(id).expect(200);
    t.clock.set(new Date('2023-08-24T15:00:00Z')); // the sources' date and time have come
    // a day later the operator signs in again (sessions expire after 2 h idle)
    op = await t.loginAs('operator', { username: op.user.username, password: op.password });

    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      `/draws/${id}`
    );
    await page.locator('#source-lotto-a').waitFor();
    // a value that cannot be a source: named in Russian under its field, nothing posted
    await page.fill('#source-lotto-a', 'Қайрат 2-1 Астана');
    expect(await textOf(page, '#source-lotto-a-preview')).toBe(
      ru['console.sources.error.notAscii']
    );
    await page.click('#sources-post');
    expect(await textOf(page, '#source-lotto-a-error')).toBe(ru['console.sources.error.notAscii']);
    expect((await drawApi(op).get(id).expect(200)).body.publicSources).toEqual([]);

    for (const [source, x] of Object.entries(TYPED)) {
      await page.fill(`#source-${source}`, x.typed);
      expect(await textOf(page, `#source-${source}-preview`)).toContain(x.hashed);
    }
    expect(await textOf(page, '#source-lotto-b-preview')).toBe(
      `Список из 3 чисел. Будет хешировано: 7.14.21./`
    );
    await page.click('#sources-post');
    await page.waitForFunction(
      async (draw) =>
        (await (await fetch(`/api/draws/${draw}`)).json()).state === 'beacon_received',
      id
    );
    const stored = (await drawApi(op).get(id).expect(200)).body as {
      publicSources: { id: string; value: unknown }[];
    };
    expect(stored.publicSources).toEqual(
      Object.entries(TYPED).map(([source, x]) => ({ id: source, value: x.list }))
    );

    const drawn = (await drawApi(op).run(id).expect(200)).body as {
      seedInput: { publicSources: { id: string; text: string }[] };
    };
    expect(drawn.seedInput.publicSources).toEqual(
      Object.entries(TYPED).map(([source, x]) => ({ id: source, text: x.hashed }))
    );
    await page.goto(`${t.baseUrl}/console/draws/${id}/protocol?lang=ru`);
    const seedSection = await textOf(page, '#p-seed');
    for (const [source, x] of Object.entries(TYPED))
      expect(seedSection).toContain(`${source}: ${x.hashed}`);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
