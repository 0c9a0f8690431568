/**
 * Issue 17's Latin-word scan over the console (tests/helpers/latin-words.ts): a Kazakh or Russian
 * operator, admin or witness never meets an English word or an internal code on a console screen —
 * sign-in, the draws list, a draw as a draft (with its rules complete and not), announced, revealing, with its randomness, drawn (with
 * a decline) and closed, its
 * protocol, the registry, an expert, the import screen with a file's preview and with a file's
 * row-by-row errors, directions, lots, a lot, conflicts, accounts, and the witness's own screen —
 * driven in a real browser against the real server with real data (a local drand relay with
 * recorded rounds). What people wrote themselves is left out before the scan (see `dataText`).
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { withCsrf, type TestApp } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer, VIEWPORTS } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { BEFORE_ROUND, baseDraft, driveTo, seedLot } from '../helpers/draws.js';
import { latinWords, pageText } from '../helpers/latin-words.js';
import { go, openConsole } from './console-helpers.js';

jest.setTimeout(180_000);

const HEADER =
  'Реестровый номер;ФИО (каз.);ФИО (рус.);Направления;Регион;Организации;Кем предложен;Дата включения';
/** Two new experts and one already in the registry (a change): the preview lists both kinds. */
const ROWS = [
  'R-0201;Сәрсенова Айгүл;Сарсенова Айгуль;youth;KZ-71;;ngo;2021-01-01',
  'R-0202;Жұмабаев Нұрлан;Жумабаев Нурлан;youth;KZ-75;ОФ «Болашақ» / 940140000385 / член;operator;2021-01-01',
];
/** An unknown region, a BIN with a wrong check digit, an unknown direction, a missing name. */
const BAD = [
  ROWS[0]!.replace('KZ-71', 'Нарния'),
  ROWS[1]!.replace('940140000385', '940140000386'),
  ROWS[0]!.replace('R-0201', 'R-0203').replace('youth', 'space'),
  'R-0204;;;youth;KZ-71;;ngo;2021-01-01',
];
const csv = (rows: string[]) =>
  Buffer.from('\ufeff' + [HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let admin: string;
let observer: string;
const draws: Record<string, string> = {};
let lotId: number;
/** People's own words: account names, the test accounts' display names. */
let people: string[] = [];

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url }, sockets: true });
  browser = await launchBrowser();
  const seeded = seedLot(t, 7);
  lotId = seeded.lotId;
  const op = await t.loginAs('operator');
  const w = await t.loginAs('observer');
  observer = w.user.username;
  draws['drawn'] = await driveTo(t, op, w, seeded.lotIds[0]!, 'drawn');
  const commission = (await op.agent.get(`/api/draws/${draws['drawn']}`)).body.commission;
  await op.agent
    .post(`/api/draws/${draws['drawn']}/declines`)
    .set(withCsrf(op))
    .send({ registryNo: commission[0], category: 'unavailable', reason: 'заболел' })
    .expect(200);
  draws['closed'] = await driveTo(t, op, w, seeded.lotIds[1]!, 'closed');
  draws['announced'] = await driveTo(t, op, w, seeded.lotIds[2]!, 'announced');
  draws['revealing'] = await driveTo(t, op, w, seeded.lotIds[4]!, 'revealing');
  draws['beacon'] = await driveTo(t, op, w, seeded.lotIds[5]!, 'beacon_received');
  t.clock.set(BEFORE_ROUND);
  draws['draft'] = (
    await op.agent
      .post('/api/draws')
      .set(withCsrf(op))
      .send({ lotId: seeded.lotIds[3]!, draft: baseDraft() })
      .expect(201)
  ).body.id;
  // a draft with its rules still to be written: the preview lists what is missing
  draws['incomplete'] = (
    await op.agent
      .post('/api/draws')
      .set(withCsrf(op))
      .send({ lotId: seeded.lotIds[6]!, draft: { method: 'adal-v1' } })
      .expect(201)
  ).body.id;
  await op.agent
    .post(`/api/draws/${draws['draft']}/witnesses`)
    .set(withCsrf(op))
    .send({ username: observer })
    .expect(201);
  const a = await t.createUser('admin');
  admin = a.username;
  people = [op.user, w.user, a].flatMap((u) => [u.username, u.displayName ?? '']);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

