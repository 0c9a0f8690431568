/**
 * The whole ceremony from the browser, as issue 6 describes it, against the real server, a real SQLite
 * file and a local drand relay serving recorded real rounds (the app clock is before the round at the
 * announcement and after it at the fetch): an admin creates the witness's observer account; an
 * operator imports the registry (a file with an error first), creates a competition and a lot with an
 * applicant, records a conflict-of-interest declaration, opens a draft, sees the conflicted expert
 * excluded with its rule in the live preview, invites the witness and announces; the witness (second
 * browser context) generates the secret with Web Crypto, keeps the file, commits, and later reveals
 * from the file; the operator closes the reveals, fetches the beacon, runs the draw, records a decline
 * (the next reserve takes the seat), prints the protocol and downloads its PDF (commission registry
 * numbers and the QR code of the verify page). The secret leaves the witness's browser only in the
 * reveal request.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import type { TestApp, TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer, VIEWPORTS } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  APPLICANT_BIN,
  BEFORE_ROUND,
  REVEAL_DEADLINE,
  ROUND,
} from '../helpers/draws.js';
import { commitmentFor } from '../../shared/seed.js';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import { qrMatrix, readPdf } from '../server/protocol/pdf-reader.js';
import { decodeQr } from '../server/protocol/qr-decode.js';
import {
  checkPage,
  download,
  fitsWidth,
  go,
  openConsole,
  textOf,
  unexpected,
  waitForPath,
} from './console-helpers.js';
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const HEADER =
  'Реестровый номер;ФИО (каз.);ФИО (рус.);Направления;Регион;Кем предложен;Дата включения';
const EXPERTS = [1, 2, 3, 4, 5, 6, 7, 8].map(
  (n) =>
    `R-000${n};Сәрсенов Ерлан ${n};Сарсенов Ерлан ${n};youth;KZ-71;${n % 3 === 0 ? 'operator' : 'ngo'};2021-01-01`
);
const csv = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n', 'utf8');

// browser flows: generous under a loaded CI machine (each step still fails fast, see openConsole)
jest.setTimeout(120_000);

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let operator: TestSession;

beforeAll(async () => {
  relay = await startDrandRelay();
  // with the live socket layer, so the framed public view updates as viewers' pages do
  t = await startPageServer({
    now: BEFORE_ROUND,
    config: { DRAND_URL: relay.url, STEP_INTERVAL_MS: 20 },
    sockets: true,
  });
  browser = await launchBrowser();
  operator = await t.loginAs('operator');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

/** The value of a datetime-local input for an instant, in the browser's own time zone. */
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
    { timeout: 15_000 }
  );
}

