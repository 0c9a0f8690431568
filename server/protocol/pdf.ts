/**
 * The printable protocol of a draw as a PDF (pdfkit, A4), in Kazakh or Russian: lot and applicants,
 * rules, pool size and root, exclusions by rule (counts and list), witnesses, the beacon round and
 * seed, the commission and reserves with registry numbers and names, replacements, the transparency
 * log checkpoint covering the draw (tree size, root hash and signature line) and a QR code of the
 * public verify page. Text is set in DejaVu Sans, which has every Kazakh Cyrillic letter; the QR code
 * is drawn as vector squares from the `qrcode` encoder's module matrix. Everything printed is public.
 * The document's dates are the draw's own, so the same draw gives the same PDF.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { regionByCode } from '../../shared/regions.js';
import type { Quota } from '../../shared/schemas/draw-spec.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { PROTOCOL_LABELS, type ProtocolLabels, type ProtocolLang } from './labels.js';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};

export interface ProtocolInput {
  draw: PublicDrawDetail;
  /** the signed checkpoint of the tree that holds the draw's last log entry, if any */
  checkpoint: SignedCheckpoint | null;
  /** the public verify page of this draw (the QR code's content) */
  verifyUrl: string;
  lang: ProtocolLang;
}

/** QR modules per side plus a 4-module quiet zone on each side, as ISO/IEC 18004 asks. */
const QUIET = 4;
const QR_SIZE = 120;

type Doc = PDFKit.PDFDocument;

/** UTC, to the second, unambiguous in any language. */
function utc(iso: string | null | undefined): string {
  return iso ? `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC` : '—';
}

function quotaValue(q: Quota, l: ProtocolLabels, lang: ProtocolLang): string {
  if (q.category === 'region') {
    const r = regionByCode(q.value);
    return r ? (lang === 'kk' ? r.nameKk : r.nameRu) : q.value;
  }
  return q.category === 'direction' ? q.value : (l.quotaValues[q.value] ?? q.value);
}

