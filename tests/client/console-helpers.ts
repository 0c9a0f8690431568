/**
 * Browser-test support for the console (not a test file): open the console signed in as a real
 * account through the real sign-in form, wait for a screen, assert axe and the absence of page
 * errors, and read a download. Builds on tests/helpers/browser.ts.
 */
import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD, type TestApp } from '../helpers/app.js';
import {
  openPage,
  saveScreenshot,
  seriousAxeViolations,
  VIEWPORTS,
  type OpenedPage,
} from '../helpers/browser.js';

export interface ConsolePageOptions {
  lang?: 'kk' | 'ru' | 'en';
  viewport?: { width: number; height: number };
}

/** Signs in through the form at /console/<path> and waits for the console to show. */
export async function openConsole(
  browser: Browser,
  t: TestApp,
  username: string,
  path = '',
  opts: ConsolePageOptions = {}
): Promise<OpenedPage> {
  const lang = opts.lang ?? 'ru';
  const opened = await openPage(browser, `${t.baseUrl}/console${path}?lang=${lang}`, {
    viewport: opts.viewport ?? VIEWPORTS.desktop,
  });
  const { page } = opened;
  // fail fast, naming the selector, instead of running into the test's own timeout
  page.setDefaultTimeout(15_000);
  await page.locator('#login-view:not([hidden])').waitFor();
  await page.fill('#login-username', username);
  await page.fill('#login-password', TEST_PASSWORD);
  await page.click('#login-submit');
  await page.locator('#session-view:not([hidden])').waitFor();
  await page.locator('#screen-heading').waitFor();
  return opened;
}

/** Goes to a console address through a console link-like navigation (history API, no reload). */
export async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    const a = document.createElement('a');
    a.href = p;
    document.body.append(a);
    a.click();
    a.remove();
  }, path);
  await waitForPath(page, path.split('?')[0]!);
  await page.locator('#screen-heading').waitFor();
}

/** Waits until the address's path is `path` (history API navigations fire no load event). */
export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForFunction((p) => window.location.pathname === p, path);
}

/**
 * Chromium logs every non-2xx fetch as a console error; these are the answers a flow expects. The
 * 401 of GET /api/auth/me before signing in is always expected.
 */
export function unexpected(problems: string[], allowed: number[] = []): string[] {
  return problems.filter(
    (p) =>
      !allowed.some((s) => p.includes(`status of ${s}`)) &&
      !(p.includes('status of 401') && p.includes('/api/auth/me'))
  );
}

/** No serious or critical axe violation, then a screenshot under test-artifacts/client/. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect([name, await seriousAxeViolations(page)]).toEqual([name, []]);
}

/** Nothing on the page is wider than the viewport (it works at phone width without sideways scroll). */
export async function fitsWidth(page: Page): Promise<void> {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over).toBeLessThanOrEqual(0);
}

/** Clicks something that starts a download and returns the file's bytes and suggested name. */
export async function download(
  page: Page,
  click: () => Promise<void>
): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

/** Text of an element, trimmed, once it is non-empty. */
export async function textOf(page: Page, selector: string, timeout = 10_000): Promise<string> {
  await page.waitForFunction(
    (sel) => (document.querySelector(sel)?.textContent ?? '').trim() !== '',
    selector,
    { timeout }
  );
  return ((await page.textContent(selector)) ?? '').trim();
}