describe('a ceremony run from the console', () => {
  test('does take a draw from the registry to the printed protocol, with a witness in another browser', async () => {
    // An admin creates the witness's observer account.
    const admin = await t.createUser('admin');
    const a = await openConsole(browser, t, admin.username, '/accounts', { lang: 'kk' });
    await a.page.fill('#a-username', 'aigerim.witness');
    await a.page.fill('#a-displayName', 'Айгерім Сейітова');
    await a.page.selectOption('#a-role', 'observer');
    await a.page.fill('#a-password', 'test-password-0123456789');
    await a.page.click('#account-submit');
    await a.page.locator('table.data td', { hasText: 'aigerim.witness' }).waitFor();
    await checkPage(a.page, 'console-accounts-kk');
    expect(unexpected(a.problems)).toEqual([]);
    await a.context.close();

    // The operator builds the registry: a direction, then a CSV (one bad row first).
    const op = await openConsole(browser, t, operator.user.username, '/directions');
    const { page } = op;
    page.on('dialog', (d) => void d.accept());
    await page.fill('#d-code', 'youth');
    await page.fill('#d-nameKk', 'Жастар саясаты');
    await page.fill('#d-nameRu', 'Молодёжная политика');
    await page.fill('#d-nameEn', 'Youth policy');
    await page.click('#direction-submit');
    await page.locator('table.data td', { hasText: 'Молодёжная политика' }).waitFor();
    await go(page, '/console/import');
    await page.setInputFiles('#import-file', {
      name: 'r.csv',
      mimeType: 'text/csv',
      buffer: csv([...EXPERTS.slice(0, 7), EXPERTS[7]!.replace('KZ-71', 'Атлантида')]),
    });
    await page.click('#import-run');
    await page.locator('#import-report.bad').waitFor();
    expect(
      await page.$$eval('#import-report tbody tr td:first-child', (x) =>
        x.map((c) => c.textContent)
      )
    ).toEqual(['9']);
    expect((await operator.agent.get('/api/experts')).body.total).toBe(0);
    await page.setInputFiles('#import-file', {
      name: 'r.csv',
      mimeType: 'text/csv',
      buffer: csv(EXPERTS),
    });
    await page.click('#import-run');
    await page.locator('#import-report.good').waitFor();
    expect((await operator.agent.get('/api/experts')).body.total).toBe(8);

    // A competition and a lot with its applicant.
    await go(page, '/console/lots');
    await page.fill('#c-code', 'GR-2023');
    await page.fill('#c-year', '2023');
    await page.fill('#c-titleKk', 'Гранттар 2023');
    await page.fill('#c-titleRu', 'Гранты 2023');
    await page.click('#competition-submit');
    await page.locator('#competitions-part td', { hasText: 'GR-2023' }).waitFor();
    await go(page, '/console/lots/new');
    await page.locator('#lot-form').waitFor();
    await page.fill('#l-titleKk', 'Жастар бастамалары');
    await page.fill('#l-titleRu', 'Молодёжные инициативы');
    await page.fill('#l-applicants-0-name', 'ОФ «Жас Қанат»');
    await page.fill('#l-applicants-0-bin', APPLICANT_BIN);
    await page.click('#lot-submit');
    await page.waitForFunction(() => /^\/console\/lots\/\d+$/.test(location.pathname));
    const lotId = Number(page.url().match(/lots\/(\d+)/)![1]);
    await page.locator('#lot-eligibility').waitFor();

    // The conflict of interest: R-0005 is a member of the applicant.
    await go(page, '/console/conflicts');
    await page.fill('#c-registryNo', 'R-0005');
    await page.fill('#c-bin', APPLICANT_BIN);
    await page.selectOption('#c-kind', 'member');
    await page.fill('#c-validFrom', '2023-01-01');
    await page.selectOption('#c-source', 'operator');
    await page.click('#declaration-submit');
    await page.locator('#declarations td', { hasText: 'R-0005' }).waitFor();
    await checkPage(page, 'console-conflicts-ru');

    // A draft draw: rules, then the live preview shows R-0005 excluded by its rule.
    await go(page, `/console/draws/new?lot=${lotId}`);
    await page.locator(`#n-lot option[value="${lotId}"]`).waitFor({ state: 'attached' });
    await page.click('#new-draw-submit');
    await page.waitForFunction(() => /^\/console\/draws\/D-/.test(location.pathname));
    const drawId = decodeURIComponent(page.url().match(/draws\/([^/?]+)/)![1]!);
    await page.locator('#draft-part').waitFor();
    await page.fill('#d-asOf', '2023-08-23');
    await page.fill('#d-deadline', await localInput(page, REVEAL_DEADLINE.toISOString()));
    await page.selectOption('#d-chain', 'quicknet');
    await page.fill('#d-round', String(ROUND));
    expect(await textOf(page, '#d-round-time')).toContain('2023');
    await page.click('#draft-save');
    await page.waitForFunction(
      (want) => document.querySelector('#draw-flash')?.textContent === want,
      ru['console.draft.saved']
    );
    await page.locator('#preview-feasible').waitFor();
    const excluded = await page.$$eval('#preview-exclusions tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((c) => c.textContent))
    );
    expect(excluded).toEqual([['R-0005', ru['console.rule.CONFLICT_OF_INTEREST']]]);
    expect(await page.textContent('#preview-counts')).toBe(
      ru['console.preview.counts']
        .replace('{considered}', '8')
        .replace('{eligible}', '7')
        .replace('{excluded}', '1')
    );
    await page.locator('#preview-fairness').waitFor();
    await checkPage(page, 'console-draw-draft-ru');

    // The witness is invited by username.
    await page.fill('#w-username', 'aigerim.witness');
    await page.click('#invite-submit');
    await page.locator('#draw-witnesses td', { hasText: 'Айгерім Сейітова' }).waitFor();

    // The witness, in a browser of their own, on a phone: generate, keep, commit.
    const w = await openConsole(browser, t, 'aigerim.witness', '', {
      lang: 'kk',
      viewport: VIEWPORTS.phone,
    });
    const wp = w.page;
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    const sent: string[] = [];
    wp.on('request', (r) => sent.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
    await waitForPath(wp, '/console/witness');
    expect(await wp.locator('#console-nav-list a').allTextContents()).toEqual([
      kk['console.nav.witness'],
    ]);
    await wp.click(`#generate-${drawId}`);
    const secret = (await textOf(wp, `#secret-${drawId}`)).replace(/\s+/g, '');
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const file = await download(wp, () => wp.click(`#download-${drawId}`));
    expect(JSON.parse(file.bytes.toString('utf8'))).toMatchObject({
      drawId,
      witnessId: 'W-1',
      secret,
      commitment: commitmentFor(secret),
    });
    await wp.click(`#copy-${drawId}`);
    expect(await wp.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await wp.isDisabled(`#commit-${drawId}`)).toBe(true);
    await checkPage(wp, 'witness-secret-kk-phone');
    await fitsWidth(wp);
    await wp.check(`#saved-${drawId}`);
    await wp.click(`#commit-${drawId}`);
    await wp.locator(`#committed-${drawId}`).waitFor();
    expect(sent.filter((s) => s.includes(secret))).toEqual([]);
    expect(sent.filter((s) => s.includes(commitmentFor(secret)))).toHaveLength(1);

    // The operator sees the commitment arrive and announces.
    await page
      .locator('#draw-witnesses [data-witness="W-1"].witness-committed')
      .waitFor({ timeout: 10_000 });
    await page.click('#draw-announce');
    await waitForState(page, 'announced');
    await page.click('#draw-open-reveals');
    await waitForState(page, 'revealing');
    await checkPage(page, 'console-draw-revealing-ru');

    // The witness reveals from the kept file (checked against the commitment in the browser first).
    await wp.locator(`#reveal-file-${drawId}`).waitFor({ timeout: 10_000 });
    await wp.setInputFiles(`#reveal-file-${drawId}`, {
      name: file.name,
      mimeType: 'application/json',
      buffer: file.bytes,
    });
    await wp.waitForFunction(
      (id) =>
        (document.querySelector(`#reveal-${id}`) as HTMLTextAreaElement | null)?.value.includes(
          '"secret"'
        ),
      drawId
    );
    await checkPage(wp, 'witness-reveal-kk-phone');
    await wp.click(`#reveal-submit-${drawId}`);
    await wp.locator(`#accepted-${drawId}`).waitFor();
    const withSecret = sent.filter((s) => s.includes(secret));
    expect(withSecret).toHaveLength(1);
    expect(withSecret[0]).toMatch(
      new RegExp(`^POST ${t.baseUrl}/api/witness/draws/${drawId}/reveal `)
    );

    // Reveals closed, the beacon fetched from the relay once its round is due, the draw run.
    await page.locator('#reveal-progress').waitFor();
    await page.waitForFunction(
      (want) => document.querySelector('#reveal-progress')?.textContent === want,
      ru['console.controls.revealed'].replace('{n}', '1').replace('{of}', '1')
    );
    await page.click('#draw-close-reveals');
    await waitForState(page, 'reveals_closed');
    await page.locator('#beacon-status').waitFor();
    t.clock.set(AFTER_ROUND);
    await page.click('#beacon-fetch');
    await waitForState(page, 'beacon_received');
    expect(relay.requests.some((r) => r.endsWith(`/public/${ROUND}`))).toBe(true);
    await page.click('#draw-run');
    await waitForState(page, 'drawn');
    const before = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
    expect(before.commission).toHaveLength(3);
    expect(before.commission).not.toContain('R-0005');
    expect(
      await page.$$eval('#draw-commission li', (xs) =>
        xs.map((x) => x.getAttribute('data-registry-no'))
      )
    ).toEqual(before.commission);
    await checkPage(page, 'console-draw-drawn-ru');

    // A decline: the next fitting reserve takes the seat, as recorded steps.
    const decliner = before.commission[0]!;
    await page.selectOption('#decline-member', decliner);
    await page.fill('#decline-reason', 'отказался по телефону');
    await page.click('#decline-submit');
    await page.waitForFunction(
      (no) => !document.querySelector(`#draw-commission li[data-registry-no="${no}"]`),
      decliner
    );
    const after = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
    const took = after.replacements.find((s) => s.outcome === 'replacement')!;
    expect(took.detail?.replaces).toBe(decliner);
    expect(before.reserves).toContain(took.registryNo);
    expect(after.commission[0]).toBe(took.registryNo);
    expect(await page.textContent('#draw-replacements')).toContain(
      ru['console.step.replacement']
        .replace('{no}', took.registryNo)
        .replace('{replaces}', decliner)
    );
    const embedded = page.frameLocator('#public-view');
    await embedded.locator('html.mode-embed').waitFor({ state: 'attached' });
    expect(await page.getAttribute('#public-view', 'src')).toBe(`/draws/${drawId}?embed=1&lang=ru`);

    // The witness sees how the secret entered the seed.
    await wp.locator(`#seed-input-${drawId}`).waitFor({ timeout: 10_000 });
    expect(await wp.textContent(`#seed-input-${drawId} .seed-reveals .mine`)).toContain(secret);
    expect(await wp.textContent(`#seed-input-${drawId}`)).toContain(after.seed!);
    await checkPage(wp, 'witness-seed-kk-phone');
    await fitsWidth(wp);

    // The printable protocol and its PDF.
    await page.click('#protocol-links a[href$="/protocol"]');
    await page.locator('#protocol').waitFor();
    const protocolText = (await page.textContent('#protocol'))!;
    for (const no of after.commission) expect(protocolText).toContain(no);
    expect(protocolText).toContain(after.seed!);
    expect(await page.textContent('#p-verify-url')).toBe(`${t.baseUrl}/verify?draw=${drawId}`);
    const d = (await page.getAttribute('#p-verify svg.qr path', 'd'))!;
    const side =
      Number((await page.getAttribute('#p-verify svg.qr', 'viewBox'))!.split(' ')[2]) - 8;
    const svgModules = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
    for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g))
      svgModules[Number(y) - 4]![Number(x) - 4] = true;
    expect(decodeQr(svgModules)).toBe(`${t.baseUrl}/verify?draw=${drawId}`);
    await checkPage(page, 'console-protocol-ru');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#console-nav').isVisible()).toBe(false);
    expect(await page.locator('#protocol').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    const pdf = await download(page, () => page.click('a[href$="protocol.pdf?lang=kk"]'));
    const doc = readPdf(pdf.bytes);
    for (const no of after.commission) expect(doc.words).toContain(no);
    expect(doc.words).toContain(`${t.baseUrl}/verify?draw=${drawId}`);
    const qr = qrMatrix(doc.pages.find((p) => qrMatrix(p) !== null)!)!;
    expect(decodeQr(qr)).toBe(`${t.baseUrl}/verify?draw=${drawId}`);
    const expected = QRCode.create(`${t.baseUrl}/verify?draw=${drawId}`, {
      errorCorrectionLevel: 'M',
    }).modules;
    expect(qr.map((r) => r.map((x) => (x ? 1 : 0)).join(''))).toEqual(
      Array.from({ length: expected.size }, (_, r) =>
        Array.from({ length: expected.size }, (_, c) => expected.get(r, c)).join('')
      )
    );

    // Closing the draw ends the ceremony.
    await go(page, `/console/draws/${drawId}`);
    await page.click('#draw-close');
    await waitForState(page, 'closed');
    expect(unexpected(op.problems, [400])).toEqual([]);
    expect(unexpected(w.problems)).toEqual([]);
    await w.context.close();
    await op.context.close();
  }, 240_000);
});