/**
 * People's own words, shown as written: account names, the test accounts' display names, the actor
 * of the test's setup, the role the test registry gives an expert at the applicant («head», as in
 * latin-scan.test.ts; "name / BIN / head" in the expert's history) and the bad cell of the test's import file («space», quoted back).
 */
function dataText(text: string): string {
  let s = text.replace(/\s+/g, ' ');
  for (const p of people) if (p) s = s.replaceAll(p, ' ');
  return s
    .replace(/Test (operator|observer|admin) \d*/g, ' ')
    .replace(/\bsetup\b/g, ' ')
    .replaceAll('«head»', ' ')
    .replace(/ \/ head\b/g, ' ')
    .replaceAll('«space»', ' ');
}

async function scan(page: Page): Promise<string[]> {
  // every screen shows its data after a fetch
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return latinWords(dataText(await pageText(page)));
}

const screens = () => [
  ['draws', '/console/draws', '#draws-table'],
  ['draw-draft', `/console/draws/${draws['draft']}`, '#preview-counts'],
  ['draw-incomplete', `/console/draws/${draws['incomplete']}`, '#preview-issues li'],
  ['draw-announced', `/console/draws/${draws['announced']}`, '#draw-controls'],
  ['draw-revealing', `/console/draws/${draws['revealing']}`, '#draw-controls'],
  ['draw-beacon', `/console/draws/${draws['beacon']}`, '#draw-controls'],
  ['draw-drawn', `/console/draws/${draws['drawn']}`, '#draw-commission'],
  ['draw-closed', `/console/draws/${draws['closed']}`, '#draw-commission'],
  ['protocol', `/console/draws/${draws['drawn']}/protocol`, '#protocol'],
  ['experts', '/console/experts', '#experts-results table'],
  ['expert', '/console/experts/R-0005', '#expert-history'],
  ['expert-new', '/console/experts/new', '#expert-form'],
  ['import', '/console/import', '#import-file'],
  ['directions', '/console/directions', 'table.data'],
  ['lots', '/console/lots', 'table.data'],
  ['lot', `/console/lots/${lotId}`, '#lot-eligibility'],
  ['lot-new', '/console/lots/new', '#lot-form'],
  ['conflicts', '/console/conflicts', '#kinds-part table'],
  ['accounts', '/console/accounts', '#accounts-list table'],
  ['not-found', '/console/nowhere', '#screen-message'],
];

describe('no English for a Kazakh or Russian console user', () => {
  for (const lang of ['kk', 'ru'] as const)
    test(`on every console screen (${lang})`, async () => {
      const found: [string, string[]][] = [];
      const login = await openPage(browser, `${t.baseUrl}/console?lang=${lang}`, {
        viewport: VIEWPORTS.desktop,
      });
      await login.page.locator('#login-view:not([hidden])').waitFor();
      found.push(['login', await scan(login.page)]);
      await login.context.close();

      const { page, context } = await openConsole(browser, t, admin, '/draws', { lang });
      for (const [name, path, ready] of screens()) {
        await go(page, path!);
        await page.locator(ready!).first().waitFor();
        found.push([name!, await scan(page)]);
      }
      // the import's preview of rows to add, then a file's row-by-row errors
      await go(page, '/console/import');
      await page.setInputFiles('#import-file', {
        name: 'registry.csv',
        mimeType: 'text/csv',
        buffer: csv(ROWS),
      });
      await page.click('#import-dry-run');
      await page.locator('#import-report.good').waitFor();
      found.push(['import-preview', await scan(page)]);
      await page.setInputFiles('#import-file', {
        name: 'registry.csv',
        mimeType: 'text/csv',
        buffer: csv(BAD),
      });
      await page.click('#import-dry-run');
      await page.locator('#import-report.bad').waitFor();
      found.push(['import-errors', await scan(page)]);
      await context.close();

      const witness = await openConsole(browser, t, observer, '', { lang });
      await witness.page.locator(`#invitation-${draws['draft']}`).waitFor();
      found.push(['witness', await scan(witness.page)]);
      await witness.context.close();

      expect(found.filter(([, words]) => words.length > 0)).toEqual([]);
    });
});
