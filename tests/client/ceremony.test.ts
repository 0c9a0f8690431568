/**
 * The whole public ceremony in a real browser (Debian chromium, playwright-core) against the real app
 * with its socket layer, on the demo registry (server/demo/seed.ts, 320 experts): a draw is driven
 * through the operator's and the witness's HTTP APIs — draft, witness invited and committed,
 * announcement, reveals opened, the witness's reveal, reveals closed, the beacon fetched from a local
 * drand relay on 127.0.0.1 serving a RECORDED REAL quicknet round, the run, a decline and its
 * replacement, close — while a viewer page watches from before the announcement. The app's clock runs
 * in real time from half an hour before the round (so it is in the future at the announcement) and
 * jumps past it for the fetch.
 *
 * The viewer must see every event exactly once and in order (compared with the public API's log
 * entries and steps), switch language mid-ceremony, survive a dropped connection without a gap or a
 * duplicate, verify the beacon's BLS signature and the seed in the page, and "verify in your browser"
 * must pass every check; a bundle with one changed field dropped on the verify page must fail the
 * check that covers it, with its code. Screenshots of the live page in each language go to
 * test-artifacts/client/; axe-core runs on the live and verify pages with the completed draw.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { roundTime } from '../../shared/drand-chains.js';
import { commitmentFor } from '../../shared/seed.js';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import { Competition } from '../../shared/schemas/lots.js';
import { CompetitionWithLots } from '../../shared/api/lots.js';
import { seedDemoIfEmpty } from '../../server/demo/seed.js';
import type { TestApp, TestSession } from '../helpers/app.js';
import {
  VIEWPORTS,
  launchBrowser,
  openPage,
  saveScreenshot,
  seriousAxeViolations,
  startPageServer,
  waitForLang,
  waitForText,
} from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { drawApi, witnessApi } from '../helpers/draws.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;

/** A real quicknet round recorded in tests/fixtures/drand/quicknet.json (2026-07-23T07:38:30Z). */
const ROUND = 30662982;
const ROUND_AT = roundTime('quicknet', ROUND) * 1000;
const SECRET = 'a7'.repeat(32);
const STEP_INTERVAL_MS = 100;

/** The app's clock: real time, starting (and jumping) where the test says. */
function runningClock(startMs: number) {
  let offset = startMs - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    jumpTo: (ms: number) => {
      offset = ms - Date.now();
    },
  };
}

let browser: Browser;
let t: TestApp;
let relay: TestDrandRelay;
let op: TestSession;
let witness: TestSession;
const clock = runningClock(ROUND_AT - 30 * 60_000);

interface TimelineItem {
  seq: number;
  kind: string;
  n: number | null;
  registryNo: string | null;
  outcome: string | null;
  rule: string | null;
}

/** What the viewer's timeline shows, item by item. */
function timeline(page: Page): Promise<TimelineItem[]> {
  return page.locator('#draw-steps > li').evaluateAll((lis) =>
    lis.map((li) => {
      const d = (li as HTMLElement).dataset;
      return {
        seq: Number(d['seq']),
        kind: d['kind'] ?? '',
        n: d['stepN'] ? Number(d['stepN']) : null,
        registryNo: d['registryNo'] ?? null,
        outcome: d['outcome'] ?? null,
        rule: d['rule'] ?? null,
      };
    })
  );
}

async function waitForKind(page: Page, kind: string, count = 1, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    ([k, c]) => document.querySelectorAll(`#draw-steps > li[data-kind="${k}"]`).length >= c!,
    [kind, count] as const,
    { timeout }
  );
}

async function publicDetail(id: string): Promise<PublicDrawDetail> {
  const res = await t.agent.get(`/api/public/draws/${id}`).expect(200);
  return PublicDrawDetail.parse(res.body);
}

/** The timeline the public record implies: one item per log entry, a draw's result as its steps. */
function expectedKinds(d: PublicDrawDetail): string[] {
  const out: string[] = [];
  // `steps` holds every recorded step; `replacements` those after the draw
  const drawn = d.steps.filter((s) => s.phase !== 'replacement');
  let declines = 0;
  const declineSteps = (k: number) => {
    // replacements are grouped per decline in log order; each decline's steps end before the next
    const counts: number[] = [];
    let current = -1;
    for (const s of d.replacements) {
      if (s.outcome === 'declined' || s.outcome === 'withdrawn') counts[++current] = 0;
      counts[current] = (counts[current] ?? 0) + 1;
    }
    return counts[k] ?? 0;
  };
  for (const e of d.log) {
    if (e.type === 'draw.result') out.push('seed', ...drawn.map(() => 'step'), 'result');
    else if (e.type === 'draw.declined')
      out.push(
        'decline',
        ...Array.from({ length: declineSteps(declines++) }, () => 'step'),
        'result'
      );
    else out.push(e.type);
  }
  return out;
}

