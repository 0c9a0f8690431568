/**
 * The printable protocol of a draw as a PDF (pdfkit, A4), in Kazakh, Russian or English, its words
 * looked up by code in the shared catalogue (shared/i18n) the pages read too: lot and applicants,
 * rules (the caps of the spec's protocol version, from shared/draw/rule-families.ts), pool size and
 * root, exclusions by rule (counts and list), witnesses, the beacon round and seed, the commission and reserves with registry numbers and names, replacements, the transparency
 * log checkpoint covering the draw (tree size, root hash and signature line) and a QR code of the
 * public verify page. Text is set in DejaVu Sans, which has every Kazakh Cyrillic letter; the QR code
 * is drawn as vector squares from the `qrcode` encoder's module matrix. Everything printed is public.
 * The document's dates are the draw's own, so the same draw gives the same PDF.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { capFamiliesOf } from '../../shared/draw/rule-families.js';
import { text, type MessageCode, type Params } from '../../shared/i18n/catalog.js';
import type { Lang } from '../../shared/i18n/langs.js';
import { kzLocalTime } from '../../shared/kz-time.js';
import { regionByCode } from '../../shared/regions.js';
import type { ExclusionRule } from '../../shared/schemas/conflicts.js';
import type { Quota } from '../../shared/schemas/draw-spec.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { exclusionDetail } from '../../shared/i18n/exclusion-detail.js';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};

export interface ProtocolInput {
  draw: PublicDrawDetail;
  /** the first signed checkpoint whose tree holds the draw's last log entry, if any */
  checkpoint: SignedCheckpoint | null;
  /** the log's full verifier key (name+keyid+base64), to check the checkpoint's signature with */
  logKey: string | null;
  /** the public verify page of this draw (the QR code's content) */
  verifyUrl: string;
  lang: Lang;
}

/** The document's words in one language: a message of the catalogue by code. */
type Words = (code: MessageCode, params?: Params) => string;
const wordsIn =
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

type Doc = PDFKit.PDFDocument;

/** Kazakhstan local time to the second, with the zone named (the same on any server). */
function kzTime(iso: string | null | undefined, w: Words): string {
  const time = iso ? kzLocalTime(iso) : null;
  return time ? w('protocol.kzTime', { time }) : '—';
}

/** Rough heights (points) of a table row, a heading and a signature line, to keep blocks together. */
const ROW_H = 18;
const HEADING_H = 30;
const SIGN_H = 26;

function quotaValue(q: Quota, w: Words, lang: Lang): string {
  if (q.category === 'region') {
    const r = regionByCode(q.value);
    return r ? { kk: r.nameKk, ru: r.nameRu, en: r.nameEn }[lang] : q.value;
  }
  const code = VALUE_CODES[q.category]?.[q.value];
  return code ? w(code) : q.value;
}

function quotaText(q: Quota, w: Words, lang: Lang): string {
  const unit = q.minPercent !== undefined || q.maxPercent !== undefined ? '%' : '';
  const lo = q.min ?? q.minPercent;
  const hi = q.max ?? q.maxPercent;
  const parts = [
    lo === undefined ? null : w('protocol.quota.min', { n: `${lo}${unit}` }),
    hi === undefined ? null : w('protocol.quota.max', { n: `${hi}${unit}` }),
  ].filter(Boolean);
  return `${w(`console.quota.cat.${q.category}`)} = ${quotaValue(q, w, lang)}: ${parts.join(', ')}`;
}

function heading(doc: Doc, text: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(12).text(text).moveDown(0.2);
}

/** "Label: value" with the value in mono when it is a digest. */
function kv(doc: Doc, label: string, value: string, mono = false): void {
  doc.font('bold').fontSize(9.5).text(`${label}: `, { continued: true });
  doc
    .font(mono ? 'mono' : 'regular')
    .fontSize(mono ? 8.5 : 9.5)
    .text(value);
}

