/**
 * The operator console's sign-in in a real browser against the real server and real accounts: field
 * validation, a wrong password, signing in (POST /api/auth/login then GET /api/auth/me), the session
 * surviving a reload, signing out, axe-core on the sign-in form, and refusal to be framed.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  openPage,
  saveScreenshot,
  seriousAxeViolations,
  serveFramingPage,
  startPageServer,
  VIEWPORTS,
  waitForLang,
  waitForText,
} from '../helpers/browser.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

let browser: Browser;
let t: TestApp;

beforeAll(async () => {
  t = await startPageServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Chromium logs every non-2xx fetch; these are the answers the sign-in flow expects. */
function unexpected(problems: string[], allowed: number[]): string[] {
  return problems.filter((p) => !allowed.some((s) => p.includes(`status of ${s}`)));
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
}

describe('console sign-in', () => {
  test('does show the sign-in form without a session, with no serious axe violation', async () => {
    for (const [lang, m] of [
      ['kk', kk],
      ['ru', ru],
      ['en', en],
    ] as const) {
      const p = await openPage(browser, `${t.baseUrl}/console?lang=${lang}`, {
        viewport: VIEWPORTS.phone,
      });
      const { page } = p;
      await page.locator('#login-view:not([hidden])').waitFor();
      await waitForText(page, '#login-heading', m['console.login.heading']);
      await waitForText(page, 'label[for="login-password"]', m['console.login.password']);
      expect(await page.locator('#session-view').isVisible()).toBe(false);
      await saveScreenshot(page, `console-login-${lang}-phone`);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(unexpected(p.problems, [401])).toEqual([]);
      await p.context.close();
    }
  });

  test('when fields are empty, does name each one and send nothing', async () => {
    const p = await openPage(browser, `${t.baseUrl}/console?lang=ru`);
    const { page } = p;
    await page.locator('#login-view:not([hidden])').waitFor();
    let loginRequests = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/login')) loginRequests++;
    });
    await page.click('#login-submit');
    await waitForText(page, '#login-username-error', ru['console.login.required']);
    await waitForText(page, '#login-password-error', ru['console.login.required']);
    expect(await page.getAttribute('#login-username', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-username');
    await page.fill('#login-username', 'someone');
    await page.click('#login-submit');
    expect(await page.locator('#login-username-error').isVisible()).toBe(false);
    expect(await page.getAttribute('#login-username', 'aria-invalid')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    expect(loginRequests).toBe(0);
    await saveScreenshot(page, 'console-login-validation-ru');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await p.context.close();
  });

  test('when the password is wrong, does show the error by its code', async () => {
    const user = await t.createUser('operator');
    const p = await openPage(browser, `${t.baseUrl}/console?lang=kk`);
    const { page } = p;
    await page.locator('#login-view:not([hidden])').waitFor();
    await signIn(page, user.username, 'not-the-password');
    await waitForText(page, '#login-error', kk['error.INVALID_CREDENTIALS']);
    expect(await page.inputValue('#login-password')).toBe('');
    expect(await page.locator('#session-view').isVisible()).toBe(false);
    expect(unexpected(p.problems, [401])).toEqual([]);
    await p.context.close();
  });

  test('does sign in with a real account, keep the session on reload and sign out', async () => {
    const user = await t.createUser('operator');
    const p = await openPage(browser, `${t.baseUrl}/console?lang=en`);
    const { page } = p;
    await page.locator('#login-view:not([hidden])').waitFor();
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/auth/')) calls.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    await signIn(page, user.username, TEST_PASSWORD);
    const signedIn = en['console.session.user']
      .replace('{name}', user.displayName)
      .replace('{role}', en['role.operator']);
    await waitForText(page, '#session-user', signedIn);
    expect(calls).toEqual(['POST /api/auth/login', 'GET /api/auth/me']);
    expect(await page.locator('#login-view').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('screen-heading');
    await saveScreenshot(page, 'console-session-en');

    await page.getByRole('button', { name: 'Русский' }).click();
    await waitForLang(page, 'ru');
    await waitForText(
      page,
      '#session-user',
      ru['console.session.user']
        .replace('{name}', user.displayName)
        .replace('{role}', ru['role.operator'])
    );

    await page.reload();
    await waitForText(
      page,
      '#session-user',
      ru['console.session.user']
        .replace('{name}', user.displayName)
        .replace('{role}', ru['role.operator'])
    );

    await page.click('#logout');
    await waitForText(page, '#console-status', ru['console.loggedOut']);
    await page.locator('#login-view:not([hidden])').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    expect(unexpected(p.problems, [401])).toEqual([]);
    await p.context.close();
  });

  test('does answer every console route with the console page', async () => {
    const p = await openPage(browser, `${t.baseUrl}/console/registry/experts?lang=en`);
    await waitForText(p.page, 'h1', en['console.heading']);
    await p.page.locator('#login-view:not([hidden])').waitFor();
    await p.context.close();
  });

  test('does refuse to be framed by another site', async () => {
    const host = await serveFramingPage(`${t.baseUrl}/console`);
    const p = await openPage(browser, host.url);
    const frame = p.page.frames().find((f) => f !== p.page.mainFrame());
    expect(frame).toBeDefined();
    // chromium reports the refusal and shows its own error page in the frame instead
    for (let i = 0; i < 50 && !p.problems.some((x) => x.includes('frame-ancestors')); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(p.problems.filter((x) => x.includes('frame-ancestors')).length).toBe(1);
    expect(await frame!.locator('#login-form').count()).toBe(0);
    await p.context.close();
    await host.close();
  });
});