async function findYouthLot2026(): Promise<number> {
  const comps = Competition.array().parse((await t.agent.get('/api/public/competitions')).body);
  const c = comps.find((x) => x.code === 'GG-2026')!;
  const full = CompetitionWithLots.parse(
    (await t.agent.get(`/api/public/competitions/${c.id}`)).body
  );
  return full.lots.find((l) => l.directionCode === 'youth')!.id;
}

function draft() {
  return {
    method: 'adal-v1' as const,
    size: 7,
    reserves: 4,
    quotas: [
      { category: 'proposedBy' as const, value: 'operator' as const, maxPercent: 20 },
      { category: 'proposedBy' as const, value: 'ngo' as const, minPercent: 80 },
      { category: 'gender' as const, value: 'female' as const, minPercent: 40 },
    ],
    perOrganizationMax: 1,
    cooldownDays: 365,
    asOf: '2026-07-22',
    entropy: {
      drand: {
        chain: 'quicknet' as const,
        chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
        round: ROUND,
      },
      publicSources: [],
    },
    revealDeadline: new Date(ROUND_AT - 5 * 60_000).toISOString().replace('.000Z', 'Z'),
  };
}

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({
    sockets: true,
    config: { DRAND_URL: relay.url, STEP_INTERVAL_MS },
    context: { clock: clock.now },
  });
  seedDemoIfEmpty(t.ctx);
  op = await t.loginAs('operator');
  witness = await t.loginAs('observer');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

