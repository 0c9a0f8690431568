/**
 * The print view of a CLOSED draw's protocol in a real browser (issue 16): closing appended registry
 * entries after the draw's last entry, so the log signed no checkpoint for the size right after it;
 * the view must cite the first signed checkpoint covering that entry (one GET
 * /api/public/log/checkpoints/:size returns), the log's full verifier key, times in Kazakhstan local
 * time with the zone named, the direction by name, and the signature lines inside the commission's
 * section (printed on one page with it).
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../helpers/app.js';
import { launchBrowser, startPageServer } from '../helpers/browser.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { BEFORE_ROUND, driveTo, seedLot } from '../helpers/draws.js';
import { PublicDrawDetail } from '../../shared/api/draws.js';
import { text } from '../../shared/i18n/catalog.js';
import { kzLocalTime } from '../../shared/kz-time.js';
import { SignedCheckpoint } from '../../shared/schemas/log.js';
import { openConsole, textOf, unexpected } from './console-helpers.js';

jest.setTimeout(120_000);

let relay: TestDrandRelay;
let browser: Browser;
let t: TestApp;
let operator: string;
let draw: PublicDrawDetail;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startPageServer({ now: BEFORE_ROUND, config: { DRAND_URL: relay.url } });
  browser = await launchBrowser();
  const { lotId } = seedLot(t);
  const op = await t.loginAs('operator');
  operator = op.user.username;
  const id = await driveTo(t, op, await t.loginAs('observer'), lotId, 'closed');
  draw = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await relay?.close();
});

describe('the print view of a closed draw', () => {
  test('does cite a checkpoint the log signed, with the verifier key, Kazakhstan time and names', async () => {
    const last = draw.log.at(-1)!;
    expect(last.type).toBe('draw.closed');
    expect((await t.agent.get(`/api/public/log/checkpoints/${last.index + 1}`)).status).toBe(404);

    const { page, problems } = await openConsole(
      browser,
      t,
      operator,
      `/draws/${draw.id}/protocol`
    );
    await page.locator('#p-log-key').waitFor();
    const size = Number(
      (await page.locator('#p-checkpoint dd').nth(1).textContent())!.replace(/\D/g, '')
    );
    const signed = SignedCheckpoint.parse(
      (await t.agent.get(`/api/public/log/checkpoints/${size}`).expect(200)).body
    );
    expect(size).toBeGreaterThan(last.index + 1);
    const checkpointText = await textOf(page, '#p-checkpoint');
    expect(checkpointText).toContain(signed.rootHash);
    expect(checkpointText).not.toContain(text('ru', 'protocol.noCheckpoint'));
    const key = (await t.agent.get('/api/public/log/key').expect(200)).body as { vkey: string };
    expect(await textOf(page, '#p-log-key')).toBe(key.vkey);

    const all = await textOf(page, '#protocol');
    expect(all).toContain(text('ru', 'protocol.kzTime', { time: kzLocalTime(draw.announcedAt!)! }));
    expect(all).toContain('Молодёжная политика');
    expect(all).toContain('Гранты 2023 (GR-2023)');
    const commission = await textOf(page, '#p-commission');
    for (const line of [
      text('ru', 'protocol.signWitnessNamed', {
        name: draw.witnesses[0]!.name,
        id: draw.witnesses[0]!.id,
      }),
      text('ru', 'protocol.signChair'),
      text('ru', 'protocol.signSecretary'),
    ])
      expect(commission).toContain(line);
    expect(unexpected(problems)).toEqual([]);
    await page.close();
  });
});
