/**
 * The printable protocol PDF (GET /api/public/draws/:id/protocol.pdf) of a real draw run through the
 * real API with a real local drand relay serving recorded rounds: the document is read back with a
 * small PDF reader (glyph codes → Unicode through the embedded ToUnicode CMaps), so the tests check
 * the words printed in Kazakh and Russian, the commission's registry numbers and names, the
 * replacement after a decline, the log checkpoint, and the QR code: decoded by an independent decoder
 * (tests/server/protocol/qr-decode.ts) to the verify URL, and compared module by module with the
 * maintained encoder's matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import QRCode from 'qrcode';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import { drawApi, driveTo, seedLot } from '../../helpers/draws.js';
import { runRegionDraw, seedRegionLot } from '../../helpers/region-draw.js';
import { PublicDrawDetail } from '../../../shared/api/draws.js';
import { renderProtocolPdf } from '../../../server/protocol/pdf.js';
import { text } from '../../../shared/i18n/catalog.js';
import { qrMatrix, readPdf, type PdfDocument, binary } from './pdf-reader.js';
import { decodeQr } from './qr-decode.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let drawId: string;
let draw: PublicDrawDetail;
/** a protocol version 2 draw with a region cap (tests/helpers/region-draw.ts) */
let regionDrawId: string;

/** Binary body for supertest (it buffers text types only). */
async function protocol(lang?: string, id = drawId) {
  return t.agent
    .get(`/api/public/draws/${id}/protocol.pdf${lang ? `?lang=${lang}` : ''}`)
    .buffer(true)
    .parse(binary);
}

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URL: relay.url } });
  const { lotId, competitionId } = seedLot(t);
  op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  drawId = await driveTo(t, op, witness, lotId, 'drawn');
  // The member proposed by the operator declines: with this draw's seed both reserves were proposed
  // by the operator too, and the quota allows one, so only that member's seat can go to a reserve
  // (another member's decline would leave the seat vacant — not the case this file prints).
  const drawn = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
  const proposedBy = (no: string) => drawn.pool.find((p) => p.registryNo === no)!.proposedBy;
  expect(drawn.reserves.map(proposedBy)).toContain('operator');
  const declining = drawn.commission.find((no) => proposedBy(no) === 'operator')!;
  await drawApi(op).decline(drawId, declining).expect(200);
  draw = PublicDrawDetail.parse((await t.agent.get(`/api/public/draws/${drawId}`)).body);
  regionDrawId = await runRegionDraw(t, op, seedRegionLot(t, competitionId));
});

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