describe('the live ceremony', () => {
  let drawId: string;
  let bundleText: string;

  test('does show every step of a real ceremony in order, in every language, and verify it in the browser', async () => {
    const api = drawApi(op);
    const w = witnessApi(witness);
    const lotId = await findYouthLot2026();
    drawId = (await api.create(lotId, draft()).expect(201)).body.id as string;

    // The viewer arrives while the draw is a draft and watches everything from here on.
    const viewer = await openPage(browser, `${t.baseUrl}/draws/${drawId}`, { locale: 'ru-RU' });
    const { page } = viewer;
    await waitForLang(page, 'ru');
    await waitForKind(page, 'draw.created');
    await waitForText(page, '#draw-state .badge', ru['draw.state.draft']);

    await api.invite(drawId, witness.user.username).expect(201);
    await w.commit(drawId, commitmentFor(SECRET)).expect(200);
    await api.announce(drawId).expect(200);
    await waitForKind(page, 'draw.announced');
    await waitForText(page, '#draw-state .badge', ru['draw.state.announced']);
    // The frozen pool is numbered and searchable; exclusions name their rule.
    const poolSize = await page.locator('#pool-body tr').count();
    expect(poolSize).toBeGreaterThan(10);
    const excluded = await page
      .locator('#exclusions-list li')
      .evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-registry-no'), li.getAttribute('data-rule')])
      );
    const announced = await publicDetail(drawId);
    expect(excluded).toEqual(announced.exclusions.map((x) => [x.registryNo, x.rule]));
    expect(new Set(excluded.map(([, rule]) => rule)).size).toBeGreaterThanOrEqual(3);
    const third = await page.locator('#pool-body tr').nth(2).getAttribute('data-registry-no');
    await page.fill('#pool-search', third!);
    await page.waitForFunction(() => document.querySelectorAll('#pool-body tr').length === 1);
    expect(await page.locator('#pool-body tr td').first().textContent()).toBe('3');
    await page.fill('#pool-search', '');
    expect(await page.locator('#fairness-body tr').count()).toBe(poolSize);

    await api.openReveals(drawId).expect(200);
    await w.reveal(drawId, SECRET).expect(200);
    await api.closeReveals(drawId).expect(200);
    await waitForKind(page, 'draw.reveals_closed');
    await waitForText(page, '#witnesses-body .check-ok', `✓ ${ru['witnesses.matches']}`);

    clock.jumpTo(ROUND_AT + 60_000);
    await api.fetchBeacon(drawId).expect(200);
    await waitForKind(page, 'draw.beacon');
    await waitForText(page, '#beacon-verdict', `✓ ${ru['beacon.verified']}`, 15_000);

    await api.run(drawId).expect(200);
    await waitForKind(page, 'step', 3);
    // Mid-ceremony: the viewer switches to Kazakh…
    await page.getByRole('button', { name: 'Қазақша' }).click();
    await waitForLang(page, 'kk');
    await waitForText(page, '#steps-heading', kk['draw.steps.heading']);
    // …and the connection drops; the page reconnects and catches up from its last seq.
    for (const s of t.live!.io.of('/live').sockets.values()) s.conn.close();
    await waitForKind(page, 'result', 1, 30_000);
    await waitForText(page, '#seed-verdict', `✓ ${kk['seed.matches']}`);

    // A member declines; the replacement is played later, the same way.
    const afterRun = await publicDetail(drawId);
    await api.decline(drawId, afterRun.commission[0]!).expect(200);
    await waitForKind(page, 'result', 2, 30_000);
    await api.close(drawId).expect(200);
    await waitForKind(page, 'draw.closed');
    await waitForText(page, '#draw-state .badge', kk['draw.state.closed']);

    // Every event exactly once, in order, as the public record has it.
    const d = await publicDetail(drawId);
    const items = await timeline(page);
    expect(items.map((i) => i.seq)).toEqual(items.map((_, i) => i + 1));
    expect(items.map((i) => i.kind)).toEqual(expectedKinds(d));
    const steps = items.filter((i) => i.kind === 'step');
    expect(steps).toEqual(
      d.steps.map((s) => ({
        seq: expect.any(Number),
        kind: 'step',
        n: s.n,
        registryNo: s.registryNo,
        outcome: s.outcome,
        rule: s.rule ?? null,
      }))
    );
    expect(steps.some((s) => s.outcome === 'skipped')).toBe(true);
    const listed = (id: string) =>
      page
        .locator(`#${id} li.seat`)
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-registry-no')));
    expect(await listed('stage-commission')).toEqual(d.commission);
    expect(await listed('stage-reserves')).toEqual(d.reserves);
    // Steps read in Kazakh after the switch, earlier ones included.
    const outcomes = await page
      .locator('#draw-steps > li[data-kind="step"] .step-text')
      .evaluateAll((els) => els.map((e) => [e.parentElement!.dataset['outcome'], e.textContent]));
    for (const [outcome, text] of outcomes)
      expect(text).toContain(kk[`step.outcome.${outcome}` as keyof typeof kk] as string);
    expect(await page.locator('#draw-steps').getAttribute('aria-live')).toBe('polite');

    // Screenshots and axe in each language, with the completed draw rendered.
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const m = MESSAGES[lang];
      await page.evaluate(
        (l) => document.querySelector<HTMLButtonElement>(`[data-lang="${l}"]`)!.click(),
        lang
      );
      await waitForLang(page, lang);
      await waitForText(page, '#draw-state .badge', m['draw.state.closed']);
      await waitForText(page, '#stage-status', m['stage.formed']);
      // Exclusions in kk and ru: no English record, no internal code; applicants named beside BINs.
      if (lang !== 'en') {
        const exclusions = (await page.locator('#exclusions-list').textContent())!;
        expect([lang, exclusions.replace(/R-\d{4}/g, '').match(/[A-Za-z_]{2,}/g)]).toEqual([
          lang,
          null,
        ]);
        const named = (await publicDetail(drawId)).lot.applicants.filter((a) =>
          exclusions.includes(a.bin)
        );
        expect(named.length).toBeGreaterThan(0);
        for (const a of named)
          expect(exclusions).toContain(
            m['exclusion.applicantNamed'].replace('{name}', a.name).replace('{bin}', a.bin)
          );
      }
      await saveScreenshot(page, `ceremony-live-${lang}`);
      expect([lang, await seriousAxeViolations(page)]).toEqual([lang, []]);
    }

    // Verify in your browser: the bundle from the server, every check (fairness too) in the page.
    await page.check('#draw-verify-fairness');
    await page.getByRole('button', { name: en['draw.verify.button'] }).click();
    await page.waitForSelector('#draw-verify-summary[data-result]', { timeout: 60_000 });
    const checks = await page
      .locator('#draw-checks li')
      .evaluateAll((lis) =>
        lis.map((li) => [li.getAttribute('data-check-id'), li.getAttribute('data-status')])
      );
    expect(checks).toEqual(
      [
        'schema',
        'checkpoint',
        'entries',
        'pool',
        'announcement',
        'commitments',
        'reveals',
        'beacon',
        // check 8a: the log had verified the round when it signed, so its checkpoint has a time line
        'time',
        'seed',
        'selection',
        'replacements',
        'fairness',
        'inclusion',
      ].map((id) => [id, 'passed'])
    );
    expect(await page.locator('#draw-verify-summary').getAttribute('data-result')).toBe('passed');
    expect(await page.locator('#draw-verify-key').inputValue()).toBe(t.ctx.tlog!.vkey);
    await saveScreenshot(page, 'ceremony-verified-en');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(viewer.problems).toEqual([]);
    await viewer.context.close();

    bundleText = (await t.agent.get(`/api/public/draws/${drawId}/bundle`).expect(200)).text;
  }, 180_000);

  test('does show the finished ceremony to a late viewer in one catch-up, as overlay and on a phone', async () => {
    const late = await openPage(browser, `${t.baseUrl}/draws/${drawId}?lang=en`, {
      viewport: VIEWPORTS.phone,
    });
    await waitForKind(late.page, 'draw.closed');
    const items = await timeline(late.page);
    expect(items.map((i) => i.seq)).toEqual(items.map((_, i) => i + 1));
    expect(items.map((i) => i.kind)).toEqual(expectedKinds(await publicDetail(drawId)));
    await saveScreenshot(late.page, 'ceremony-live-en-phone');
    expect(await seriousAxeViolations(late.page)).toEqual([]);
    await late.context.close();

    const overlay = await openPage(browser, `${t.baseUrl}/draws/${drawId}?overlay=1&lang=kk`, {
      viewport: { width: 1920, height: 1080 },
    });
    await waitForText(overlay.page, '#stage-status', kk['stage.formed']);
    expect(await overlay.page.locator('#stage').isVisible()).toBe(true);
    expect(await overlay.page.locator('#draw-steps').isVisible()).toBe(false);
    expect(await overlay.page.locator('#pool-table').isVisible()).toBe(false);
    await overlay.page.screenshot({
      path: 'test-artifacts/client/ceremony-overlay-kk.png',
      omitBackground: true,
    });
    expect(await seriousAxeViolations(overlay.page)).toEqual([]);
    expect([...late.problems, ...overlay.problems]).toEqual([]);
    await overlay.context.close();
  }, 60_000);

  test('when a saved bundle has one field changed, does fail the check that covers it (offline)', async () => {
    const p = await openPage(browser, `${t.baseUrl}/verify?lang=ru`);
    const { page } = p;
    await waitForText(page, '#verify-key-origin', ru['verify.key.origin.server']);
    // From here on the page has no network: the bundle file is checked with what the page holds.
    await p.context.setOffline(true);
    const drop = async (name: string, text: string) =>
      page.evaluate(
        ([fileName, content]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([content!], fileName!, { type: 'application/json' }));
          const zone = document.getElementById('drop-zone')!;
          zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }));
          zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
        },
        [name, text] as const
      );

    await drop(`${drawId}.json`, bundleText);
    await page.waitForSelector('#verify-summary[data-result="passed"]', { timeout: 30_000 });

    const bundle = JSON.parse(bundleText) as {
      entries: { entry: { type: string; data: { seed?: string } } }[];
    };
    const result = bundle.entries.find((e) => e.entry.type === 'draw.result')!;
    const seed = result.entry.data.seed!;
    result.entry.data.seed = seed.slice(0, -1) + (seed.endsWith('0') ? '1' : '0');
    await drop('tampered.json', JSON.stringify(bundle));
    await page.waitForSelector('#verify-summary[data-result="failed"]', { timeout: 30_000 });
    const failed = page.locator('#checks li[data-status="failed"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.getAttribute('data-check-id')).toBe('seed');
    expect(await failed.getAttribute('data-code')).toBe('SEED_MISMATCH');
    expect(await failed.locator('.check-error').textContent()).toContain(ru['error.SEED_MISMATCH']);
    const statuses = await page
      .locator('#checks li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status')));
    expect(statuses.slice(0, statuses.indexOf('failed'))).not.toContain('failed');
    expect(statuses.slice(statuses.indexOf('failed') + 1).every((s) => s === 'not-run')).toBe(true);
    await waitForText(
      page,
      '#verify-summary',
      ru['verify.summary.failed']
        .replace('{check}', ru['verify.check.seed'])
        .replace('{code}', 'SEED_MISMATCH')
    );
    await saveScreenshot(page, 'verify-tampered-ru');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(p.problems).toEqual([]);
    await p.context.close();
  }, 60_000);
});
