/**
 * The printable protocol of a ceremony (print CSS in styles/console.css), as its PDF has it
 * (server/protocol/ceremony-pdf.ts): the competition, the rules every lot shares, the witnesses, the
 * beacon, the ceremony hash and the seed once; then one section per lot in broadcast order — its
 * direction, state, own size, reserves and quotas, pool, lot seed, applicants, exclusions,
 * commission, reserves, replacements and declines — with one signature block after the last lot's
 * commission; the checkpoint that covers the ceremony's last entry and the verify page's QR code.
 */
import type { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { h, type Child } from '../common/dom.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { qrSvg } from '../common/qr-svg.js';
import { nameIn, stepText } from './draw-result.js';
import {
  kzTime,
  organizationsOf,
  quotaText,
  signatureLines,
  signLines,
  verifyUrl,
} from './protocol-text.js';
import { ruleText } from './screen-lot.js';
import { tx } from './ui.js';
import { row, table } from './ui-table.js';

type Lot = PublicCeremonyDetail['lots'][number];

function facts(...pairs: [MessageCode, Child][]): HTMLDListElement {
  return h('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [tx('dt', k), h('dd', {}, v)]));
}

function section(id: string, heading: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'protocol-section', id }, h('h3', {}, heading), ...children);
}

const hex = (v: string | null | undefined, id?: string) =>
  h('span', { class: 'hex', ...(id ? { id } : {}) }, v ?? '—');

function lotSection(c: PublicCeremonyDetail, lot: Lot): HTMLElement {
  const lang = currentLang();
  const title = lang === 'kk' ? lot.titleKk : lot.titleRu;
  const direction = lot.directionName?.[lang] ?? lot.directionCode;
  const spec = lot.spec;
  const members = (nos: string[]) =>
    nos.map((no, i) =>
      row(
        String(i + 1),
        h('span', { class: 'mono' }, no),
        nameIn(lot.pool, no),
        organizationsOf(lot, no)
      )
    );
  const cols: MessageCode[] = [
    'console.field.registryNo',
    'console.field.name',
    'protocol.organizations',
  ];
  const counts = lot.exclusions.reduce<Record<string, number>>((acc, x) => {
    acc[x.rule] = (acc[x.rule] ?? 0) + 1;
    return acc;
  }, {});
  const last = lot.index === c.lots.length - 1;
  return section(
    `p-lot-${lot.lotId}`,
    t('pdf.lotHeading', { k: lot.index + 1, of: c.lots.length, title, direction }),
    facts(
      ['protocol.lotTitle', `${lot.lotId}. ${title}`],
      ['console.field.direction', direction],
      ['pdf.lotState', t(`draw.state.${lot.state}` as MessageCode)],
      ['console.draft.size', String(spec?.size ?? '—')],
      ['console.draft.reserves', String(spec?.reserves ?? '—')],
      [
        'console.draft.quotas',
        spec?.quotas.length
          ? h('ul', {}, ...spec.quotas.map((q) => h('li', {}, quotaText(q))))
          : '—',
      ],
      ['protocol.poolSize', String(lot.announcement?.pool.size ?? lot.pool.length)],
      ['protocol.poolRoot', hex(lot.announcement?.pool.root)],
      ['protocol.announcementHash', hex(lot.announcementHash)],
      ['pdf.lotSeed', hex(lot.lotSeed)]
    ),
    table(
      'console.field.applicants',
      ['console.field.orgName', 'console.field.bin'],
      lot.applicants.map((a) => row(a.name, h('span', { class: 'mono' }, a.bin)))
    ),
    tx('h4', 'protocol.exclusions'),
    h(
      'ul',
      {},
      ...Object.entries(counts).map(([rule, n]) =>
        h('li', {}, `${t(`console.rule.${rule}` as MessageCode)}: ${n}`)
      )
    ),
    lot.exclusions.length
      ? table(
          'protocol.exclusions',
          ['console.field.registryNo', 'console.field.rule', 'console.field.detail'],
          lot.exclusions.map((x) => row(x.registryNo, ruleText(x), x.detail))
        )
      : tx('p', 'console.exclusions.none'),
    table('console.result.commission', ['protocol.seat', ...cols], members(lot.commission), {
      id: `p-lot-${lot.lotId}-commission`,
    }),
    table('console.result.reserves', ['protocol.order', ...cols], members(lot.reserves)),
    lot.replacements.length
      ? h('ol', { class: 'steps' }, ...lot.replacements.map((s) => h('li', {}, stepText(s))))
      : null,
    lot.publicDeclines.length
      ? h(
          'ul',
          {},
          ...lot.publicDeclines.map((x) =>
            h(
              'li',
              { 'data-category': x.category ?? 'none' },
              t('protocol.declineLine', {
                no: x.registryNo,
                category: t(`decline.category.${x.category ?? 'none'}`),
              })
            )
          )
        )
      : null,
    // one signature block, with the last commission it follows (printed on one page with it)
    last
      ? h(
          'div',
          { id: 'p-signatures' },
          tx('h4', 'protocol.signatures'),
          ...signLines(c).map((line) => h('p', { class: 'sign-line' }, line))
        )
      : null
  );
}

