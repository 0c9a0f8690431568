/**
 * The building blocks of the printed protocols (pdf.ts for one draw, ceremony-pdf.ts for a ceremony):
 * the fonts (DejaVu Sans, which has every Kazakh Cyrillic letter), the catalogue's words in one
 * language, Kazakhstan local time with the zone named, headings, "label: value" lines, tables, the QR
 * code drawn as vector squares, the signature block, the covering checkpoint with the log's verifier
 * key, page numbers, and the A4 document itself with dates that are the draw's own (the same draw
 * gives the same PDF).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { text, type MessageCode, type Params } from '../../shared/i18n/catalog.js';
import type { Lang } from '../../shared/i18n/langs.js';
import { kzLocalTime } from '../../shared/kz-time.js';
import { regionByCode } from '../../shared/regions.js';
import type { DrawSpec, Quota } from '../../shared/schemas/draw-spec.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';

const require = createRequire(import.meta.url);
export const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};

/** The document's words in one language: a message of the catalogue by code. */
export type Words = (code: MessageCode, params?: Params) => string;
export const wordsIn =
  (lang: Lang): Words =>
  (code, params) =>
    text(lang, code, params);

/** Quota values in words where the catalogue has them (who proposed, gender, language). */
const VALUE_CODES: Record<string, Record<string, MessageCode>> = {
  proposedBy: { operator: 'pdf.proposedBy.operator', ngo: 'pdf.proposedBy.ngo' },
  gender: { female: 'console.gender.female', male: 'console.gender.male' },
  language: { kk: 'console.language.kk', ru: 'console.language.ru', en: 'console.language.en' },
};

/** QR modules per side plus a 4-module quiet zone on each side, as ISO/IEC 18004 asks. */
const QUIET = 4;
const QR_SIZE = 120;

export type Doc = PDFKit.PDFDocument;

/** Kazakhstan local time to the second, with the zone named (the same on any server). */
export function kzTime(iso: string | null | undefined, w: Words): string {
  const time = iso ? kzLocalTime(iso) : null;
  return time ? w('protocol.kzTime', { time }) : '—';
}

/** Rough heights (points) of a table row, a heading and a signature line, to keep blocks together. */
export const ROW_H = 18;
export const HEADING_H = 30;
export const SIGN_H = 26;

function quotaValue(q: Quota, w: Words, lang: Lang): string {
  if (q.category === 'region') {
    const r = regionByCode(q.value);
    return r ? { kk: r.nameKk, ru: r.nameRu, en: r.nameEn }[lang] : q.value;
  }
  const code = VALUE_CODES[q.category]?.[q.value];
  return code ? w(code) : q.value;
}

/**
 * The draw's method with the sources it really uses, as the live page says it (client/live/phase.ts):
 * a draw without a drand round is not described as a drand draw.
 */
export function methodText(
  spec: Pick<DrawSpec, 'method' | 'entropy' | 'witnesses'>,
  w: Words
): string {
  if (spec.method === 'rfc3797') return w('rules.method.rfc3797');
  const parts: string[] = [];
  if (spec.witnesses.length > 0) parts.push(w('live.method.witnesses'));
  if (spec.entropy.drand) parts.push(w('live.method.drand'));
  if (spec.entropy.publicSources.length > 0) parts.push(w('live.method.sources'));
  return w('live.method.adal', { parts: parts.join(', ') });
}

export function quotaText(q: Quota, w: Words, lang: Lang): string {
  const unit = q.minPercent !== undefined || q.maxPercent !== undefined ? '%' : '';
  const lo = q.min ?? q.minPercent;
  const hi = q.max ?? q.maxPercent;
  const parts = [
    lo === undefined ? null : w('protocol.quota.min', { n: `${lo}${unit}` }),
    hi === undefined ? null : w('protocol.quota.max', { n: `${hi}${unit}` }),
  ].filter(Boolean);
  return `${w(`console.quota.cat.${q.category}`)} = ${quotaValue(q, w, lang)}: ${parts.join(', ')}`;
}

export function heading(doc: Doc, text: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(12).text(text).moveDown(0.2);
}

/** "Label: value" with the value in mono when it is a digest. */
export function kv(doc: Doc, label: string, value: string, mono = false): void {
  doc.font('bold').fontSize(9.5).text(`${label}: `, { continued: true });
  doc
    .font(mono ? 'mono' : 'regular')
    .fontSize(mono ? 8.5 : 9.5)
    .text(value);
}

export function table(
  doc: Doc,
  header: string[],
  rows: string[][],
  widths: (number | string)[]
): void {
  if (rows.length === 0) {
    doc.font('regular').fontSize(9.5).text('—');
    return;
  }
  doc.font('regular').fontSize(9);
  doc.table({
    columnStyles: widths.map((w) => ({ width: w })),
    defaultStyle: { padding: 3, border: 0.5 },
    data: [
      header.map((text) => ({ text, type: 'TH' as const, font: { src: FONTS.bold } })),
      ...rows,
    ],
  });
  doc.x = doc.page.margins.left;
  doc.moveDown(0.3);
}