function quotaText(q: Quota, l: ProtocolLabels, lang: ProtocolLang): string {
  const unit = q.minPercent !== undefined || q.maxPercent !== undefined ? '%' : '';
  const lo = q.min ?? q.minPercent;
  const hi = q.max ?? q.maxPercent;
  const parts = [
    lo === undefined ? null : l.atLeast(`${lo}${unit}`),
    hi === undefined ? null : l.atMost(`${hi}${unit}`),
  ].filter(Boolean);
  return `${l.quotaCats[q.category] ?? q.category} = ${quotaValue(q, l, lang)}: ${parts.join(', ')}`;
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

function drawQr(doc: Doc, url: string, l: ProtocolLabels): void {
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
    .text(l.verifyText, textX, y0 + 10, { width });
  doc.moveDown(0.4).font('mono').fontSize(9).text(url, { width });
  doc.x = x0;
  doc.y = Math.max(doc.y, y0 + QR_SIZE) + 6;
}

function body(doc: Doc, input: ProtocolInput): void {
  const { draw: d, checkpoint, lang } = input;
  const l = PROTOCOL_LABELS[lang];
  const title = lang === 'kk' ? d.lot.titleKk : d.lot.titleRu;
  const nameOf = (no: string) => {
    const e = d.pool.find((p) => p.registryNo === no);
    return (lang === 'kk' ? (e?.nameKk ?? e?.nameRu) : (e?.nameRu ?? e?.nameKk)) ?? '';
  };
  doc.font('bold').fontSize(16).text(l.title(d.id));
  doc.font('regular').fontSize(10).text(l.subtitle).moveDown(0.4);
  kv(doc, l.state, l.states[d.state]);
  kv(doc, l.attempt, String(d.attempt));
  kv(doc, l.announcedAt, utc(d.announcedAt));

  heading(doc, l.lot);
  kv(doc, l.competition, d.lot.competitionCode);
  kv(doc, l.lotTitle, `${d.lot.id}. ${title}`);
  kv(doc, l.direction, d.lot.directionCode);
  doc.moveDown(0.2).font('bold').fontSize(9.5).text(l.applicants);
  table(
    doc,
    [l.orgName, l.bin],
    d.lot.applicants.map((a) => [a.name, a.bin]),
    ['*', 110]
  );

  const spec = d.spec;
  if (spec) {
    heading(doc, l.rules);
    kv(doc, l.method, l.methods[spec.method]);
    kv(doc, l.size, String(spec.size));
    kv(doc, l.reserves, String(spec.reserves));
    kv(
      doc,
      l.quotas,
      spec.quotas.length ? spec.quotas.map((q) => quotaText(q, l, lang)).join('; ') : '—'
    );
    kv(
      doc,
      l.perOrg,
      spec.perOrganizationMax === undefined ? '—' : String(spec.perOrganizationMax)
    );
    kv(doc, l.cooldown, String(spec.cooldownDays));
    kv(doc, l.asOf, spec.asOf);
    kv(doc, l.deadline, utc(spec.revealDeadline));
    const drand = spec.entropy.drand;
    kv(
      doc,
      l.beaconRound,
      drand ? `drand ${drand.chain} #${drand.round} (${utc(d.beaconAt)})` : '—'
    );
    kv(
      doc,
      l.publicSources,
      spec.entropy.publicSources.map((s) => `${s.id}: ${s.description}`).join('; ') || '—'
    );
  }

  heading(doc, l.pool);
  kv(doc, l.poolSize, String(d.announcement?.pool.size ?? d.pool.length));
  kv(doc, l.poolRoot, d.announcement?.pool.root ?? '—', true);
  kv(doc, l.announcementHash, d.announcementHash ?? '—', true);

  heading(doc, l.exclusions);
  const counts = new Map<string, number>();
  for (const x of d.exclusions) counts.set(x.rule, (counts.get(x.rule) ?? 0) + 1);
  for (const [rule, n] of counts)
    kv(doc, l.rulesNames[rule as keyof typeof l.rulesNames], String(n));
  table(
    doc,
    [l.registryNo, l.rule, l.detail],
    d.exclusions.map((x) => [x.registryNo, l.rulesNames[x.rule], x.detail]),
    [80, 120, '*']
  );

  heading(doc, l.witnesses);
  if (d.witnesses.length === 0) doc.font('regular').fontSize(9.5).text(l.none);
  for (const w of d.witnesses) {
    doc.moveDown(0.2).font('bold').fontSize(9.5).text(`${w.id} — ${w.name}`);
    kv(doc, l.commitment, w.commitment ?? '—', true);
    kv(doc, l.reveal, w.secret ?? (w.missing ? l.missing : l.notRevealed), w.secret !== null);
  }

  heading(doc, l.seedHeading);
  kv(doc, l.beaconRound, d.beacon ? `drand ${d.beacon.chain} #${d.beacon.round}` : '—');
  kv(doc, l.randomness, d.beacon?.randomness ?? '—', true);
  if (d.seedInput?.publicSources.length)
    kv(doc, l.publicSources, d.seedInput.publicSources.map((s) => `${s.id}: ${s.text}`).join('; '));
  kv(doc, l.seed, d.seed ?? '—', true);

  heading(doc, l.commission);
  table(
    doc,
    [l.seat, l.registryNo, l.name],
    d.commission.map((no, i) => [String(i + 1), no, nameOf(no)]),
    [60, 90, '*']
  );
  heading(doc, l.reserveList);
  table(
    doc,
    [l.order, l.registryNo, l.name],
    d.reserves.map((no, i) => [String(i + 1), no, nameOf(no)]),
    [60, 90, '*']
  );

  heading(doc, l.replacements);
  if (d.replacements.length === 0) doc.font('regular').fontSize(9.5).text(l.noReplacements);
  for (const s of d.replacements)
    doc
      .font('regular')
      .fontSize(9.5)
      .text(`${s.n}. ${l.steps[s.outcome](s.registryNo, s.detail?.replaces ?? '')}`);

  heading(doc, l.checkpoint);
  if (!checkpoint) doc.font('regular').fontSize(9.5).text(l.noCheckpoint);
  else {
    kv(doc, l.logOrigin, checkpoint.origin);
    kv(doc, l.treeSize, String(checkpoint.size));
    kv(doc, l.rootHash, checkpoint.rootHash, true);
    // "— <key name> <base64>": the name and the signature on lines of their own, never split inside
    for (const line of checkpoint.note.split('\n').filter((x) => x.startsWith('— '))) {
      const [dash, name, sig] = line.split(' ');
      doc.font('bold').fontSize(9.5).text(`${l.signature}:`);
      doc
        .font('mono')
        .fontSize(8.5)
        .text(`${dash} ${name}`)
        .text(sig ?? '');
    }
  }

  heading(doc, l.verify);
  drawQr(doc, input.verifyUrl, l);

  heading(doc, l.signatures);
  doc
    .font('regular')
    .fontSize(10)
    .moveDown(0.8)
    .text(l.signOperator)
    .moveDown(1.2)
    .text(l.signWitness);
}

/** Page numbers at the foot of every page (written after the body, when the count is known). */
function footers(doc: Doc, input: ProtocolInput): void {
  const l = PROTOCOL_LABELS[input.lang];
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .text(
        `${input.draw.id} · ${l.page(i + 1, range.count)}`,
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
    lang: input.lang === 'kk' ? 'kk-KZ' : 'ru-RU',
    info: {
      Title: PROTOCOL_LABELS[input.lang].title(input.draw.id),
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
