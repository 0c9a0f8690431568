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
import { capFamiliesOf } from '../../shared/draw/rule-families.js';
import type { Lang } from '../../shared/i18n/langs.js';
import type { ExclusionRule } from '../../shared/schemas/conflicts.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { exclusionDetail } from '../../shared/i18n/exclusion-detail.js';
import {
  checkpointPart,
  drawQr,
  heading,
  HEADING_H,
  kv,
  kzTime,
  methodText,
  quotaText,
  randomnessPart,
  renderPdf,
  ROW_H,
  SIGN_H,
  signatures,
  table,
  type Doc,
  witnessesPart,
  type Words,
} from './pdf-parts.js';

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

function body(doc: Doc, input: ProtocolInput, w: Words): void {
  const { draw: d, checkpoint, lang } = input;
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
    kv(doc, w('console.draft.method'), methodText(spec, w));
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

  witnessesPart(doc, w, d.witnesses);

  randomnessPart(doc, w, d);
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
  signatures(doc, d.witnesses, w);

  checkpointPart(doc, checkpoint, input.logKey, w);

  heading(doc, w('protocol.verify'));
  drawQr(doc, input.verifyUrl, w);
}

export function renderProtocolPdf(input: ProtocolInput): Promise<Buffer> {
  const { draw, lang, verifyUrl } = input;
  return renderPdf({ id: draw.id, lang, verifyUrl, updatedAt: draw.updatedAt }, (doc, w) =>
    body(doc, input, w)
  );
}