export function drawQr(doc: Doc, url: string, w: Words): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = QR_SIZE / (n + 2 * QUIET);
  if (doc.y + QR_SIZE + 20 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const x0 = doc.page.margins.left;
  const y0 = doc.y;
  doc.save();
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (modules.get(r, c)) doc.rect(x0 + (c + QUIET) * unit, y0 + (r + QUIET) * unit, unit, unit);
  doc.fill('#000000').restore();
  const textX = x0 + QR_SIZE + 12;
  const width = doc.page.width - doc.page.margins.right - textX;
  doc
    .font('regular')
    .fontSize(9.5)
    .text(w('pdf.verifyText'), textX, y0 + 10, { width });
  doc.moveDown(0.4).font('mono').fontSize(9).text(url, { width });
  doc.x = x0;
  doc.y = Math.max(doc.y, y0 + QR_SIZE) + 6;
}

/** One line for the operator, each witness by name, the commission's chair and its secretary. */
export function signatures(
  doc: Doc,
  witnesses: readonly { id: string; name: string }[],
  w: Words
): void {
  heading(doc, w('protocol.signatures'));
  const lines = [
    w('protocol.signOperator'),
    ...witnesses.map((x) => w('protocol.signWitnessNamed', { name: x.name, id: x.id })),
    w('protocol.signChair'),
    w('protocol.signSecretary'),
  ];
  doc.font('regular').fontSize(10);
  for (const line of lines) doc.moveDown(0.9).text(line);
}

/** The checkpoint that covers the draw's last entry (tree size, root, signature lines), the key. */
export function checkpointPart(
  doc: Doc,
  checkpoint: SignedCheckpoint | null,
  logKey: string | null,
  w: Words
): void {
  heading(doc, w('protocol.checkpoint'));
  if (!checkpoint) doc.font('regular').fontSize(9.5).text(w('protocol.noCheckpoint'));
  else {
    kv(doc, w('pdf.logOrigin'), checkpoint.origin);
    kv(doc, w('protocol.treeSize'), String(checkpoint.size));
    kv(doc, w('protocol.rootHash'), checkpoint.rootHash, true);
    // "— <key name> <base64>": the name and the signature on lines of their own, never split inside
    for (const line of checkpoint.note.split('\n').filter((x) => x.startsWith('— '))) {
      const [dash, name, sig] = line.split(' ');
      doc
        .font('bold')
        .fontSize(9.5)
        .text(`${w('protocol.signature')}:`);
      doc
        .font('mono')
        .fontSize(8.5)
        .text(`${dash} ${name}`)
        .text(sig ?? '');
    }
  }
  if (logKey) kv(doc, w('protocol.logKey'), logKey, true);
}

/** Page numbers at the foot of every page (written after the body, when the count is known). */
function footers(doc: Doc, id: string, w: Words): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .text(
        `${id} · ${w('pdf.page', { n: i + 1, of: range.count })}`,
        doc.page.margins.left,
        doc.page.height - 30,
        {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: 'center',
          lineBreak: false,
        }
      );
    doc.page.margins.bottom = bottom;
  }
}

/**
 * An A4 protocol of draw `id`: `body` writes the pages, then every page gets its number. The
 * document's dates are `updatedAt`, the draw's own.
 */
export function renderPdf(
  o: { id: string; lang: Lang; verifyUrl: string; updatedAt: string },
  body: (doc: Doc, w: Words) => void
): Promise<Buffer> {
  const at = new Date(o.updatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }[o.lang],
    info: {
      Title: text(o.lang, 'protocol.title', { id: o.id }),
      Subject: o.verifyUrl,
      Creator: 'Adal Draw',
      CreationDate: at,
      ModDate: at,
    },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('mono', FONTS.mono);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = wordsIn(o.lang);
  body(doc, w);
  footers(doc, o.id, w);
  doc.end();
  return done;
}

/** The witnesses with their commitments and reveals (a draw's or a ceremony's: the same facts). */
export function witnessesPart(doc: Doc, w: Words, witnesses: PublicDrawDetail['witnesses']): void {
  heading(doc, w('protocol.witnesses'));
  if (witnesses.length === 0) doc.font('regular').fontSize(9.5).text(w('console.result.empty'));
  for (const x of witnesses) {
    doc.moveDown(0.2).font('bold').fontSize(9.5).text(`${x.id} — ${x.name}`);
    kv(doc, w('witnesses.col.commitment'), x.commitment ?? '—', true);
    kv(
      doc,
      w('protocol.reveal'),
      x.secret ?? (x.missing ? w('console.witness.missing') : w('witnesses.notYet')),
      x.secret !== null
    );
  }
}

/** The randomness heading with the beacon round, its randomness and the public sources' values. */
export function randomnessPart(
  doc: Doc,
  w: Words,
  r: Pick<PublicDrawDetail, 'beacon' | 'seedInput'>
): void {
  heading(doc, w('protocol.seedHeading'));
  kv(doc, w('protocol.beaconRound'), r.beacon ? `drand ${r.beacon.chain} #${r.beacon.round}` : '—');
  kv(doc, w('protocol.randomness'), r.beacon?.randomness ?? '—', true);
  if (r.seedInput?.publicSources.length)
    kv(
      doc,
      w('rules.publicSources'),
      r.seedInput.publicSources.map((s) => `${s.id}: ${s.text}`).join('; ')
    );
}
