/**
 * Find me (docs/PROTOCOL.md §Find me), against the real server and in a real browser: a real draw is
 * run (one seat, one reserve, so the walk stops early), then the public API answers for a member, a
 * reserve, an excluded expert (the applicant's head: a conflict of interest) and one the walk never
 * reached, with entries whose inclusion proofs and outcomes check out in Node and on the /find page
 * (kk/ru/en); a changed claim fails the check; an unknown number is 404 EXPERT_NOT_FOUND.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer, waitForLang } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { baseDraft, driveTo, seedLot } from '../helpers/draws.js';
import { ExpertDrawsResponse } from '../../shared/api/expert-draws.js';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import { checkExpertDraws } from '../../shared/verify/expert-proof.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let vkey: string;
let drawId: string;
const who = {} as Record<'member' | 'reserve' | 'excluded' | 'not_reached', string>;

async function answerFor(no: string): Promise<ExpertDrawsResponse> {
  const res = await t.agent.get(`/api/public/experts/${no}/draws`).expect(200);
  return ExpertDrawsResponse.parse(res.body);
}

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ sockets: true, config: { DRAND_URL: relay.url } });
  const { lotId } = seedLot(t);
  const op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  drawId = await driveTo(t, op, witness, lotId, 'drawn', baseDraft({ size: 1, reserves: 1 }));
  const d = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
  who.member = d.commission[0]!;
  who.reserve = d.reserves[0]!;
  who.excluded = d.exclusions[0]!.registryNo;
  const stepped = new Set(d.steps.map((s) => s.registryNo));
  who.not_reached = d.pool.find((p) => !stepped.has(p.registryNo))!.registryNo;
  vkey = t.ctx.tlog!.vkey;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

describe('find me', () => {
  test('does answer each kind of expert with proven entries that check out', async () => {
    expect(who.excluded).toBe('R-0005');
    const expected = {
      member: { kind: 'member' },
      reserve: { kind: 'reserve', n: 1 },
      excluded: { kind: 'excluded', rule: 'CONFLICT_OF_INTEREST' },
      not_reached: { kind: 'not_reached' },
    };
    for (const [kind, no] of Object.entries(who)) {
      const a = await answerFor(no);
      expect(a.expert.registryNo).toBe(no);
      expect(a.expert).not.toHaveProperty('iin');
      expect(a.draws.map((x) => [x.drawId, x.claim.outcome])).toEqual([
        [drawId, expected[kind as keyof typeof expected]],
      ]);
      const checked = checkExpertDraws(a, vkey);
      expect([kind, checked.checkpointOk, checked.draws.map((x) => x.ok)]).toEqual([
        kind,
        true,
        [true],
      ]);
    }
  });

  test('when the claim or an entry is changed, does fail the check', async () => {
    const a = await answerFor(who.reserve);
    expect(checkExpertDraws(a, vkey).draws[0]).toMatchObject({ ok: true });
    const claimed = JSON.parse(JSON.stringify(a)) as ExpertDrawsResponse;
    expect(checkExpertDraws(claimed, vkey).draws[0]).toMatchObject({ ok: true });
    claimed.draws[0]!.claim = {
      poolNo: claimed.draws[0]!.claim.poolNo,
      outcome: { kind: 'member' },
    };
    expect(checkExpertDraws(claimed, vkey).draws[0]).toMatchObject({ ok: false, problem: 'claim' });
    const moved = JSON.parse(JSON.stringify(a)) as ExpertDrawsResponse;
    moved.draws[0]!.announced.index += 1;
    expect(checkExpertDraws(moved, vkey).draws[0]).toMatchObject({
      ok: false,
      problem: 'inclusion',
    });
    // Another key: flip the last base64 letter (it carries six whole key bits) to a different one.
    const otherKey = vkey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(checkExpertDraws(a, otherKey).checkpointOk).toBe(false);
  });

  test('when the number is unknown, answers 404 EXPERT_NOT_FOUND', async () => {
    const res = await t.agent.get('/api/public/experts/R-9999/draws').expect(404);
    expect(res.body.error.code).toBe('EXPERT_NOT_FOUND');
  });

  for (const lang of ['kk', 'ru', 'en'] as const)
    test(`does show each outcome verified in the browser, in ${lang}`, async () => {
      const m = MESSAGES[lang];
      const texts = {
        member: m['find.outcome.member'],
        reserve: m['find.outcome.reserve'].replace('{n}', '1'),
        excluded: m['find.outcome.excluded'].replace(
          '{rule}',
          m['exclusion.rule.CONFLICT_OF_INTEREST']
        ),
        not_reached: m['find.outcome.not_reached'],
      };
      const { page, problems, context } = await openPage(browser, `${t.baseUrl}/find?lang=${lang}`);
      await waitForLang(page, lang);
      for (const [kind, no] of Object.entries(who)) {
        await page.fill('#find-registry-no', no);
        await page.click('#find-submit');
        const li = page.locator(
          `#find-draws > li[data-draw-id="${drawId}"][data-outcome="${kind}"]`
        );
        await li.waitFor({ timeout: 10_000 });
        expect([kind, await li.getAttribute('data-verified')]).toEqual([kind, 'true']);
        expect(await li.textContent()).toContain(texts[kind as keyof typeof texts]);
        expect(await li.textContent()).toContain(m['find.proofOk']);
        expect(await page.textContent('#find-expert')).toContain(no);
      }
      await page.fill('#find-registry-no', 'R-9999');
      await page.click('#find-submit');
      await page.waitForFunction(
        (want) => document.querySelector('#find-status')?.textContent === want,
        m['error.EXPERT_NOT_FOUND']
      );
      expect(await page.isHidden('#find-result')).toBe(true);
      expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
      await context.close();
    });
});