function table(doc: Doc, header: string[], rows: string[][], widths: (number | string)[]): void {
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

function drawQr(doc: Doc, url: string, w: Words): void {
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

function body(doc: Doc, input: ProtocolInput): void {
  const { draw: d, checkpoint, lang } = input;
  const w = wordsIn(lang);
  const utc = (iso: string | null | undefined) => kzTime(iso, w);
  const title = lang === 'kk' ? d.lot.titleKk : d.lot.titleRu;
  const nameOf = (no: string) => {
    const e = d.pool.find((p) => p.registryNo === no);
    return (lang === 'kk' ? (e?.nameKk ?? e?.nameRu) : (e?.nameRu ?? e?.nameKk)) ?? '';
  };
  doc
    .font('bold')
    .fontSize(16)
    .text(w('protocol.title', { id: d.id }));
  doc.font('regular').fontSize(10).text(w('pdf.subtitle')).moveDown(0.4);
  kv(doc, w('protocol.state'), w(`pdf.state.${d.state}`));
  kv(doc, w('protocol.attempt'), String(d.attempt));
  kv(doc, w('protocol.announcedAt'), utc(d.announcedAt));

  heading(doc, w('pdf.lot'));
  const competition = lang === 'kk' ? d.lot.competitionTitleKk : d.lot.competitionTitleRu;
  kv(
    doc,
    w('pdf.competition'),
    competition ? `${competition} (${d.lot.competitionCode})` : d.lot.competitionCode
  );
  kv(doc, w('lot.title'), `${d.lot.id}. ${title}`);
  kv(doc, w('console.field.direction'), d.lot.directionName?.[lang] ?? d.lot.directionCode);
  doc.moveDown(0.2).font('bold').fontSize(9.5).text(w('console.field.applicants'));
  table(
    doc,
    [w('console.field.orgName'), w('console.field.bin')],
    d.lot.applicants.map((a) => [a.name, a.bin]),
    ['*', 110]
  );

  const spec = d.spec;
  if (spec) {
    heading(doc, w('protocol.rules'));
    kv(doc, w('console.draft.method'), w(`pdf.method.${spec.method}`));
    kv(doc, w('console.draft.size'), String(spec.size));
    kv(doc, w('console.draft.reserves'), String(spec.reserves));
    kv(
      doc,
      w('console.draft.quotas'),
      spec.quotas.length ? spec.quotas.map((q) => quotaText(q, w, lang)).join('; ') : '—'
    );
    for (const f of capFamiliesOf(spec.version))
      kv(doc, w(f.labels.field), spec[f.field] === undefined ? '—' : String(spec[f.field]));
    kv(doc, w('console.draft.cooldownDays'), String(spec.cooldownDays));
    kv(doc, w('pdf.asOf'), spec.asOf);
    kv(doc, w('pdf.deadline'), utc(spec.revealDeadline));
    const drand = spec.entropy.drand;
    kv(
      doc,
      w('protocol.beaconRound'),
      drand ? `drand ${drand.chain} #${drand.round} (${utc(d.beaconAt)})` : '—'
    );
    kv(
      doc,
      w('rules.publicSources'),
      spec.entropy.publicSources.map((s) => `${s.id}: ${s.description}`).join('; ') || '—'
    );
  }

  heading(doc, w('pdf.pool'));
  kv(doc, w('protocol.poolSize'), String(d.announcement?.pool.size ?? d.pool.length));
  kv(doc, w('protocol.poolRoot'), d.announcement?.pool.root ?? '—', true);
  kv(doc, w('protocol.announcementHash'), d.announcementHash ?? '—', true);

  heading(doc, w('protocol.exclusions'));
  const counts = new Map<string, number>();
  for (const x of d.exclusions) counts.set(x.rule, (counts.get(x.rule) ?? 0) + 1);
  for (const [rule, n] of counts) kv(doc, w(`console.rule.${rule as ExclusionRule}`), String(n));
  table(
    doc,
    [w('pdf.registryNo'), w('console.field.rule'), w('console.field.detail')],
    d.exclusions.map((x) => [
      // the registry number with the expert's name from the public registry
      [x.registryNo, d.excludedNames[x.registryNo]?.[lang === 'kk' ? 'kk' : 'ru']]
        .filter(Boolean)
        .join(' — '),
      w(`console.rule.${x.rule}`),
      exclusionDetail(lang, w, x, d.lot.applicants),
    ]),
    [150, 110, '*']
  );

  heading(doc, w('protocol.witnesses'));
  if (d.witnesses.length === 0) doc.font('regular').fontSize(9.5).text(w('console.result.empty'));
  for (const x of d.witnesses) {
    doc.moveDown(0.2).font('bold').fontSize(9.5).text(`${x.id} — ${x.name}`);
    kv(doc, w('witnesses.col.commitment'), x.commitment ?? '—', true);
    kv(
      doc,
      w('protocol.reveal'),
      x.secret ?? (x.missing ? w('console.witness.missing') : w('witnesses.notYet')),
      x.secret !== null
    );
  }

  heading(doc, w('protocol.seedHeading'));
  kv(doc, w('protocol.beaconRound'), d.beacon ? `drand ${d.beacon.chain} #${d.beacon.round}` : '—');
  kv(doc, w('protocol.randomness'), d.beacon?.randomness ?? '—', true);
  if (d.seedInput?.publicSources.length)
    kv(
      doc,
      w('rules.publicSources'),
      d.seedInput.publicSources.map((s) => `${s.id}: ${s.text}`).join('; ')
    );
  kv(doc, w('protocol.seed'), d.seed ?? '—', true);

  // the commission, its reserves, the replacements and the signatures under them on one page
  const block =
    4 * HEADING_H +
    (d.commission.length + d.reserves.length + 2) * ROW_H * 1.5 +
    (d.replacements.length + d.publicDeclines.length + 2) * ROW_H +
    (d.witnesses.length + 3) * SIGN_H;
  const room = doc.page.height - doc.page.margins.bottom - doc.y;
  if (block > room && block < doc.page.height - doc.page.margins.top - doc.page.margins.bottom)
    doc.addPage();
  const orgsOf = (no: string) =>
    (d.pool.find((p) => p.registryNo === no)?.organizations ?? [])
      .map((k) => d.organizationNames[k] ?? k.replace(/^(bin|name):/, ''))
      .join('; ');
  const members = (nos: string[]) =>
    nos.map((no, i) => [String(i + 1), no, nameOf(no), orgsOf(no)]);
  heading(doc, w('console.result.commission'));
  table(
    doc,
    [w('protocol.seat'), w('pdf.registryNo'), w('console.field.name'), w('protocol.organizations')],
    members(d.commission),
    [45, 80, '*', 170]
  );
  heading(doc, w('console.result.reserves'));
  table(
    doc,
    [
      w('protocol.order'),
      w('pdf.registryNo'),
      w('console.field.name'),
      w('protocol.organizations'),
    ],
    members(d.reserves),
    [45, 80, '*', 170]
  );

  heading(doc, w('console.result.replacements'));
  if (d.replacements.length === 0)
    doc.font('regular').fontSize(9.5).text(w('console.result.noReplacements'));
  for (const s of d.replacements)
    doc
      .font('regular')
      .fontSize(9.5)
      .text(
        `${s.n}. ${w(`console.step.${s.outcome}`, { no: s.registryNo, replaces: s.detail?.replaces ?? '' })}`
      );
  // Each decline's public category (docs/PROTOCOL.md §Declines in the open); never the reason.
  if (d.publicDeclines.length > 0) {
    heading(doc, w('protocol.declines'));
    for (const x of d.publicDeclines)
      doc
        .font('regular')
        .fontSize(9.5)
        .text(
          w('protocol.declineLine', {
            no: x.registryNo,
            category: w(`decline.category.${x.category ?? 'none'}`),
          })
        );
  }
  signatures(doc, d, w);

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
  if (input.logKey) kv(doc, w('protocol.logKey'), input.logKey, true);

  heading(doc, w('protocol.verify'));
  drawQr(doc, input.verifyUrl, w);
}

/** One line for the operator, each witness by name, the commission's chair and its secretary. */
function signatures(doc: Doc, d: PublicDrawDetail, w: Words): void {
  heading(doc, w('protocol.signatures'));
  const lines = [
    w('protocol.signOperator'),
    ...d.witnesses.map((x) => w('protocol.signWitnessNamed', { name: x.name, id: x.id })),
    w('protocol.signChair'),
    w('protocol.signSecretary'),
  ];
  doc.font('regular').fontSize(10);
  for (const line of lines) doc.moveDown(0.9).text(line);
}

/** Page numbers at the foot of every page (written after the body, when the count is known). */
function footers(doc: Doc, input: ProtocolInput): void {
  const w = wordsIn(input.lang);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .text(
        `${input.draw.id} · ${w('pdf.page', { n: i + 1, of: range.count })}`,
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

export function renderProtocolPdf(input: ProtocolInput): Promise<Buffer> {
  const at = new Date(input.draw.updatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }[input.lang],
    info: {
      Title: text(input.lang, 'protocol.title', { id: input.draw.id }),
      Subject: input.verifyUrl,
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
  body(doc, input);
  footers(doc, input);
  doc.end();
  return done;
}