describe('GET /api/public/draws/:id/protocol.pdf', () => {
  let kk: PdfDocument;
  let ru: PdfDocument;

  beforeAll(async () => {
    const a = await protocol('kk');
    const b = await protocol('ru');
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers['content-type']).toBe('application/pdf');
    expect(a.headers['content-disposition']).toBe(
      `attachment; filename="protocol-${drawId}-kk.pdf"`
    );
    kk = readPdf(a.body as Buffer);
    ru = readPdf(b.body as Buffer);
  });

  it('does print the title and the labels in Kazakh and in Russian', () => {
    for (const [doc, lang] of [
      [kk, 'kk'],
      [ru, 'ru'],
    ] as const) {
      const title = text(lang, 'protocol.title', { id: drawId });
      expect(doc.title).toBe(title);
      for (const label of [
        title,
        text(lang, 'console.result.commission'),
        text(lang, 'console.result.reserves'),
        text(lang, 'protocol.checkpoint'),
        text(lang, 'protocol.verify'),
      ])
        expect([lang, label, doc.words.includes(label)]).toEqual([lang, label, true]);
    }
    // the words the PDF printed before its labels moved to the shared catalogue
    for (const word of [
      `${drawId} жеребесінің хаттамасы`,
      'Комиссия құрамы',
      'Резерв, ретімен',
      'Ашықтық журналының бақылау нүктесі',
      'Өзіңіз тексеріңіз',
      'Гранттық сараптама комиссиясын жеребе арқылы іріктеу',
      'Өткізілді',
    ])
      expect([word, kk.words.includes(word)]).toEqual([word, true]);
    for (const word of [
      `Протокол жеребьёвки ${drawId}`,
      'Состав комиссии',
      'Резерв по порядку',
      'Контрольная точка журнала прозрачности',
      'Проверьте сами',
      'Формирование экспертной комиссии по грантам жеребьёвкой',
      'Проведена',
    ])
      expect([word, ru.words.includes(word)]).toEqual([word, true]);
    expect(kk.text).toMatch(/[әғқңөұүі]/);
    expect(ru.text).not.toMatch(/[әғқңөұүі]/);
  });

  it('does list the commission and the reserves with registry numbers and names from the pool', () => {
    expect(draw.commission.length).toBe(3);
    for (const no of [...draw.commission, ...draw.reserves]) {
      const entry = draw.pool.find((p) => p.registryNo === no)!;
      expect(kk.words).toContain(no);
      expect(kk.words).toContain(entry.nameKk!);
      expect(ru.words).toContain(entry.nameRu!);
    }
  });

  it('does show the decline and the reserve who took the seat', () => {
    const declined = draw.replacements.find((s) => s.outcome === 'declined')!;
    const took = draw.replacements.find((s) => s.outcome === 'replacement')!;
    expect(took.detail?.replaces).toBe(declined.registryNo);
    expect(ru.words).toContain(
      text('ru', 'console.step.replacement', {
        no: took.registryNo,
        replaces: declined.registryNo,
      })
    );
    expect(ru.words).toContain(`${took.registryNo} занимает место ${declined.registryNo}`);
    expect(kk.words).toContain(text('kk', 'console.step.declined', { no: declined.registryNo }));
  });

  it('does print the pool root, the seed, the excluded expert with the rule, and the beacon round', () => {
    expect(kk.words).toContain(draw.announcement!.pool.root);
    expect(kk.words).toContain(draw.seed!);
    expect(ru.words).toContain(`drand quicknet #${draw.beacon!.round}`);
    // the method names the drand beacon only because this draw has one
    expect(ru.words).toContain(text('ru', 'live.method.drand'));
    const conflict = draw.exclusions.find((x) => x.rule === 'CONFLICT_OF_INTEREST')!;
    expect(conflict.registryNo).toBe('R-0005');
    expect(ru.words).toContain(text('ru', 'console.rule.CONFLICT_OF_INTEREST'));
    expect(ru.words).toContain('R-0005');
    for (const w of draw.witnesses) expect(ru.words).toContain(w.secret!);
  });

  it("does print the checkpoint that covers the draw's last log entry, with its signature line", async () => {
    const size = draw.log.at(-1)!.index + 1;
    const cp = (await t.agent.get(`/api/public/log/checkpoints/${size}`).expect(200)).body as {
      rootHash: string;
      note: string;
    };
    expect(kk.words).toContain(cp.rootHash);
    const sig = cp.note.split('\n').find((l) => l.startsWith('— '))!;
    expect(ru.words).toContain(sig);
  });

  it('does draw a QR code that decodes to the verify URL, module for module what the encoder gives', () => {
    const url = `${t.baseUrl}/verify?draw=${drawId}`;
    expect(ru.words).toContain(url);
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    for (const doc of [kk, ru]) {
      const page = doc.pages.find((p) => qrMatrix(p) !== null)!;
      const m = qrMatrix(page)!;
      expect(decodeQr(m)).toBe(url);
      expect(m.length).toBe(expected.size);
      for (let r = 0; r < expected.size; r++)
        for (let c = 0; c < expected.size; c++)
          expect([r, c, m[r]![c]]).toEqual([r, c, expected.get(r, c) === 1]);
    }
  });

  it('does point the QR code at PUBLIC_URL when it is configured', async () => {
    t.ctx.config.PUBLIC_URL = 'https://draw.example.kz/';
    try {
      const doc = readPdf((await protocol('kk')).body as Buffer);
      expect(doc.words).toContain(`https://draw.example.kz/verify?draw=${drawId}`);
      const page = doc.pages.find((p) => qrMatrix(p) !== null)!;
      expect(decodeQr(qrMatrix(page)!)).toBe(`https://draw.example.kz/verify?draw=${drawId}`);
    } finally {
      t.ctx.config.PUBLIC_URL = undefined;
    }
  });

  it('does answer Russian by default, 400 naming the query for another language, 404 for no draw', async () => {
    const def = readPdf((await protocol()).body as Buffer);
    expect(def.title).toBe(text('ru', 'protocol.title', { id: drawId }));
    const bad = await t.agent.get(`/api/public/draws/${drawId}/protocol.pdf?lang=fr`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('query.lang');
    const missing = await t.agent.get('/api/public/draws/D-2023-9999/protocol.pdf');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('DRAW_NOT_FOUND');
  });

  it('does print the caps of the draw’s protocol version: the region cap only for version 2', async () => {
    // every new draw is version 2 (shared/protocol-versions.ts writerVersion): the draw above sets no
    // region cap, so its line says there is none
    expect(draw.spec!.version).toBe(2);
    expect(kk.words).toContain('Бір ұйымнан ең көбі: 2');
    expect(ru.words).toContain('Не больше от одной организации: 2');
    expect(kk.words).toContain('Бір өңірден ең көбі: —');
    expect(ru.words).toContain('Не больше из одного региона: —');
    // a version 1 spec (a draw written before writers declared version 2) has no region cap at all:
    // the same draw printed with its spec declaring version 1 has the organization limit only
    const v1 = { ...draw, spec: { ...draw.spec!, version: 1 as const } };
    for (const lang of ['kk', 'ru'] as const) {
      const doc = readPdf(
        await renderProtocolPdf({ draw: v1, checkpoint: null, logKey: null, verifyUrl: '-', lang })
      );
      expect(doc.words).toContain(`${text(lang, 'console.draft.perOrganizationMax')}: 2`);
      expect(doc.words).not.toContain(text(lang, 'console.draft.perRegionMax'));
    }
    const region = { kk: '', ru: '' };
    for (const lang of ['kk', 'ru'] as const) {
      const res = await protocol(lang, regionDrawId);
      expect(res.status).toBe(200);
      region[lang] = readPdf(res.body as Buffer).words;
    }
    expect(region.kk).toContain(`${text('kk', 'console.draft.perRegionMax')}: 1`);
    expect(region.kk).toContain('Бір өңірден ең көбі: 1');
    expect(region.ru).toContain('Не больше из одного региона: 1');
    expect(region.ru).toContain('Не больше от одной организации: 1');
  });

  it('does print the protocol in English from the same catalogue', async () => {
    const res = await protocol('en');
    expect(res.status).toBe(200);
    const en = readPdf(res.body as Buffer);
    expect(en.title).toBe(`Protocol of draw ${drawId}`);
    for (const word of ['Commission', 'Randomness and seed', 'Check it yourself', 'Page 1'])
      expect([word, en.words.includes(word)]).toEqual([word, true]);
  });

  it("does give the same bytes for the same draw (dates are the draw's own)", async () => {
    const a = (await protocol('ru')).body as Buffer;
    const b = (await protocol('ru')).body as Buffer;
    expect(a.equals(b)).toBe(true);
  });
});
