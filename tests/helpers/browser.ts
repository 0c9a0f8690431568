/**
 * Browser tests: Debian's chromium driven by playwright-core, the real app served on port 0 with the
 * client built by scripts/build-client.mjs, axe-core for accessibility and screenshots saved to
 * test-artifacts/ (gitignored; CI keeps them as artifacts).
 *
 *   const browser = await launchBrowser();
 *   const t = await startPageServer();            // builds dist/client if stale, then startTestApp()
 *   const page = await openPage(browser, `${t.baseUrl}/`, { lang: 'kk', viewport: VIEWPORTS.phone });
 *   expect(await seriousAxeViolations(page.page)).toEqual([]);
 *   expect(page.problems).toEqual([]);            // console errors, page errors, CSP violations
 *   await saveScreenshot(page.page, 'live-kk-phone');
 *   await page.context.close(); await t.close(); await browser.close();
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Frame,
  type Page,
} from 'playwright-core';
import { startTestApp, type StartTestAppOptions, type TestApp } from './app.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts', 'client');
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

/** Builds dist/client unless it is newer than client/, shared/ and the build script (locked). */
export function ensureClientBuilt(): void {
  execFileSync('node', [join(ROOT, 'scripts', 'build-client.mjs'), '--if-needed'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** The real app on 127.0.0.1:<port 0> (tests/helpers/app.ts) with the client pages built. */
export async function startPageServer(opts: StartTestAppOptions = {}): Promise<TestApp> {
  ensureClientBuilt();
  return startTestApp(opts);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export interface OpenPageOptions {
  /** the browser's preferred language (navigator.languages, Accept-Language); default en-US */
  locale?: string;
  viewport?: { width: number; height: number };
  reducedMotion?: 'reduce' | 'no-preference';
  colorScheme?: 'light' | 'dark';
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** console errors, uncaught page errors and CSP violations seen so far (should stay empty) */
  problems: string[];
}

/** A fresh context (own storage) and page, with problems collected, navigated to `url`. */
export async function openPage(
  browser: Browser,
  url: string,
  opts: OpenPageOptions = {}
): Promise<OpenedPage> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? VIEWPORTS.desktop,
    reducedMotion: opts.reducedMotion ?? 'reduce',
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} @ ${msg.location().url}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, problems };
}

/**
 * Waits until `selector`'s text (trimmed) equals `text`; on timeout fails naming what was there.
 * (Jest's expect has no auto-waiting matchers, and the pages render after fetches.)
 */
export async function waitForText(
  where: Page | Frame,
  selector: string,
  text: string,
  timeout = 5000
): Promise<void> {
  try {
    await where.waitForFunction(
      ([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want,
      [selector, text] as const,
      { timeout }
    );
  } catch {
    const actual = await where
      .locator(selector)
      .first()
      .textContent({ timeout: 100 })
      .catch(() => '(no such element)');
    throw new Error(
      `${selector}: expected text ${JSON.stringify(text)}, found ${JSON.stringify(actual)}`
    );
  }
}

/** Waits until <html lang> is `lang`. */
export async function waitForLang(page: Page, lang: string): Promise<void> {
  await page.waitForSelector(`html[lang="${lang}"]`, { state: 'attached', timeout: 5000 });
}

/**
 * A page of ANOTHER origin (its own server on 127.0.0.1, port 0) that frames `src` in an iframe, as a
 * third-party site embedding the live page would. Close it when done.
 */
export async function serveFramingPage(
  src: string
): Promise<{ url: string; close: () => Promise<void> }> {
  const html = `<!doctype html><html lang="en"><head><title>host</title></head><body>
<iframe title="embedded" width="640" height="480" src="${src.replace(/"/g, '&quot;')}"></iframe>
</body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules plus best practices) on the page and returns the serious
 * and critical violations. axe is evaluated through the DevTools protocol rather than a <script> tag:
 * the page's CSP rightly refuses inline scripts, and the test must not weaken it.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe;
    return (await axe.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[] }[];
      }[];
    };
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
}

/** Saves a full-page PNG as test-artifacts/client/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
