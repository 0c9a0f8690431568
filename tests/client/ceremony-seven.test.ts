/**
 * Issue 16's done-when, in real Chromium against the real server, a real SQLite file and the test's
 * local drand relay of recorded rounds: an operator runs a ceremony of seven directions (3 members
 * and 3 reserves each) from "new ceremony" to "closed" — one screen for the lots and rules, two
 * witnesses invited who commit and reveal on their own screens (their own browser contexts), the
 * server offline (every relay of DRAND_URLS unreachable) so the round's bare signature, fetched from
 * the test's relay once the round's time has passed, is pasted; run; one decline; every lot closed.
 * Every click, fill and select of the operator is counted (≤ 30). A viewer's live page plays the lots
 * one after another with a heading per lot. Each lot's published result is then checked against an
 * independent replay of the published inputs by `adal draw replay` (docs/PROTOCOL.md §Replaying a
 * ceremony), in a child process.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { AFTER_ROUND, BEFORE_ROUND, REVEAL_DEADLINE, ROUND } from '../helpers/draws.js';
import { runAdal } from '../helpers/adal-cli.js';
import {
  DIRECTIONS,
  seedSevenDirections,
  type SevenDirections,
} from '../helpers/seven-directions.js';
import { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
import { BeaconRound } from '../../shared/schemas/beacon.js';
import { DRAND_CHAINS } from '../../shared/drand-chains.js';
import { checkPage, openConsole, textOf, unexpected, waitForPath } from './console-helpers.js';
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

jest.setTimeout(300_000);

/** The server has no internet: no relay of DRAND_URLS answers. */
const DEAD = ['http://127.0.0.1:9', 'http://127.0.0.1:10/relay/'];
const WITNESSES = ['aigerim.witness', 'daniyar.witness'];

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let operator: TestSession;
let seeded: SevenDirections;
const dir = mkdtempSync(join(tmpdir(), 'adal-seven-'));

