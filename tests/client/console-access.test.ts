/**
 * Roles in the console, in the browser and through the API: an observer sees only the witness screen
 * and reaches no operator screen by address (no operator data is even requested); an operator does
 * not see or reach the accounts; and every call an operator screen makes is refused to the observer
 * by the API itself (403), so hiding a screen is never the only guard.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { withCsrf, type TestApp, type TestSession } from '../helpers/app.js';
import { launchBrowser, startPageServer, VIEWPORTS } from '../helpers/browser.js';
import { seedLot } from '../helpers/draws.js';
import { SCREENS } from '../../client/console/screens.js';
import { checkPage, go, openConsole, textOf, unexpected } from './console-helpers.js';
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

// browser flows: generous under a loaded CI machine (each step still fails fast, see openConsole)
jest.setTimeout(120_000);

let browser: Browser;
let t: TestApp;
let observer: TestSession;
let operator: TestSession;
let lotId: number;

beforeAll(async () => {
  t = await startPageServer();
  browser = await launchBrowser();
  lotId = seedLot(t).lotId;
  observer = await t.loginAs('observer');
  operator = await t.loginAs('operator');
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A concrete address for each screen pattern. */
function addressOf(path: string): string {
  return path
    .replace(':registryNo', 'R-0001')
    .replace(':id/protocol', 'D-2026-0001/protocol')
    .replace('/draws/:id', '/draws/D-2026-0001')
    .replace(':id', String(lotId));
}

describe('roles in the console', () => {
  test('does show an observer only the witness screen and no operator screen, without calling operator APIs', async () => {
    const { page, problems, context } = await openConsole(browser, t, observer.user.username, '', {
      lang: 'kk',
      viewport: VIEWPORTS.phone,
    });
    await page.waitForFunction(() => window.location.pathname === '/console/witness');
    expect(await page.locator('#console-nav-list a').allTextContents()).toEqual([
      kk['console.nav.witness'],
    ]);
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/') && !u.pathname.startsWith('/api/auth/'))
        apiCalls.push(u.pathname);
    });
    const operatorScreens = SCREENS.filter((s) => s.access !== 'observer');
    expect(operatorScreens.length).toBeGreaterThan(10);
    for (const s of operatorScreens) {
      await go(page, addressOf(s.path));
      expect([s.path, await textOf(page, '#screen-heading')]).toEqual([
        s.path,
        kk['console.forbidden.heading'],
      ]);
      expect(await page.locator('#screen form, #screen table, #draw-controls').count()).toBe(0);
    }
    expect(apiCalls.filter((p) => !p.startsWith('/api/witness/'))).toEqual([]);
    await checkPage(page, 'console-forbidden-kk-phone');
    // a reload lands on the same refusal, not on operator content
    await page.reload();
    await page.locator('#screen-heading').waitFor();
    expect(await textOf(page, '#screen-heading')).toBe(kk['console.forbidden.heading']);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does keep the accounts from an operator, in the navigation and by address', async () => {
    const { page, problems, context } = await openConsole(
      browser,
      t,
      operator.user.username,
      '/accounts'
    );
    expect(await textOf(page, '#screen-heading')).toBe(ru['console.forbidden.heading']);
    const nav = await page.locator('#console-nav-list a').allTextContents();
    expect(nav).not.toContain(ru['console.nav.accounts']);
    expect(nav).not.toContain(ru['console.nav.witness']);
    expect(nav).toContain(ru['console.nav.experts']);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  test('does answer 403 to an observer for every API call the operator screens make', async () => {
    const draft = (await operator.agent.post('/api/draws').set(withCsrf(operator)).send({ lotId }))
      .body as { id: string };
    const reads = [
      '/api/experts',
      '/api/experts/R-0001',
      '/api/experts/R-0001/history',
      '/api/experts/export.csv',
      '/api/directions',
      '/api/competitions',
      '/api/lots',
      `/api/lots/${lotId}`,
      `/api/lots/${lotId}/exclusions`,
      '/api/conflict-kinds',
      '/api/declarations',
      '/api/draws',
      `/api/draws/${draft.id}`,
      `/api/draws/${draft.id}/preview`,
      '/api/accounts',
    ];
    for (const path of reads) {
      const res = await observer.agent.get(path);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    const writes: [string, string, object][] = [
      ['post', '/api/experts/import?dryRun=1', { csv: 'registry_no\nR-9' }],
      ['post', '/api/experts', {}],
      ['patch', '/api/experts/R-0001', { phone: '+7 700 000 00 00' }],
      ['post', '/api/experts/R-0001/suspend', { reason: 'x' }],
      ['post', '/api/directions', {}],
      ['post', '/api/lots', {}],
      ['post', '/api/declarations', {}],
      ['post', '/api/draws', { lotId }],
      ['patch', `/api/draws/${draft.id}/draft`, { size: 5 }],
      ['post', `/api/draws/${draft.id}/witnesses`, { username: observer.user.username }],
      ['post', `/api/draws/${draft.id}/announce`, {}],
      ['post', `/api/draws/${draft.id}/cancel`, { reason: 'x' }],
      ['post', '/api/accounts', {}],
    ];
    for (const [method, path, body] of writes) {
      const res = await observer.agent[method as 'post'](path).set(withCsrf(observer)).send(body);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect((await operator.agent.get(`/api/draws/${draft.id}`)).body.state).toBe('draft');
  });
});
