/**
 * The printed protocol of a closed ceremony (issue 16; server/protocol/ceremony-pdf.ts): seven lots
 * through the real API (two witnesses, a pasted bare signature of a recorded round, one decline,
 * every lot closed — each close appends registry entries). The PDF has one section per lot in
 * broadcast order with its direction's name, commission, reserves and declines; the ceremony hash,
 * seed and each lot's seed; one signature block on the page of the last lot's commission; times in
 * Kazakhstan local time; and it cites the checkpoint covering the ceremony's last entry, one that
 * GET /api/public/log/checkpoints/:size returns.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import { baseDraft } from '../../helpers/draws.js';
import { ceremonyApi, driveCeremony } from '../../helpers/ceremonies.js';
import { DIRECTIONS, seedSevenDirections } from '../../helpers/seven-directions.js';
import { PublicCeremonyDetail } from '../../../shared/api/ceremonies.js';
import { text } from '../../../shared/i18n/catalog.js';
import { kzLocalTime } from '../../../shared/kz-time.js';
import { SignedCheckpoint } from '../../../shared/schemas/log.js';
import { readPdf, type PdfDocument, binary } from './pdf-reader.js';

let relay: TestDrandRelay;
let t: TestApp;
let c: PublicCeremonyDetail;
let ru: PdfDocument;
let kk: PdfDocument;
let decliner: string;

async function pdf(lang: string): Promise<PdfDocument> {
  const res = await t.agent
    .get(`/api/public/draws/${c.id}/protocol.pdf?lang=${lang}`)
    .buffer(true)
    .parse(binary)
    .expect(200);
  return readPdf(res.body as Buffer);
}

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URLS: ['http://127.0.0.1:9'] } });
  const { lotIds } = seedSevenDirections(t);
  const op = await t.loginAs('operator');
  const witnesses = [await t.loginAs('observer'), await t.loginAs('observer')];
  const id = await driveCeremony(t, op, witnesses, relay, lotIds, baseDraft({ reserves: 3 }));
  const api = ceremonyApi(op);
  const drawn = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
  decliner = drawn.lots[2]!.commission[0]!;
  await api.declineIn(id, drawn.lots[2]!.lotId, decliner).expect(200);
  for (const lot of drawn.lots) await api.closeLot(id, lot.lotId).expect(200);
  c = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${id}`)).body);
  [ru, kk] = [await pdf('ru'), await pdf('kk')];
}, 120_000);

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

describe('the protocol of a closed ceremony', () => {
  it('does give one section per lot in broadcast order, named by its direction', () => {
    expect(c.state).toBe('closed');
    const headings = c.lots.map((l, i) =>
      text('ru', 'pdf.lotHeading', {
        k: i + 1,
        of: 7,
        title: l.titleRu,
        direction: DIRECTIONS[i]![2],
      })
    );
    const at = headings.map((h) => ru.words.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(kk.words).toContain(
      text('kk', 'pdf.lotHeading', {
        k: 1,
        of: 7,
        title: c.lots[0]!.titleKk,
        direction: DIRECTIONS[0][1],
      })
    );
  });

  it('does print every lot’s commission, reserves and lot seed, the ceremony hash and the seed', () => {
    for (const lot of c.lots) {
      for (const no of [...lot.commission, ...lot.reserves]) expect(ru.words).toContain(no);
      expect(ru.words).toContain(lot.lotSeed!);
      expect(lot.commission).toHaveLength(3);
    }
    expect(ru.words).toContain(c.ceremonyHash!);
    expect(ru.words).toContain(c.seed!);
    expect(ru.words).toContain(
      text('ru', 'protocol.declineLine', {
        no: decliner,
        category: text('ru', 'decline.category.declined'),
      })
    );
  });

  it('does cite the first signed checkpoint covering the ceremony’s last entry', async () => {
    const last = c.log.at(-1)!;
    expect(last.type).toBe('draw.closed');
    const covering = SignedCheckpoint.parse(
      (await t.agent.get(`/api/public/log/entries/${last.index}/checkpoint`).expect(200)).body
    );
    const signed = SignedCheckpoint.parse(
      (await t.agent.get(`/api/public/log/checkpoints/${covering.size}`).expect(200)).body
    );
    expect(signed).toEqual(covering);
    expect(ru.words).toContain(`${text('ru', 'protocol.treeSize')}: ${signed.size}`);
    expect(ru.words).toContain(signed.rootHash);
    expect(ru.words).not.toContain(text('ru', 'protocol.noCheckpoint'));
  });

  it('does print Kazakhstan local time with the zone named', () => {
    const at = kzLocalTime(c.announcedAt!)!;
    expect(ru.words).toContain(text('ru', 'protocol.kzTime', { time: at }));
    expect(ru.words).not.toMatch(/\d UTC\b/);
  });

  it('does keep one signature block on the page of the last lot’s commission', () => {
    const lines = [
      text('ru', 'protocol.signOperator'),
      ...c.witnesses.map((w) =>
        text('ru', 'protocol.signWitnessNamed', { name: w.name, id: w.id })
      ),
      text('ru', 'protocol.signChair'),
      text('ru', 'protocol.signSecretary'),
    ];
    const pages = ru.pages.map((p) => p.blocks.join('\n').replace(/\s+/g, ' '));
    const withCommission = pages
      .map((p, i) => (p.includes(text('ru', 'console.result.commission')) ? i : -1))
      .filter((i) => i >= 0);
    const lastPage = pages[withCommission.at(-1)!]!;
    for (const line of lines) expect([line, lastPage.includes(line)]).toEqual([line, true]);
    // one block: the chair's line appears once in the whole document
    expect(ru.words.split(text('ru', 'protocol.signChair')).length - 1).toBe(1);
  });
});
