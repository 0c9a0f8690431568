/**
 * The printable protocol of a ceremony (docs/LIFECYCLE.md §Ceremonies) as a PDF: what every lot
 * shares once — the competition, the shared rules, the witnesses, the beacon, the ceremony hash and
 * the seed — then one section per lot in broadcast order (its title and direction, applicants, its
 * own size, reserves and quotas, pool, lot seed, exclusions, commission, reserves, replacements and
 * declines), then one signature block, kept on the page with the last lot's commission; the checkpoint
 * that covers the ceremony's last log entry with the log's verifier key, and the verify page's QR
 * code. Built from the single draw's parts (pdf-parts.ts); everything printed is public.
 */
import { capFamiliesOf } from '../../shared/draw/rule-families.js';
import type { Lang } from '../../shared/i18n/langs.js';
import type { ExclusionRule } from '../../shared/schemas/conflicts.js';
import type { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
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

export interface CeremonyProtocolInput {
  ceremony: PublicCeremonyDetail;
  /** the first signed checkpoint whose tree holds the ceremony's last log entry, if any */
  checkpoint: SignedCheckpoint | null;
  logKey: string | null;
  verifyUrl: string;
  lang: Lang;
}

type Lot = PublicCeremonyDetail['lots'][number];

function sharedPart(doc: Doc, c: PublicCeremonyDetail, w: Words): void {
  const time = (iso: string | null | undefined) => kzTime(iso, w);
  const spec = c.lots[0]?.spec;
  heading(doc, w('pdf.ceremonyRules'));
  if (spec) {
    kv(doc, w('console.draft.method'), methodText(spec, w));
    kv(doc, w('console.draft.cooldownDays'), String(spec.cooldownDays));
    kv(doc, w('pdf.asOf'), spec.asOf);
    kv(doc, w('pdf.deadline'), time(spec.revealDeadline));
    const drand = spec.entropy.drand;
    kv(
      doc,
      w('protocol.beaconRound'),
      drand ? `drand ${drand.chain} #${drand.round} (${time(c.beaconAt)})` : '—'
    );
    kv(
      doc,
      w('rules.publicSources'),
      spec.entropy.publicSources.map((s) => `${s.id}: ${s.description}`).join('; ') || '—'
    );
  }
  witnessesPart(doc, w, c.witnesses);
  randomnessPart(doc, w, c);
  kv(doc, w('pdf.ceremonyHash'), c.ceremonyHash ?? '—', true);
  kv(doc, w('protocol.seed'), c.seed ?? '—', true);
}

/** The lot's commission, reserves, replacements and declines (and, for the last, the signatures). */
function resultPart(
  doc: Doc,
  c: PublicCeremonyDetail,
  lot: Lot,
  w: Words,
  lang: Lang,
  last: boolean
) {
  const nameOf = (no: string) => {
    const e = lot.pool.find((p) => p.registryNo === no);
    return (lang === 'kk' ? (e?.nameKk ?? e?.nameRu) : (e?.nameRu ?? e?.nameKk)) ?? '';
  };
  const orgsOf = (no: string) =>
    (lot.pool.find((p) => p.registryNo === no)?.organizations ?? [])
      .map((k) => lot.organizationNames[k] ?? k.replace(/^(bin|name):/, ''))
      .join('; ');
  // the commission with its reserves (and the signatures after the last lot) on one page
  const block =
    4 * HEADING_H +
    (lot.commission.length + lot.reserves.length + 2) * ROW_H * 1.5 +
    (lot.replacements.length + lot.publicDeclines.length + 2) * ROW_H +
    (last ? (c.witnesses.length + 3) * SIGN_H + HEADING_H : 0);
  const room = doc.page.height - doc.page.margins.bottom - doc.y;
  if (block > room && block < doc.page.height - doc.page.margins.top - doc.page.margins.bottom)
    doc.addPage();
  const members = (nos: string[]) =>
    nos.map((no, i) => [String(i + 1), no, nameOf(no), orgsOf(no)]);
  const cols = [w('pdf.registryNo'), w('console.field.name'), w('protocol.organizations')];
  heading(doc, w('console.result.commission'));
  table(doc, [w('protocol.seat'), ...cols], members(lot.commission), [45, 80, '*', 170]);
  heading(doc, w('console.result.reserves'));
  table(doc, [w('protocol.order'), ...cols], members(lot.reserves), [45, 80, '*', 170]);
  if (lot.replacements.length > 0) {
    heading(doc, w('console.result.replacements'));
    for (const s of lot.replacements)
      doc
        .font('regular')
        .fontSize(9.5)
        .text(
          `${s.n}. ${w(`console.step.${s.outcome}`, { no: s.registryNo, replaces: s.detail?.replaces ?? '' })}`
        );
  }
  if (lot.publicDeclines.length > 0) {
    heading(doc, w('protocol.declines'));
    for (const x of lot.publicDeclines)
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
  if (last) signatures(doc, c.witnesses, w);
}

function lotPart(doc: Doc, c: PublicCeremonyDetail, lot: Lot, w: Words, lang: Lang): void {
  const title = lang === 'kk' ? lot.titleKk : lot.titleRu;
  const direction = lot.directionName?.[lang] ?? lot.directionCode;
  // a lot starts on a page of its own when little room is left
  if (doc.y > doc.page.height / 2) doc.addPage();
  doc
    .moveDown(0.8)
    .font('bold')
    .fontSize(14)
    .text(w('pdf.lotHeading', { k: lot.index + 1, of: c.lots.length, title, direction }));
  kv(doc, w('lot.title'), `${lot.lotId}. ${title}`);
  kv(doc, w('console.field.direction'), direction);
  kv(doc, w('pdf.lotState'), w(`pdf.state.${lot.state}`));
  kv(doc, w('pdf.lotClosedAt'), kzTime(lot.closedAt, w));
  doc.moveDown(0.2).font('bold').fontSize(9.5).text(w('console.field.applicants'));
  table(
    doc,
    [w('console.field.orgName'), w('console.field.bin')],
    lot.applicants.map((a) => [a.name, a.bin]),
    ['*', 110]
  );
  const spec = lot.spec;
  if (spec) {
    kv(doc, w('console.draft.size'), String(spec.size));
    kv(doc, w('console.draft.reserves'), String(spec.reserves));
    kv(
      doc,
      w('console.draft.quotas'),
      spec.quotas.length ? spec.quotas.map((q) => quotaText(q, w, lang)).join('; ') : '—'
    );
    for (const f of capFamiliesOf(spec.version))
      kv(doc, w(f.labels.field), spec[f.field] === undefined ? '—' : String(spec[f.field]));
  }
  kv(doc, w('protocol.poolSize'), String(lot.announcement?.pool.size ?? lot.pool.length));
  kv(doc, w('protocol.poolRoot'), lot.announcement?.pool.root ?? '—', true);
  kv(doc, w('protocol.announcementHash'), lot.announcementHash ?? '—', true);
  kv(doc, w('pdf.lotSeed'), lot.lotSeed ?? '—', true);
  heading(doc, w('protocol.exclusions'));
  const counts = new Map<string, number>();
  for (const x of lot.exclusions) counts.set(x.rule, (counts.get(x.rule) ?? 0) + 1);
  for (const [rule, n] of counts) kv(doc, w(`console.rule.${rule as ExclusionRule}`), String(n));
  table(
    doc,
    [w('pdf.registryNo'), w('console.field.rule'), w('console.field.detail')],
    lot.exclusions.map((x) => [
      [x.registryNo, lot.excludedNames[x.registryNo]?.[lang === 'kk' ? 'kk' : 'ru']]
        .filter(Boolean)
        .join(' — '),
      w(`console.rule.${x.rule}`),
      exclusionDetail(lang, w, x, lot.applicants),
    ]),
    [150, 110, '*']
  );
  resultPart(doc, c, lot, w, lang, lot.index === c.lots.length - 1);
}

function body(doc: Doc, input: CeremonyProtocolInput, w: Words): void {
  const { ceremony: c, lang } = input;
  doc
    .font('bold')
    .fontSize(16)
    .text(w('protocol.title', { id: c.id }));
  doc
    .font('regular')
    .fontSize(10)
    .text(w('pdf.ceremonySubtitle', { n: c.lots.length }))
    .moveDown(0.4);
  kv(doc, w('protocol.state'), w(`pdf.state.${c.state}`));
  kv(doc, w('protocol.announcedAt'), kzTime(c.announcedAt, w));
  const competition = lang === 'kk' ? c.competitionTitleKk : c.competitionTitleRu;
  kv(
    doc,
    w('pdf.competition'),
    competition ? `${competition} (${c.competitionCode})` : c.competitionCode
  );
  sharedPart(doc, c, w);
  for (const lot of c.lots) lotPart(doc, c, lot, w, lang);
  checkpointPart(doc, input.checkpoint, input.logKey, w);
  // the heading stays with its QR code
  if (doc.y > doc.page.height - doc.page.margins.bottom - 200) doc.addPage();
  heading(doc, w('protocol.verify'));
  drawQr(doc, input.verifyUrl, w);
}

export function renderCeremonyProtocolPdf(input: CeremonyProtocolInput): Promise<Buffer> {
  const { ceremony: c, lang, verifyUrl } = input;
  return renderPdf({ id: c.id, lang, verifyUrl, updatedAt: c.updatedAt }, (doc, w) =>
    body(doc, input, w)
  );
}