export function renderCeremonyProtocol(
  c: PublicCeremonyDetail,
  checkpoint: SignedCheckpoint | null,
  logKey: string | null,
  origin: string
): HTMLElement {
  const lang = currentLang();
  const spec = c.lots[0]?.spec;
  const competition = lang === 'kk' ? c.competitionTitleKk : c.competitionTitleRu;
  const url = verifyUrl(origin, c.id);
  return h(
    'article',
    { class: 'protocol', id: 'protocol' },
    h('h2', { id: 'screen-heading', tabindex: -1 }, t('protocol.title', { id: c.id })),
    h('p', {}, t('pdf.ceremonySubtitle', { n: c.lots.length })),
    facts(
      ['protocol.state', t(`draw.state.${c.state}` as MessageCode)],
      ['protocol.announcedAt', kzTime(c.announcedAt)],
      [
        'protocol.competition',
        competition ? `${competition} (${c.competitionCode})` : c.competitionCode,
      ]
    ),
    spec
      ? section(
          'p-rules',
          t('pdf.ceremonyRules'),
          facts(
            ['console.draft.method', t(`console.method.${spec.method}` as MessageCode)],
            ['console.draft.cooldownDays', String(spec.cooldownDays)],
            ['console.draft.asOf', spec.asOf],
            ['protocol.deadline', kzTime(spec.revealDeadline)],
            [
              'protocol.beaconRound',
              spec.entropy.drand
                ? `drand ${spec.entropy.drand.chain} #${spec.entropy.drand.round} (${kzTime(c.beaconAt)})`
                : '—',
            ],
            [
              'console.draft.publicSources',
              spec.entropy.publicSources.map((s) => `${s.id}: ${s.description}`).join('; ') || '—',
            ]
          )
        )
      : null,
    section(
      'p-witnesses',
      t('protocol.witnesses'),
      c.witnesses.length
        ? table(
            'protocol.witnesses',
            ['console.field.witness', 'console.witnesses.commitment', 'protocol.reveal'],
            c.witnesses.map((w) =>
              row(
                `${w.id} — ${w.name}`,
                hex(w.commitment),
                w.secret
                  ? hex(w.secret)
                  : t(w.missing ? 'console.witness.missing' : 'console.witness.waiting')
              )
            )
          )
        : tx('p', 'console.witnesses.none')
    ),
    section(
      'p-seed',
      t('protocol.seedHeading'),
      facts(
        ['protocol.beaconRound', c.beacon ? `drand ${c.beacon.chain} #${c.beacon.round}` : '—'],
        ['protocol.randomness', hex(c.beacon?.randomness)],
        [
          'console.draft.publicSources',
          c.seedInput?.publicSources.map((s) => `${s.id}: ${s.text}`).join('; ') || '—',
        ],
        ['pdf.ceremonyHash', hex(c.ceremonyHash)],
        ['protocol.seed', hex(c.seed, 'p-seed-value')]
      )
    ),
    ...c.lots.map((lot) => lotSection(c, lot)),
    section(
      'p-checkpoint',
      t('protocol.checkpoint'),
      checkpoint
        ? facts(
            ['protocol.logOrigin', checkpoint.origin],
            ['protocol.treeSize', String(checkpoint.size)],
            ['protocol.rootHash', hex(checkpoint.rootHash)],
            ['protocol.signature', hex(signatureLines(checkpoint.note).join(' '))],
            ['protocol.logKey', hex(logKey, 'p-log-key')]
          )
        : tx('p', 'protocol.noCheckpoint')
    ),
    section(
      'p-verify',
      t('protocol.verify'),
      h(
        'div',
        { class: 'qr-box' },
        qrSvg(url, t('protocol.qrLabel')),
        h('p', { class: 'hex', id: 'p-verify-url' }, url)
      )
    )
  );
}
