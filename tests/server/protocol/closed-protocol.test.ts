/**
 * The protocol of a CLOSED draw (issue 16): closing appends registry entries (each commission
 * member's last-commission date) in the same transaction, so the log signs one checkpoint for the
 * transaction's final size and none for the size right after the draw's last entry. The PDF must
 * cite the checkpoint that covers the draw's last entry — one the public log API returns — and print
 * Kazakhstan local time with the zone named, the direction's, competition's and organisations' names,
 * one signature line per witness plus the commission's chair and secretary, and the log's full
 * verifier key. A real draw with two witnesses through the real API and a local relay of recorded
 * drand rounds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  baseDraft,
  drawApi,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import { PublicDrawDetail } from '../../../shared/api/draws.js';
import { text } from '../../../shared/i18n/catalog.js';
import { kzLocalTime } from '../../../shared/kz-time.js';
import { SignedCheckpoint } from '../../../shared/schemas/log.js';
import { commitmentFor } from '../../../shared/seed.js';
import { readPdf, type PdfDocument, binary } from './pdf-reader.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let draw: PublicDrawDetail;
let ru: PdfDocument;
let kk: PdfDocument;

async function pdf(lang: string): Promise<PdfDocument> {
  const res = await t.agent
    .get(`/api/public/draws/${draw.id}/protocol.pdf?lang=${lang}`)
    .buffer(true)
    .parse(binary)
    .expect(200);
  return readPdf(res.body as Buffer);
}

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URL: relay.url } });
  const { lotId } = seedLot(t);
  op = await t.loginAs('operator');
  const witnesses = [await t.loginAs('observer'), await t.loginAs('observer')];
  const secrets = ['5e'.repeat(32), 'a7'.repeat(32)];
  const api = drawApi(op);
  t.clock.set(BEFORE_ROUND);
  const id = (await api.create(lotId, baseDraft()).expect(201)).body.id as string;
  for (const [i, w] of witnesses.entries()) {
    await api.invite(id, w.user.username).expect(201);
    await witnessApi(w).commit(id, commitmentFor(secrets[i]!)).expect(200);
  }
  await api.announce(id).expect(200);
  await api.openReveals(id).expect(200);
  for (const [i, w] of witnesses.entries()) await witnessApi(w).reveal(id, secrets[i]!).expect(200);
  await api.closeReveals(id).expect(200);
  t.clock.set(AFTER_ROUND);
  await api.fetchBeacon(id).expect(200);
  await api.run(id).expect(200);
  await api.close(id).expect(200);
  draw = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
  [ru, kk] = [await pdf('ru'), await pdf('kk')];
});

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

describe('the protocol of a closed draw whose close appended registry entries', () => {
  it('does cite the first signed checkpoint covering the last entry, one GET /checkpoints/:size returns', async () => {
    const last = draw.log.at(-1)!;
    expect(last.type).toBe('draw.closed');
    // the close's registry entries follow the draw's last entry: the log signed no tree ending there
    const after = (await t.agent.get(`/api/public/log/entries/${last.index + 1}`).expect(200))
      .body as { entry: { type: string } };
    expect(after.entry.type).toBe('registry.expert_updated');
    const none = await t.agent.get(`/api/public/log/checkpoints/${last.index + 1}`);
    expect([none.status, none.body.error.code]).toEqual([404, 'LOG_OUT_OF_RANGE']);

    const covering = SignedCheckpoint.parse(
      (await t.agent.get(`/api/public/log/entries/${last.index}/checkpoint`).expect(200)).body
    );
    expect(covering.size).toBeGreaterThan(last.index + 1);
    const signed = SignedCheckpoint.parse(
      (await t.agent.get(`/api/public/log/checkpoints/${covering.size}`).expect(200)).body
    );
    expect(signed).toEqual(covering);
    // the first such checkpoint: none between the last entry and it
    for (let size = last.index + 1; size < covering.size; size++)
      expect((await t.agent.get(`/api/public/log/checkpoints/${size}`)).status).toBe(404);

    for (const doc of [ru, kk]) {
      expect(doc.words).toContain(signed.rootHash);
      expect(doc.words).toContain(signed.note.split('\n').find((l) => l.startsWith('— '))!);
      expect(doc.words).not.toContain(text('ru', 'protocol.noCheckpoint'));
    }
    expect(ru.words).toContain(`${text('ru', 'protocol.treeSize')}: ${signed.size}`);
  });

  it('does print the log’s full verifier key', async () => {
    const key = (await t.agent.get('/api/public/log/key').expect(200)).body as { vkey: string };
    expect(ru.words.replace(/\s/g, '')).toContain(key.vkey);
    expect(ru.words).toContain(text('ru', 'protocol.logKey'));
  });

  it('does print times in Kazakhstan local time (UTC+5) with the zone named, never UTC', () => {
    const at = kzLocalTime(draw.announcedAt!)!;
    expect(at.slice(11, 13)).toBe(
      String((new Date(draw.announcedAt!).getUTCHours() + 5) % 24).padStart(2, '0')
    );
    expect(ru.words).toContain(text('ru', 'protocol.kzTime', { time: at }));
    expect(kk.words).toContain(text('kk', 'protocol.kzTime', { time: at }));
    expect(ru.words).toContain('время Казахстана, UTC+5');
    expect(ru.words).not.toMatch(/\d UTC\b/);
  });

  it('does name the direction, the competition and the drawn experts’ organisations', () => {
    expect(ru.words).toContain('Молодёжная политика');
    expect(kk.words).toContain('Жастар саясаты');
    expect(ru.words).toContain('Гранты 2023 (GR-2023)');
    expect(ru.words).not.toMatch(/: youth\b/);
    const names = Object.values(draw.organizationNames);
    expect(names.length).toBeGreaterThan(0);
    for (const no of [...draw.commission, ...draw.reserves]) {
      const entry = draw.pool.find((p) => p.registryNo === no)!;
      for (const key of entry.organizations)
        expect(ru.words).toContain(draw.organizationNames[key]!);
    }
    expect(ru.words).not.toMatch(/bin:\d{12}/);
  });

  it('does give one signature line per witness, the chair and the secretary, on the commission’s page', () => {
    expect(draw.witnesses).toHaveLength(2);
    const lines = [
      ...draw.witnesses.map((w) =>
        text('ru', 'protocol.signWitnessNamed', { name: w.name, id: w.id })
      ),
      text('ru', 'protocol.signChair'),
      text('ru', 'protocol.signSecretary'),
    ];
    const pageWords = ru.pages.map((p) => p.blocks.join('\n').replace(/\s+/g, ' '));
    const commissionPage = pageWords.findIndex((p) =>
      p.includes(text('ru', 'console.result.commission'))
    );
    expect(commissionPage).toBeGreaterThanOrEqual(0);
    for (const line of lines)
      expect([line, pageWords[commissionPage]!.includes(line)]).toEqual([line, true]);
  });
});
