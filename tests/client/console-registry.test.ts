/**
 * The console's registry screens in a real browser against the real server: an operator adds a
 * direction, imports a CSV with errors (sees the row-by-row report; nothing is imported), checks the
 * fixed file with a dry run and imports it, searches and filters, exports, edits an expert, suspends
 * one with a reason, reads the history, and adds an expert with a BIN the browser checks. Every screen
 * passes axe-core and fits a phone's width.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { withCsrf, type TestApp, type TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer, VIEWPORTS } from '../helpers/browser.js';
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
  'Реестровый номер;ФИО (каз.);ФИО (рус.);Направления;Регион;Организации;Кем предложен;Дата включения';
const GOOD = [
  'R-0001;Сәрсенова Айгүл;Сарсенова Айгуль;youth;KZ-71;;ngo;2021-01-01',
  'R-0002;Жұмабаев Нұрлан;Жумабаев Нурлан;youth;KZ-75;ОФ «Болашақ» / 940140000385 / член;operator;2021-01-01',
  'R-0003;Оспанова Дина;Оспанова Дина;youth;KZ-71;;ngo;2021-01-01',
  'R-0004;Ким Ирина;Ким Ирина;youth;KZ-11;;ngo;2021-01-01',
];
/** Row 3: unknown region; row 4: BIN with a wrong check digit; row 5: unknown direction. */
const BAD = [
  GOOD[0],
  GOOD[1]!.replace('KZ-75', 'Нарния'),
  GOOD[2]!.replace(';;ngo', ';ОФ «Жаңа» / 940140000386 / член;ngo'),
  GOOD[3]!.replace('youth', 'space'),
];
const csv = (rows: string[]) =>
  Buffer.from('\ufeff' + [HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');

// browser flows: generous under a loaded CI machine (each step still fails fast, see openConsole)
jest.setTimeout(120_000);

let browser: Browser;
let t: TestApp;
let op: TestSession;

beforeAll(async () => {
  t = await startPageServer();
  browser = await launchBrowser();
  op = await t.loginAs('operator');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function chooseFile(page: Page, rows: string[]): Promise<void> {
  await page.setInputFiles('#import-file', {
    name: 'registry.csv',
    mimeType: 'text/csv',
    buffer: csv(rows),
  });
}

describe('the registry in the console', () => {
  test('does import all or nothing with a row-by-row report, then search, export, edit, suspend and show the history', async () => {
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      '/directions',
      {
        viewport: VIEWPORTS.phone,
      }
    );
    await page.fill('#d-code', 'youth');
    await page.fill('#d-nameKk', 'Жастар саясаты');
    await page.fill('#d-nameRu', 'Молодёжная политика');
    await page.fill('#d-nameEn', 'Youth policy');
    await page.click('#direction-submit');
    await page.locator('table.data td', { hasText: 'Молодёжная политика' }).waitFor();
    await checkPage(page, 'console-directions-ru-phone');
    await fitsWidth(page);

    // A file with three bad rows: the report names row, column and problem; nothing is written.
    await go(page, '/console/import');
    await chooseFile(page, BAD);
    await page.click('#import-run');
    expect(await textOf(page, '#import-outcome')).toBe(
      ru['console.import.rejected'].replace('{n}', '3')
    );
    const report = await page.$$eval('#import-report tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent))
    );
    expect(report).toEqual([
      ['3', 'Регион', ru['console.csv.REGION_UNKNOWN']],
      ['4', 'Организации', ru['console.csv.BIN_INVALID']],
      ['5', 'Направления', ru['console.csv.DIRECTION_UNKNOWN']],
    ]);
    // The details come from the catalogue: the cell as written, never the server's English line.
    const details = await page.$$eval('#import-report tbody tr td:nth-child(4)', (tds) =>
      tds.map((td) => td.textContent)
    );
    expect(details).toEqual([
      ru['console.csv.detail.value'].replace('{value}', 'Нарния'),
      ru['console.csv.detail.value'].replace('{value}', 'ОФ «Жаңа» / 940140000386 / член'),
      ru['console.csv.detail.value'].replace('{value}', 'space'),
    ]);
    await checkPage(page, 'console-import-report-ru-phone');
    await fitsWidth(page);
    expect((await op.agent.get('/api/experts')).body.total).toBe(0);

    // The fixed file: a dry run writes nothing, then the import writes all four.
    await chooseFile(page, GOOD);
    await page.click('#import-dry-run');
    await page.locator('#import-report.good').waitFor();
    // The dry run lists the rows it would add, for the operator to look over first.
    const preview = await page.$$eval('#import-preview tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
    );
    expect(preview.map(([no, , change]) => [no, change])).toEqual(
      ['R-0001', 'R-0002', 'R-0003', 'R-0004'].map((no) => [no, ru['console.import.action.create']])
    );
    expect(preview[1]![1]).toBe('Жумабаев Нурлан');
    expect(await textOf(page, '#import-outcome')).toContain('4');
    expect((await op.agent.get('/api/experts')).body.total).toBe(0);
    await page.click('#import-run');
    await page.waitForFunction(
      (want) => document.querySelector('#import-outcome')?.textContent === want,
      ru['console.import.done']
        .replace('{rows}', '4')
        .replace('{created}', '4')
        .replace('{updated}', '0')
        .replace('{unchanged}', '0')
    );
    expect((await op.agent.get('/api/experts')).body.total).toBe(4);

    // The list: search by name, filter by who proposed, export what the filter selects.
    await go(page, '/console/experts');
    await page.locator('#experts-results table').waitFor();
    expect(await page.locator('#experts-results tbody tr').count()).toBe(4);
    await page.fill('#f-q', 'Жумабаев');
    await page.click('#experts-apply');
    await page.waitForFunction(() => location.search.includes('q='));
    await page.waitForFunction(
      () => document.querySelectorAll('#experts-results tbody tr').length === 1
    );
    expect(await page.textContent('#experts-results tbody')).toContain('R-0002');
    await page.fill('#f-q', '');
    await page.selectOption('#f-proposedBy', 'ngo');
    await page.click('#experts-apply');
    await page.waitForFunction(
      () => document.querySelectorAll('#experts-results tbody tr').length === 3
    );
    await checkPage(page, 'console-experts-ru-phone');
    await fitsWidth(page);
    const exported = await download(page, () => page.click('#experts-export'));
    expect(exported.name).toBe('registry.csv');
    const text = exported.bytes.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('R-0001');
    expect(text).not.toContain('R-0002');

    // One expert: edit the phone, suspend with a reason, read the history.
    await page.click('a[href="/console/experts/R-0003"]');
    await page.locator('#expert-form').waitFor();
    await page.fill('#x-phone', '+7 701 555 00 03');
    await page.click('#expert-submit');
    await page.waitForFunction(
      (want) => document.querySelector('#expert-flash')?.textContent === want,
      ru['console.form.saved']
    );
    expect((await op.agent.get('/api/experts/R-0003')).body.phone).toBe('+7 701 555 00 03');
    await page.click('#expert-suspend');
    expect(await textOf(page, '#status-reason-error')).toBe(ru['console.form.required']);
    await page.fill('#status-reason', 'по личному заявлению');
    await page.click('#expert-suspend');
    await page.waitForFunction(
      (want) => document.querySelector('#expert-status')?.textContent?.includes(want),
      ru['console.status.suspended']
    );
    const expert = (await op.agent.get('/api/experts/R-0003')).body;
    expect([expert.status, expert.statusReason]).toEqual(['suspended', 'по личному заявлению']);
    await page.waitForFunction(
      () => document.querySelectorAll('#expert-history > li').length === 3
    );
    const history = await page.$$eval('#expert-history > li .history-head', (xs) =>
      xs.map((x) => x.textContent ?? '')
    );
    expect(history[0]).toContain(ru['console.action.suspend']);
    expect(history[0]).toContain(op.user.username);
    expect(history[1]).toContain(ru['console.action.update']);
    expect(history[2]).toContain(ru['console.action.import-create']);
    expect(await page.textContent('#expert-history')).toContain('+7 701 555 00 03');
    await checkPage(page, 'console-expert-ru-phone');
    await fitsWidth(page);
    expect(unexpected(problems, [400])).toEqual([]);
    await context.close();
  });

  test('does check a BIN in the browser before adding an expert, in Kazakh', async () => {
    const dirs = (await op.agent.get('/api/directions')).body as { code: string }[];
    if (!dirs.some((d) => d.code === 'youth'))
      await op.agent
        .post('/api/directions')
        .set(withCsrf(op))
        .send({
          code: 'youth',
          nameKk: 'Жастар саясаты',
          nameRu: 'Молодёжная политика',
          nameEn: 'Youth',
        })
        .expect(201);
    const { page, problems, context } = await openConsole(
      browser,
      t,
      op.user.username,
      '/experts/new',
      {
        lang: 'kk',
        viewport: VIEWPORTS.phone,
      }
    );
    await page.locator('#expert-form').waitFor();
    await page.fill('#x-registryNo', 'R-0100');
    await page.fill('#x-fullNameKk', 'Әлиев Тимур');
    await page.check('#x-directions input[value="youth"]');
    await page.selectOption('#x-region', 'KZ-71');
    await page.click('#x-organizations-add');
    await page.fill('#x-organizations-0-name', '«Жастар» ҚБ');
    await page.fill('#x-organizations-0-bin', '940140000386');
    await page.fill('#x-organizations-0-role', 'мүше');
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/experts')) posts++;
    });
    await page.click('#expert-submit');
    expect(await textOf(page, '#x-organizations-0-bin-error')).toBe(kk['console.bin.checkDigit']);
    expect(await page.getAttribute('#x-organizations-0-bin', 'aria-invalid')).toBe('true');
    expect(posts).toBe(0);
    await checkPage(page, 'console-expert-new-kk-phone');
    await page.fill('#x-organizations-0-bin', '940140000385');
    await page.click('#expert-submit');
    await waitForPath(page, '/console/experts/R-0100');
    expect(await textOf(page, '#expert-flash')).toBe(kk['console.experts.created']);
    expect((await op.agent.get('/api/experts/R-0100')).body.organizations[0].bin).toBe(
      '940140000385'
    );
    await fitsWidth(page);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does convert an Excel Windows-1251 file before checking it, and refuse one that lost Kazakh letters', async () => {
    const dirs = (await op.agent.get('/api/directions')).body as { code: string }[];
    if (!dirs.some((d) => d.code === 'youth'))
      await op.agent
        .post('/api/directions')
        .set(withCsrf(op))
        .send({
          code: 'youth',
          nameKk: 'Жастар саясаты',
          nameRu: 'Молодёжная политика',
          nameEn: 'Youth',
        })
        .expect(201);
    const { page, problems, context } = await openConsole(browser, t, op.user.username, '/import');
    // The empty template, headers in the page's language, is one click away.
    expect(await page.getAttribute('#import-template', 'href')).toBe(
      '/api/experts/import-template.csv?lang=ru'
    );
    expect(await textOf(page, '#import-template')).toBe(ru['console.import.template']);
    // Real Windows-1251 bytes, as Excel in a Russian Windows saves "CSV (разделители — точка с запятой)".
    const decoder = new TextDecoder('windows-1251');
    const table = new Map<string, number>();
    for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
    const cp1251 = (text: string) => Buffer.from([...text].map((c) => table.get(c) ?? 0x3f));
    // Russian only: no Kazakh names column, the one Kazakh organisation name written in Russian.
    const russianOnly = [
      HEADER,
      ...GOOD.map((r) =>
        r
          .split(';')
          .map((c, i) => (i === 1 ? '' : c.replace('Болашақ', 'Болашак')))
          .join(';')
      ),
    ];
    await page.setInputFiles('#import-file', {
      name: 'registry-1251.csv',
      mimeType: 'text/csv',
      buffer: cp1251(russianOnly.join('\r\n') + '\r\n'),
    });
    await page.click('#import-dry-run');
    await page.locator('#import-report.good').waitFor();
    expect(await textOf(page, '#import-encoding')).toBe(ru['console.import.converted']);
    expect(await textOf(page, '#import-outcome')).toContain('4');

    // With the Kazakh names column, Excel wrote "?" for ә, қ, ү…: refused, naming the letters.
    await page.setInputFiles('#import-file', {
      name: 'registry-kk-1251.csv',
      mimeType: 'text/csv',
      buffer: cp1251([HEADER, ...GOOD].join('\r\n') + '\r\n'),
    });
    await page.click('#import-dry-run');
    await page.waitForFunction(
      (want) => document.querySelector('#import-encoding')?.textContent === want,
      ru['console.import.lettersLost'].replace('{letters}', 'ә ғ қ ң ө ұ ү һ')
    );
    expect(await page.locator('#import-report').count()).toBe(0);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
