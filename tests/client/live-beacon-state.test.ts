/**
 * The public live page says honestly where the drand round is (issue 16): waiting before the round's
 * time; after it, that the server cannot reach a relay (from the public beaconStatus, with the code
 * and attempts); and once the operator pasted the round, received and verified in the viewer's own
 * browser. A real browser against the real server and socket; every relay of DRAND_URLS is dead, and
 * the pasted round is a recorded one.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  ROUND,
  addLot,
  baseDraft,
  drawApi,
  driveTo,
  seedLot,
  witnessApi,
} from '../helpers/draws.js';
import { DRAND_CHAINS, roundAt } from '../../shared/drand-chains.js';
import { unexpected } from './console-helpers.js';
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

jest.setTimeout(120_000);

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let lotId: number;
let competitionId: number;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({
    now: BEFORE_ROUND,
    config: { DRAND_URLS: ['http://127.0.0.1:9'] },
    sockets: true,
  });
  browser = await launchBrowser();
  ({ lotId, competitionId } = seedLot(t));
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

const stateOf = (page: Page, want: string) =>
  page.waitForFunction((w) => document.querySelector('#beacon-state')?.textContent === w, want, {
    timeout: 20_000,
  });

describe('the beacon’s state on the public page', () => {
  test('does say: relay unreachable after the round’s time, then received and verified', async () => {
    const id = await driveTo(t, op, witness, lotId, 'reveals_closed');
    t.clock.set(AFTER_ROUND);
    await drawApi(op).fetchBeacon(id).expect(503);
    const { page, problems, context } = await openPage(
      browser,
      `${t.baseUrl}/draws/${id}?lang=ru`,
      {
        locale: 'ru-RU',
      }
    );
    await stateOf(
      page,
      ru['beacon.relayUnreachable']
        .replace('{code}', 'RELAY_UNAVAILABLE')
        .replace('{attempts}', '1')
    );
    const r = relay.recorded('quicknet').rounds.find((x) => x.round === ROUND)!;
    await drawApi(op).pasteBeacon(id, r.signature).expect(200);
    await stateOf(page, ru['beacon.receivedVerified']);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does say waiting before the round’s time', async () => {
    // a round an hour after the real clock, which the viewer's browser also reads
    const now = new Date();
    t.clock.set(now);
    // the clock jumped years ahead: the earlier sessions have expired
    const op = await t.loginAs('operator');
    const witness = await t.loginAs('observer');
    const round = roundAt('quicknet', Math.floor(now.getTime() / 1000) + 3600);
    const draft = baseDraft({
      entropy: {
        drand: { chain: 'quicknet', chainHash: DRAND_CHAINS.quicknet.hash, round },
        publicSources: [],
      },
      revealDeadline: new Date(now.getTime() + 1800_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    const api = drawApi(op);
    const id = (await api.create(addLot(t, competitionId), draft).expect(201)).body.id as string;
    await api.invite(id, witness.user.username).expect(201);
    await witnessApi(witness).commit(id, COMMITMENT).expect(200);
    await api.announce(id).expect(200);
    const { page, problems, context } = await openPage(
      browser,
      `${t.baseUrl}/draws/${id}?lang=ru`,
      {
        locale: 'ru-RU',
      }
    );
    await stateOf(page, ru['beacon.waiting']);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
