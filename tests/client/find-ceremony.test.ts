/**
 * Find me for ceremonies (docs/PROTOCOL.md §Find me), against the real server over HTTP: a ceremony
 * of three lots is run (one seat, one reserve each) and lot 2's member declines, so the reserve takes
 * the seat. The public API then answers for an expert in every lot's pool with each lot (id,
 * broadcast position, pool number, outcome) and the lot's draw.lot_sealed and latest result entries;
 * the answers check out with checkExpertDraws, and a changed claim, another lot's entry or a lot
 * relabelled fails the check; the /find page shows each lot verified in a real browser (kk/ru/en).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, openPage, startPageServer, waitForLang } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { baseDraft, seedLot } from '../helpers/draws.js';
import { ceremonyApi, driveCeremony } from '../helpers/ceremonies.js';
import { ExpertDrawsResponse } from '../../shared/api/expert-draws.js';
import { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
import { checkExpertDraws } from '../../shared/verify/expert-proof.js';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import kk from '../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../shared/i18n/ru.json' with { type: 'json' };

const MESSAGES = { kk, ru, en } as const;

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let vkey: string;
let id: string;
let lotIds: number[];
/** the public ceremony view after the decline */
let detail: PublicCeremonyDetail;
/** lot 2's member who declined, and the reserve who took the seat */
let declined: string;
let replacement: string;

async function answerFor(no: string): Promise<ExpertDrawsResponse> {
  const res = await t.agent.get(`/api/public/experts/${no}/draws`).expect(200);
  return ExpertDrawsResponse.parse(res.body);
}

const poolNo = (lot: number, no: string) =>
  detail.lots[lot]!.pool.find((p) => p.registryNo === no)!.poolNo;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ config: { DRAND_URLS: ['http://127.0.0.1:9'] } });
  ({ lotIds } = seedLot(t, 3));
  const op = await t.loginAs('operator');
  const witnesses = [await t.loginAs('observer'), await t.loginAs('observer')];
  id = await driveCeremony(t, op, witnesses, relay, lotIds, baseDraft({ size: 1, reserves: 1 }));
  const api = ceremonyApi(op);
  const before = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
  declined = before.lots[1]!.commission[0]!;
  replacement = before.lots[1]!.reserves[0]!;
  await api.declineIn(id, lotIds[1]!, declined).expect(200);
  detail = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
  vkey = t.ctx.tlog.vkey;
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

describe('find me in a ceremony', () => {
  test('does list every lot whose pool or exclusions name the expert, with proven entries', async () => {
    expect(detail.lots[1]!.commission).toEqual([replacement]);
    const a = await answerFor(declined);
    expect(a.draws.map((d) => [d.drawId, d.lot, d.announced.entry.type])).toEqual(
      lotIds.map((lotId, index) => [id, { lotId, index }, 'draw.lot_sealed'])
    );
    const lot2 = a.draws[1]!;
    expect(lot2.claim).toEqual({ poolNo: poolNo(1, declined), outcome: { kind: 'declined' } });
    expect(lot2.result!.entry.type).toBe('draw.declined');
    expect(lot2.result!.entry.data).toMatchObject({ lotId: lotIds[1], registryNo: declined });
    expect(lot2.lotTitleRu).toBe(detail.lots[1]!.titleRu);
    expect(a.draws[0]!.result!.entry.type).toBe('draw.result');
    const checked = checkExpertDraws(a, vkey);
    expect([checked.checkpointOk, checked.draws.map((d) => d.ok)]).toEqual([
      true,
      [true, true, true],
    ]);
    expect(checked.draws.map((d) => d.derived)).toEqual(a.draws.map((d) => d.claim));
  });

  test('does answer a member, the replacing reserve and an excluded expert per lot', async () => {
    const member = detail.lots[0]!.commission[0]!;
    const m = await answerFor(member);
    expect(m.draws[0]!.claim).toEqual({ poolNo: poolNo(0, member), outcome: { kind: 'member' } });
    const r = await answerFor(replacement);
    expect(r.draws[1]!.claim).toEqual({
      poolNo: poolNo(1, replacement),
      outcome: { kind: 'member' },
    });
    const x = await answerFor('R-0005');
    expect(x.draws.map((d) => [d.lot!.lotId, d.claim])).toEqual(
      lotIds.map((lotId) => [
        lotId,
        { poolNo: null, outcome: { kind: 'excluded', rule: 'CONFLICT_OF_INTEREST' } },
      ])
    );
    // R-0011 is in ecology only: in no lot's pool or exclusions
    expect((await answerFor('R-0011')).draws).toEqual([]);
    for (const ans of [m, r, x])
      expect(checkExpertDraws(ans, vkey).draws.every((d) => d.ok)).toBe(true);
  });

  test('when the claim, an entry or the lot is changed, does fail the check', async () => {
    const a = await answerFor(declined);
    const problem = (changed: ExpertDrawsResponse, i = 1) =>
      checkExpertDraws(changed, vkey).draws[i]!.problem;
    // JSON round trip: structuredClone makes objects of another realm under jest's VM modules
    const copy = () => JSON.parse(JSON.stringify(a)) as ExpertDrawsResponse;

    const claimed = copy();
    claimed.draws[1]!.claim = {
      poolNo: claimed.draws[1]!.claim.poolNo,
      outcome: { kind: 'member' },
    };
    expect(problem(claimed)).toBe('claim');

    // another lot's sealed pool, with its valid proof, under lot 2
    const otherPool = copy();
    otherPool.draws[1]!.announced = a.draws[0]!.announced;
    expect(problem(otherPool)).toBe('entry');

    // lot 1's result (draw.result) in place of lot 2's decline is a true entry, but not the latest:
    // it holds lot 2's result before the decline, so the claimed 'declined' no longer follows
    const olderResult = copy();
    olderResult.draws[1]!.result = a.draws[0]!.result;
    expect(problem(olderResult)).toBe('claim');

    // lot 2's decline given for lot 3
    const otherDecline = copy();
    otherDecline.draws[2]!.result = a.draws[1]!.result;
    expect(problem(otherDecline, 2)).toBe('entry');

    // lot 2 relabelled as lot 3, or as a single draw
    const relabelled = copy();
    relabelled.draws[1]!.lot = a.draws[2]!.lot;
    expect(problem(relabelled)).toBe('entry');
    const single = copy();
    single.draws[1]!.lot = null;
    expect(problem(single)).toBe('entry');

    const moved = copy();
    moved.draws[1]!.announced.index += 1;
    expect(problem(moved)).toBe('inclusion');
  });

  test('does show each lot verified on the /find page, in kk, ru and en', async () => {
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const m = MESSAGES[lang];
      const { page, problems, context } = await openPage(
        browser,
        `${t.baseUrl}/find?lang=${lang}&no=${declined}`
      );
      await waitForLang(page, lang);
      const li = page.locator(`#find-draws > li[data-draw-id="${id}"][data-lot-id="${lotIds[1]}"]`);
      await li.waitFor({ timeout: 10_000 });
      expect(await page.locator('#find-draws > li[data-verified="true"]').count()).toBe(3);
      expect(await li.getAttribute('data-outcome')).toBe('declined');
      const text = await li.textContent();
      expect(text).toContain(m['find.ceremonyLot'].replace('{n}', '2'));
      expect(text).toContain(m['find.outcome.declined']);
      expect(text).toContain(m['find.proofOk']);
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 60_000);
});
