/**
 * Dated public sources in the console (docs/PROTOCOL.md §Unpredictable by construction), in a real
 * browser against the real server: the operator adds a public source with its date and time to a
 * draft, saves it, and the draft holds them; the draw then announces (a version 2 spec), while the
 * same source without a date is refused naming its date field.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer } from '../helpers/browser.js';
import {
  BEFORE_ROUND,
  COMMITMENT,
  baseDraft,
  drawApi,
  seedLot,
  witnessApi,
} from '../helpers/draws.js';
import { openConsole } from './console-helpers.js';
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

jest.setTimeout(120_000);

let browser: Browser;
let t: TestApp;
let op: TestSession;
let lotIds: number[];

beforeAll(async () => {
  t = await startPageServer({ now: BEFORE_ROUND, sockets: true });
  browser = await launchBrowser();
  lotIds = seedLot(t, 2).lotIds;
  op = await t.loginAs('operator');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('public sources in the draft form', () => {
  test('does save a source with its date and time, and the draw announces', async () => {
    const witness = await t.loginAs('observer');
    const api = drawApi(op);
    const id = (await api.create(lotIds[0]!, baseDraft()).expect(201)).body.id as string;
    await api.invite(id, witness.user.username).expect(201);
    const { page, context } = await openConsole(browser, t, op.user.username, `/draws/${id}`);
    await page.locator('#draft-part').waitFor();
    await page.click('#d-sources-add');
    await page.fill('#d-sources-0-id', 'lotto');
    await page.fill('#d-sources-0-description', 'Лото 6 из 49');
    await page.fill('#d-sources-0-date', '2023-08-24');
    await page.fill('#d-sources-0-time', '20:30');
    await page.click('#draft-save');
    await page.waitForFunction(
      (want) => document.querySelector('#draw-flash')?.textContent === want,
      ru['console.draft.saved']
    );
    const draft = (await api.get(id).expect(200)).body.draft;
    expect(draft.entropy.publicSources).toEqual([
      { id: 'lotto', description: 'Лото 6 из 49', date: '2023-08-24', time: '20:30' },
    ]);
    await witnessApi(witness).commit(id, COMMITMENT).expect(200);
    const announced = (await api.announce(id).expect(200)).body;
    expect(announced.spec.version).toBe(2);
    await context.close();
  });

  test('when the source has no date, the announcement names the field', async () => {
    const api = drawApi(op);
    const d = baseDraft();
    const id = (
      await api
        .create(lotIds[1]!, {
          ...d,
          entropy: { ...d.entropy!, publicSources: [{ id: 'lotto', description: 'Лото' }] },
        })
        .expect(201)
    ).body.id as string;
    const res = await api.announce(id).expect(400);
    expect(res.body.error.code).toBe('PUBLIC_SOURCE_UNDATED');
    expect(res.body.error.issues[0].path).toBe('draft.entropy.publicSources.0.date');
  });
});