beforeAll(async () => {
  relay = await startDrandRelay();
  // before its time the round does not exist anywhere
  relay.setHead('quicknet', ROUND - 1);
  t = await startPageServer({
    now: BEFORE_ROUND,
    config: { DRAND_URLS: DEAD, STEP_INTERVAL_MS: 10 },
    sockets: true,
  });
  browser = await launchBrowser();
  operator = await t.loginAs('operator');
  seeded = seedSevenDirections(t);
  for (const username of WITNESSES) await t.createUser('observer', { username });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The operator's hands: every click, fill and select goes through here and is counted. */
function hands(page: Page) {
  const done: string[] = [];
  return {
    done,
    click: async (sel: string) => {
      done.push(`click ${sel}`);
      await page.click(sel);
    },
    fill: async (sel: string, value: string) => {
      done.push(`fill ${sel}`);
      await page.fill(sel, value);
    },
  };
}

function localInput(page: Page, iso: string): Promise<string> {
  return page.evaluate((s) => {
    const d = new Date(s);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, iso);
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForFunction(
    (want) => document.querySelector('#draw-state')?.textContent === want,
    ru[`draw.state.${state}` as keyof typeof ru] as string,
    { timeout: 20_000 }
  );
}

describe('a seven-direction ceremony from the console', () => {
  test('does go from "new ceremony" to closed in at most 30 operator actions, each lot as an independent replay gives it', async () => {
    const op = await openConsole(browser, t, operator.user.username, '/draws');
    const { page } = op;
    page.on('dialog', (d) => void d.accept());
    const me = hands(page);

    // One screen: every lot ticked, the usual 3 + 3 rules; the operator sets the dates and round.
    await me.click('#new-ceremony');
    await waitForPath(page, '/console/ceremonies/new');
    await page.locator('#ceremony-lots tbody tr').nth(6).waitFor();
    await me.fill('#d-asOf', '2023-08-23');
    await me.fill('#d-deadline', await localInput(page, REVEAL_DEADLINE.toISOString()));
    await me.fill('#d-round', String(ROUND));
    await me.click('#ceremony-submit');
    await page.waitForFunction(() => /^\/console\/ceremonies\/D-/.test(location.pathname));
    const id = decodeURIComponent(page.url().match(/ceremonies\/([^/?]+)/)![1]!);
    await waitForState(page, 'draft');
    expect(await page.$$eval('#ceremony-lot-list li', (xs) => xs.length)).toBe(7);
    // the preview: every lot's rules can be met by its pool
    await page.locator('#ceremony-preview tbody tr.feasible').nth(6).waitFor();
    // and each lot's fairness report, as its announcement would seal it now
    await page.locator('#ceremony-preview tbody tr.feasible .lot-fairness').nth(6).waitFor();

    // Two witnesses, each invited by username; each commits on a screen of their own.
    for (const w of WITNESSES) {
      await me.fill('#w-username', w);
      await me.click('#invite-submit');
      await page.locator('#draw-witnesses tbody tr').nth(WITNESSES.indexOf(w)).waitFor();
    }
    const witnesses = [];
    for (const w of WITNESSES) {
      const wp = await openConsole(browser, t, w, '', { lang: 'kk' });
      await waitForPath(wp.page, '/console/witness');
      await wp.page.click(`#generate-${id}`);
      const secret = (await textOf(wp.page, `#secret-${id}`)).replace(/\s+/g, '');
      await wp.page.check(`#saved-${id}`);
      await wp.page.click(`#commit-${id}`);
      await wp.page.locator(`#committed-${id}`).waitFor();
      witnesses.push({ ...wp, secret });
    }
    await page.locator('#draw-witnesses .witness-committed').nth(1).waitFor({ timeout: 15_000 });

    // A viewer watches the public page from the announcement on.
    await me.click('#draw-announce');
    await waitForState(page, 'announced');
    const viewer = await openPage(browser, `${t.baseUrl}/draws/${id}?lang=ru`);
    await viewer.page.locator('#ceremony-lots:not([hidden])').waitFor();
    await me.click('#draw-open-reveals');
    await waitForState(page, 'revealing');

    for (const w of witnesses) {
      await w.page.locator(`#reveal-${id}`).waitFor({ timeout: 15_000 });
      await w.page.fill(`#reveal-${id}`, w.secret);
      await w.page.click(`#reveal-submit-${id}`);
      await w.page.locator(`#accepted-${id}`).waitFor();
    }
    await page.waitForFunction(
      (want) => document.querySelector('#reveal-progress')?.textContent === want,
      ru['console.controls.revealed'].replace('{n}', '2').replace('{of}', '2'),
      { timeout: 15_000 }
    );
    await me.click('#draw-close-reveals');
    await waitForState(page, 'reveals_closed');

    // The round's time passes; the server reaches no relay; a connected device gets the round's
    // bare signature from a relay (the test's) and the operator pastes it.
    t.clock.set(AFTER_ROUND);
    relay.setHead('quicknet', undefined);
    const hash = DRAND_CHAINS.quicknet.hash;
    const round = (await (await fetch(`${relay.url}/${hash}/public/${ROUND}`)).json()) as {
      signature: string;
    };
    await me.click('#draw-controls details summary');
    await me.fill('#beacon-paste', round.signature);
    await me.click('#beacon-paste-submit');
    await waitForState(page, 'beacon_received');
    await me.click('#draw-run');
    await waitForState(page, 'drawn');
    // the broadcast plays at the server clock's pace: let it run
    t.clock.advance(10 * 60_000);

    // The broadcast: lot after lot, each with its heading; every lot's result as played.
    const v = viewer.page;
    await v.waitForFunction(
      () => document.querySelectorAll('#ceremony-lot-list .lot-commission li').length === 21,
      undefined,
      { timeout: 30_000 }
    );
    const timeline = await v.$$eval('#draw-steps li.kind-lot', (xs) =>
      xs.map((x) => x.textContent)
    );
    expect(timeline).toEqual(
      DIRECTIONS.map(([, , nameRu], i) =>
        ru['live.ceremony.lotHeading']
          .replace('{k}', String(i + 1))
          .replace('{of}', '7')
          .replace('{name}', nameRu)
      )
    );
    expect(await textOf(v, '#stage-lot')).toBe(timeline[6]);
    await checkPage(v, 'live-ceremony-seven-ru');

    // One decline, in the third lot: its first member.
    const drawn = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
    const third = drawn.lots[2]!;
    const decliner = third.commission[0]!;
    await me.click(`#lot-${third.lotId}-decline summary`);
    await me.fill(`#lot-${third.lotId}-decline-reason`, 'отказался по телефону');
    await me.click(`#lot-${third.lotId}-decline-submit`);
    await page.waitForFunction(
      ([lot, no]) => !document.querySelector(`#lot-${lot}-commission li[data-registry-no="${no}"]`),
      [third.lotId, decliner] as const
    );
    await checkPage(page, 'console-ceremony-drawn-ru');

    // Each lot closes on its own; the last one closes the ceremony.
    for (const lot of drawn.lots) {
      await me.click(`#lot-${lot.lotId}-close`);
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.classList.contains('state-closed') ?? false,
        `#lot-${lot.lotId}-state`
      );
    }
    await waitForState(page, 'closed');
    expect(me.done.length).toBeLessThanOrEqual(30);
    // said in the test's output, so the figure is visible in CI logs
    process.stdout.write(`operator actions from "new ceremony" to "closed": ${me.done.length}\n`);

    // Every lot as an independent replay of the published inputs gives it.
    const d = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
    expect(d.state).toBe('closed');
    expect(d.lots.map((l) => [l.commission.length, l.state])).toEqual(
      Array.from({ length: 7 }, () => [3, 'closed'])
    );
    const beacon = d.beacon!;
    const input = {
      version: 1,
      kind: 'ceremony',
      drawId: d.id,
      lots: d.lots.map((l) => ({
        announcement: l.announcement,
        pool: l.pool.map(({ poolNo: _poolNo, ...entry }) => entry),
        declines: l.publicDeclines.map((x) => x.registryNo),
        expected: { lotSeed: l.lotSeed },
      })),
      material: {
        beacon: d.seedInput!.beacon,
        publicSources: d.publicSources,
        reveals: d.seedInput!.reveals,
      },
      beaconRound: Object.fromEntries(
        Object.keys(BeaconRound.shape)
          .filter((k) => k in beacon)
          .map((k) => [k, (beacon as Record<string, unknown>)[k]])
      ),
      expected: { ceremonyHash: d.ceremonyHash, seed: d.seed },
    };
    const file = join(dir, 'ceremony.json');
    writeFileSync(file, JSON.stringify(input));
    const r = await runAdal(['draw', 'replay', '--json', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // exit 0 with the round given: its BLS signature verified and its randomness the seed's
    const out = JSON.parse(r.stdout) as {
      seed: string;
      lots: { lotId: string; result: { commission: string[]; reserves: string[] } }[];
    };
    expect(out.seed).toBe(d.seed);
    expect(out.lots.map((l) => [l.lotId, l.result.commission, l.result.reserves])).toEqual(
      d.lots.map((l) => [String(l.lotId), l.commission, l.reserves])
    );
    // the decline took the third lot's first member out, and a reserve took the seat
    expect(d.lots[2]!.commission).not.toContain(decliner);
    expect(d.lots[2]!.publicDeclines.map((x) => x.registryNo)).toEqual([decliner]);
    expect(seeded.lotIds).toEqual(d.lots.map((l) => l.lotId));

    // The print view: a section per lot, the signatures with the last lot's commission, and the
    // checkpoint that covers the ceremony's last entry (one the log API returns).
    await page.click('#protocol-links a[href$="/protocol"]');
    await page.locator('#protocol').waitFor();
    expect(
      await page.$$eval('#protocol section[id^="p-lot-"]', (xs) => xs.map((x) => x.id))
    ).toEqual(d.lots.map((l) => `p-lot-${l.lotId}`));
    for (const lot of d.lots)
      expect(
        await page.$$eval(`#p-lot-${lot.lotId}-commission tbody tr td:nth-child(2)`, (xs) =>
          xs.map((x) => x.textContent)
        )
      ).toEqual(lot.commission);
    expect(await page.locator(`#p-lot-${d.lots[6]!.lotId} #p-signatures .sign-line`).count()).toBe(
      2 + WITNESSES.length + 1
    );
    const covering = (
      await t.agent.get(`/api/public/log/entries/${d.log.at(-1)!.index}/checkpoint`).expect(200)
    ).body as { size: number };
    await t.agent.get(`/api/public/log/checkpoints/${covering.size}`).expect(200);
    expect(await page.textContent('#p-checkpoint')).toContain(String(covering.size));
    await checkPage(page, 'console-ceremony-protocol-ru');

    expect(unexpected(op.problems)).toEqual([]);
    for (const w of witnesses) {
      expect(unexpected(w.problems)).toEqual([]);
      await w.context.close();
    }
    expect(unexpected(viewer.problems)).toEqual([]);
    await viewer.context.close();
    await op.context.close();
  });
});
