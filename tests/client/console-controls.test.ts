/**
 * The console's other controls in a real browser against the real server and a local drand relay with
 * recorded real rounds: rules that cannot be met show the problem and a relaxation that, applied,
 * makes them feasible; a beacon pasted by hand (no internet on the server) is verified and recorded;
 * a draw is cancelled with a reason; a witness's wrong secret is caught in the browser and never
 * sent; an admin changes a role, resets a password and disables an account.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, type TestApp, type TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer, VIEWPORTS } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  APPLICANT_BIN,
  BEFORE_ROUND,
  COMMITMENT,
  ROUND,
  SECRET,
  addLot,
  baseDraft,
  drawApi,
  driveTo,
  seedLot,
  witnessApi,
} from '../helpers/draws.js';
import { checkPage, openConsole, textOf, unexpected } from './console-helpers.js';
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

// browser flows: generous under a loaded CI machine (each step still fails fast, see openConsole)
jest.setTimeout(120_000);

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let op: TestSession;
let witness: TestSession;
let competitionId: number;
let firstLot: number;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url }, sockets: true });
  browser = await launchBrowser();
  const seeded = seedLot(t);
  competitionId = seeded.competitionId;
  firstLot = seeded.lotId;
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

async function waitForState(page: Page, state: keyof typeof ru): Promise<void> {
  await page.waitForFunction(
    (want) => document.querySelector('#draw-state')?.textContent === want,
    ru[state]
  );
}

describe('more console controls', () => {
  test('does show infeasible rules with a relaxation that, applied, makes them feasible', async () => {
    t.clock.set(BEFORE_ROUND);
    const id = (
      await drawApi(op)
        .create(firstLot, baseDraft({ reserves: 30 }))
        .expect(201)
    ).body.id as string;
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      `/draws/${id}`,
      {
        viewport: VIEWPORTS.phone,
      }
    );
    await page.locator('#preview-infeasible').waitFor();
    const suggestion = await page.textContent('#preview-suggestions li');
    expect(suggestion).toContain(
      ru['console.relax.reduce-reserves'].replace('{from}', '30').replace('{to}', '6')
    );
    await checkPage(page, 'console-draw-infeasible-ru-phone');
    await page.click('#apply-suggestion-0');
    await page.locator('#preview-feasible').waitFor();
    expect((await drawApi(op).get(id)).body.draft.reserves).toBe(6);
    expect(await page.inputValue('#d-reserves')).toBe('6');
    // cancelled with a reason, which stays public
    await page.click('#cancel-part summary');
    await page.click('#cancel-submit');
    expect(await textOf(page, '#cancel-reason-error')).toBe(ru['console.form.required']);
    page.once('dialog', (d) => void d.accept());
    await page.fill('#cancel-reason', 'правила пересмотрены');
    await page.click('#cancel-submit');
    await waitForState(page, 'draw.state.cancelled');
    expect(await page.textContent('#cancel-reason-shown')).toContain('правила пересмотрены');
    expect((await t.agent.get(`/api/public/draws/${id}`)).body.cancelReason).toBe(
      'правила пересмотрены'
    );
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does take a region limit in the rules form, show what it costs and raise it by the suggestion', async () => {
    t.clock.set(BEFORE_ROUND);
    const lot = addLot(t, competitionId);
    const id = (await drawApi(op).create(lot, baseDraft()).expect(201)).body.id as string;
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      `/draws/${id}`
    );
    await page.locator('#preview-feasible').waitFor();
    // every eligible expert of the seeded lot is from one region: a limit of 1 seats one of them
    await page.fill('#d-perRegionMax', '1');
    await page.click('#draft-save');
    await page.locator('#preview-infeasible').waitFor();
    expect(await page.textContent('#preview-infeasible ul li')).toBe(
      ru['console.problem.region-limit'].replace('{need}', '3').replace('{available}', '1')
    );
    expect(await page.textContent('#preview-suggestions li')).toContain(
      ru['console.relax.raise-region-limit'].replace('{from}', '1').replace('{to}', '3')
    );
    const preview = (await drawApi(op).preview(id).expect(200)).body as {
      spec: { version: number; perRegionMax: number };
    };
    expect([preview.spec.version, preview.spec.perRegionMax]).toEqual([2, 1]);
    await page.click('#apply-suggestion-0');
    await page.locator('#preview-feasible').waitFor();
    expect((await drawApi(op).get(id)).body.draft.perRegionMax).toBe(3);
    expect(await page.inputValue('#d-perRegionMax')).toBe('3');
    // emptied, the limit is gone; the spec keeps the writer's version (2: complete histories for every new draw)
    await page.fill('#d-perRegionMax', '');
    await page.click('#draft-save');
    await page.waitForFunction(async (draw) => {
      const r = await fetch(`/api/draws/${draw}`);
      return !('perRegionMax' in (await r.json()).draft);
    }, id);
    const emptied = (await drawApi(op).preview(id).expect(200)).body.spec;
    expect([emptied.version, 'perRegionMax' in emptied]).toEqual([2, false]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does verify and record a beacon pasted by hand, then run', async () => {
    const lot = addLot(t, competitionId);
    const id = await driveTo(t, op, witness, lot, 'reveals_closed');
    t.clock.set(AFTER_ROUND);
    relay.setMode('error');
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      `/draws/${id}`
    );
    await page.locator('#beacon-status').waitFor();
    await page.click('#beacon-fetch');
    expect(await textOf(page, '#controls-alert')).toContain(ru['error.RELAY_UNAVAILABLE']);
    const r = relay.recorded('quicknet').rounds.find((x) => x.round === ROUND)!;
    await page.click('#draw-controls details summary');
    await page.fill(
      '#beacon-paste',
      JSON.stringify({ round: r.round, randomness: r.randomness, signature: r.signature })
    );
    await page.click('#beacon-paste-submit');
    await waitForState(page, 'draw.state.beacon_received');
    const d = (await drawApi(op).get(id)).body;
    expect([d.beacon.source, d.beacon.round, d.beacon.verified]).toEqual(['pasted', ROUND, true]);
    page.once('dialog', (x) => void x.accept());
    await page.click('#draw-run');
    await waitForState(page, 'draw.state.drawn');
    relay.reset();
    expect(unexpected(problems, [503])).toEqual([]);
    await context.close();
  });

  test('does catch a wrong secret in the witness browser and send only the right one', async () => {
    t.clock.set(BEFORE_ROUND);
    const lot = addLot(t, competitionId);
    const api = drawApi(op);
    const id = (await api.create(lot, baseDraft()).expect(201)).body.id as string;
    await api.invite(id, witness.user.username).expect(201);
    await witnessApi(witness).commit(id, COMMITMENT).expect(200);
    await api.announce(id).expect(200);
    await api.openReveals(id).expect(200);
    const { page, problems, context } = await openConsole(browser, t, witness.user.username, '', {
      lang: 'kk',
      viewport: VIEWPORTS.phone,
    });
    const sent: string[] = [];
    page.on('request', (r) => sent.push(r.postData() ?? ''));
    await page.locator(`#reveal-${id}`).waitFor();
    await page.fill(`#reveal-${id}`, 'ab'.repeat(32));
    await page.click(`#reveal-submit-${id}`);
    expect(await textOf(page, `#card-error-${id}`)).toBe(kk['witness.wrongSecret']);
    await page.fill(`#reveal-${id}`, 'not a secret');
    await page.click(`#reveal-submit-${id}`);
    expect(await textOf(page, `#card-error-${id}`)).toBe(kk['witness.notASecret']);
    expect(sent.filter((s) => s.includes('ab'.repeat(32)) || s.includes('not a secret'))).toEqual(
      []
    );
    await page.fill(`#reveal-${id}`, SECRET.toUpperCase().replace(/(.{8})/g, '$1 '));
    await page.click(`#reveal-submit-${id}`);
    await page.locator(`#accepted-${id}`).waitFor();
    expect((await t.agent.get(`/api/public/draws/${id}`)).body.witnesses[0].secret).toBe(SECRET);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does add a kind of conflict as data and record a declaration of that kind', async () => {
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      '/conflicts',
      {
        lang: 'kk',
        viewport: VIEWPORTS.phone,
      }
    );
    await page.locator('#kinds-part table').waitFor();
    await page.fill('#k-code', 'reviewer_last_year');
    await page.fill('#k-lookback', '12');
    await page.fill('#k-labelKk', 'Өткен жылы өтінімді бағалаған');
    await page.fill('#k-labelRu', 'Оценивал заявку в прошлом году');
    await page.fill('#k-labelEn', 'Reviewed the application last year');
    await page.click('#kind-submit');
    await page.locator('#kinds-part td', { hasText: 'reviewer_last_year' }).waitFor();
    await page.fill('#c-registryNo', 'R-0002');
    await page.fill('#c-bin', APPLICANT_BIN);
    await page.selectOption('#c-kind', 'reviewer_last_year');
    await page.fill('#c-validFrom', '2023-01-01');
    await page.click('#declaration-submit');
    await page.locator('#declarations td', { hasText: 'Өткен жылы өтінімді бағалаған' }).waitFor();
    const declared = (await op.agent.get('/api/declarations?registryNo=R-0002')).body as {
      kind: string;
    }[];
    expect(declared.map((d) => d.kind)).toEqual(['reviewer_last_year']);
    await checkPage(page, 'console-conflicts-kk-phone');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does let an admin change a role, reset a password and disable an account', async () => {
    const admin = await t.createUser('admin');
    const someone = await t.createUser('operator');
    const { page, problems, context } = await openConsole(browser, t, admin.username, '/accounts', {
      viewport: VIEWPORTS.phone,
    });
    const row = page.locator('#accounts-list tr', { hasText: someone.username });
    await row.waitFor();
    await page.selectOption(`#role-${someone.id}`, 'observer');
    await row
      .getByRole('button', { name: `${ru['console.accounts.applyRole']} ${someone.username}` })
      .click();
    await page.waitForFunction(
      (want) => document.querySelector('#accounts-flash')?.textContent === want,
      ru['console.accounts.roleChanged'].replace('{user}', someone.username)
    );
    await page.fill(`#pw-${someone.id}`, 'short');
    await row
      .getByRole('button', { name: `${ru['console.accounts.reset']} ${someone.username}` })
      .click();
    expect(await textOf(page, `#pw-${someone.id}-error`)).toBe(
      ru['console.accounts.passwordShort']
    );
    await page.fill(`#pw-${someone.id}`, 'a-new-password-2026');
    await row
      .getByRole('button', { name: `${ru['console.accounts.reset']} ${someone.username}` })
      .click();
    await page.waitForFunction(
      (want) => document.querySelector('#accounts-flash')?.textContent === want,
      ru['console.accounts.passwordReset'].replace('{user}', someone.username)
    );
    const login = (password: string) =>
      t.agent.post('/api/auth/login').send({ username: someone.username, password });
    expect((await login(TEST_PASSWORD)).status).toBe(401);
    const ok = await login('a-new-password-2026');
    expect([ok.status, ok.body.user.role]).toEqual([200, 'observer']);
    await row
      .getByRole('button', { name: `${ru['console.accounts.disable']} ${someone.username}` })
      .click();
    await page.waitForFunction(
      (want) => document.querySelector('#accounts-flash')?.textContent === want,
      ru['console.accounts.disabledDone'].replace('{user}', someone.username)
    );
    expect((await login('a-new-password-2026')).body.error.code).toBe('ACCOUNT_DISABLED');
    await checkPage(page, 'console-accounts-ru-phone');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
    // the admin's own row offers no disable button (the server keeps the last admin anyway)
    const list = (await (await t.loginAs('admin')).agent.get('/api/accounts')).body.accounts as {
      username: string;
      disabled: boolean;
    }[];
    expect(list.find((a) => a.username === someone.username)?.disabled).toBe(true);
  });
});
