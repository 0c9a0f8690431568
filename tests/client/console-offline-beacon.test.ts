/**
 * drand with the server offline, in a real browser (issue 16): every relay of DRAND_URLS is
 * unreachable after the round's time; the console lists the round's address at each relay with a QR
 * code of the first (to fetch it on a connected device), and the operator pastes only the round's
 * bare signature, which the server rebuilds and BLS-verifies. Before the announcement the draft
 * screen warns that no relay answers, and announcing stays possible. The signature comes from the test's
 * local relay of recorded rounds, which the server cannot reach.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, startPageServer } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  ROUND,
  addLot,
  baseDraft,
  drawApi,
  driveTo,
  seedLot,
} from '../helpers/draws.js';
import { DRAND_CHAINS } from '../../shared/drand-chains.js';
import { openConsole, textOf, unexpected } from './console-helpers.js';
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

jest.setTimeout(120_000);

const DEAD = ['http://127.0.0.1:9', 'http://127.0.0.1:10/relay/'];

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ now: BEFORE_ROUND, config: { DRAND_URLS: DEAD }, sockets: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

describe('the beacon step with no relay reachable', () => {
  test('does show the round’s relay addresses and a QR code, and take a pasted bare signature', async () => {
    const { lotId, competitionId } = seedLot(t);
    const op = await t.loginAs('operator');
    // before the announcement, while the method can still be changed: a warning, not a refusal
    const draft = (await drawApi(op).create(addLot(t, competitionId), baseDraft()).expect(201)).body
      .id as string;
    const first = await openConsole(browser, t, op.user.username, `/draws/${draft}`);
    await first.page.locator('#relay-warning:not([hidden])').waitFor();
    expect(await textOf(first.page, '#relay-warning')).toBe(
      ru['console.relays.unreachable'].replace('{codes}', 'RELAY_UNAVAILABLE')
    );
    expect(await first.page.isEnabled('#draw-announce')).toBe(true);
    expect(unexpected(first.problems)).toEqual([]);
    await first.context.close();

    const id = await driveTo(t, op, await t.loginAs('observer'), lotId, 'reveals_closed');
    t.clock.set(AFTER_ROUND);
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      `/draws/${id}`
    );
    await page.locator('#beacon-status').waitFor();
    await page.click('#beacon-fetch');
    expect(await textOf(page, '#controls-alert')).toContain(ru['error.RELAY_UNAVAILABLE']);

    await page.click('#draw-controls details summary');
    const hash = DRAND_CHAINS.quicknet.hash;
    expect(await page.locator('#beacon-urls a').allTextContents()).toEqual([
      `http://127.0.0.1:9/${hash}/public/${ROUND}`,
      `http://127.0.0.1:10/relay/${hash}/public/${ROUND}`,
    ]);
    expect(await page.getAttribute('#beacon-qr svg', 'aria-label')).toBe(
      ru['console.beacon.qrLabel']
    );
    expect(await textOf(page, '#beacon-paste-hint')).toBe(ru['console.beacon.pasteHint']);

    const r = relay.recorded('quicknet').rounds.find((x) => x.round === ROUND)!;
    await page.fill('#beacon-paste', r.signature);
    await page.click('#beacon-paste-submit');
    await page.waitForFunction(
      (want) => document.querySelector('#draw-state')?.textContent === want,
      ru['draw.state.beacon_received']
    );
    const d = (await drawApi(op).get(id).expect(200)).body;
    expect([d.beacon.source, d.beacon.round, d.beacon.randomness, d.beacon.verified]).toEqual([
      'pasted',
      ROUND,
      r.randomness,
      true,
    ]);
    expect(unexpected(problems, [503])).toEqual([]);
    await context.close();
  });
});
