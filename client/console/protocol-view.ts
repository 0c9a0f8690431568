/**
 * The printable protocol of a draw (print CSS in styles/console.css): lot and applicants, rules (the
 * caps of the spec's protocol version read from shared/draw/rule-families.ts),
 * pool size and root, exclusions by rule (counts and list), witnesses, beacon round, seed, commission
 * and reserves with registry numbers and names, replacements, the log checkpoint that covers the
 * draw's entries (tree size, root and signature line), and a QR code of the public verify page.
 * Everything on it is public (the public draw API and the public log).
 */
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { capFamiliesOf } from '../../shared/draw/rule-families.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { h, type Child } from '../common/dom.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { nameIn, stepText } from './draw-result.js';
import { titleOf } from './labels.js';
import {
  kzTime,
  organizationsOf,
  quotaText,
  signatureLines,
  signLines,
  verifyUrl,
} from './protocol-text.js';
import { qrSvg } from '../common/qr-svg.js';
import { detailText, ruleText } from './screen-lot.js';
import { tx } from './ui.js';
import { row, table } from './ui-table.js';

function facts(...pairs: [MessageCode, Child][]): HTMLDListElement {
  return h('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [tx('dt', k), h('dd', {}, v)]));
}

function section(id: string, heading: MessageCode, ...children: Child[]): HTMLElement {
  return h('section', { class: 'protocol-section', id }, tx('h3', heading), ...children);
}

export function renderProtocol(
  d: PublicDrawDetail,
  checkpoint: SignedCheckpoint | null,
  logKey: string | null,
  origin: string
): HTMLElement {
  const lang = currentLang();
  const spec = d.spec;
  const when = kzTime;
  const competition = lang === 'kk' ? d.lot.competitionTitleKk : d.lot.competitionTitleRu;
  const members = (nos: string[]) =>
    nos.map((no, i) =>
      row(
        String(i + 1),
        h('span', { class: 'mono' }, no),
        nameIn(d.pool, no),
        organizationsOf(d, no)
      )
    );
  const rules = d.exclusions.reduce<Record<string, number>>((acc, x) => {
    acc[x.rule] = (acc[x.rule] ?? 0) + 1;
    return acc;
  }, {});
  const url = verifyUrl(origin, d.id);
  return h(
    'article',
    { class: 'protocol', id: 'protocol' },
    h('h2', { id: 'screen-heading', tabindex: -1 }, t('protocol.title', { id: d.id })),
    facts(
      ['protocol.state', t(`draw.state.${d.state}` as MessageCode)],
      ['protocol.attempt', String(d.attempt)],
      ['protocol.announcedAt', when(d.announcedAt)]
    ),
    section(
      'p-lot',
      'protocol.lot',
      facts(
        [
          'protocol.competition',
          competition ? `${competition} (${d.lot.competitionCode})` : d.lot.competitionCode,
        ],
        ['protocol.lotTitle', `${d.lot.id}. ${titleOf(d.lot, lang)}`],
        ['console.field.direction', d.lot.directionName?.[lang] ?? d.lot.directionCode]
      ),
      table(
        'console.field.applicants',
        ['console.field.orgName', 'console.field.bin'],
        d.lot.applicants.map((a) => row(a.name, h('span', { class: 'mono' }, a.bin)))
      )
    ),
    spec
      ? section(
          'p-rules',
          'protocol.rules',
          facts(
            ['console.draft.method', t(`console.method.${spec.method}` as MessageCode)],
            ['console.draft.size', String(spec.size)],
            ['console.draft.reserves', String(spec.reserves)],
            [
              'console.draft.quotas',
              spec.quotas.length
                ? h('ul', {}, ...spec.quotas.map((q) => h('li', {}, quotaText(q))))
                : '—',
            ],
            ...capFamiliesOf(spec.version).map((f): [MessageCode, Child] => [
              f.labels.field,
              spec[f.field] === undefined ? '—' : String(spec[f.field]),
            ]),
            ['console.draft.cooldownDays', String(spec.cooldownDays)],
            ['console.draft.asOf', spec.asOf],
            ['protocol.deadline', when(spec.revealDeadline)],
            [
              'protocol.beaconRound',
              spec.entropy.drand
                ? `drand ${spec.entropy.drand.chain} #${spec.entropy.drand.round} (${when(d.beaconAt)})`
                : '—',
            ],
            [
              'console.draft.publicSources',
              spec.entropy.publicSources.length
                ? spec.entropy.publicSources.map((s) => `${s.id}: ${s.description}`).join('; ')
                : '—',
            ]
          )
        )
      : null,
    section(
      'p-pool',
      'protocol.pool',
      facts(
        ['protocol.poolSize', String(d.announcement?.pool.size ?? d.pool.length)],
        ['protocol.poolRoot', h('span', { class: 'hex' }, d.announcement?.pool.root ?? '—')],
        ['protocol.announcementHash', h('span', { class: 'hex' }, d.announcementHash ?? '—')]
      )
    ),
    section(
      'p-exclusions',
      'protocol.exclusions',
      h(
        'ul',
        { id: 'p-exclusion-counts' },
        ...Object.entries(rules).map(([rule, n]) =>
          h('li', {}, `${t(`console.rule.${rule}` as MessageCode)}: ${n}`)
        )
      ),
      d.exclusions.length
        ? table(
            'protocol.exclusions',
            ['console.field.registryNo', 'console.field.rule', 'console.field.detail'],
            d.exclusions.map((x) => row(x.registryNo, ruleText(x), detailText(x, d.lot.applicants)))
          )
        : tx('p', 'console.exclusions.none')
    ),
    section(
      'p-witnesses',
      'protocol.witnesses',
      d.witnesses.length
        ? table(
            'protocol.witnesses',
            ['console.field.witness', 'console.witnesses.commitment', 'protocol.reveal'],
            d.witnesses.map((w) =>
              row(
                `${w.id} — ${w.name}`,
                h('span', { class: 'hex' }, w.commitment ?? '—'),
                w.secret
                  ? h('span', { class: 'hex' }, w.secret)
                  : t(w.missing ? 'console.witness.missing' : 'console.witness.waiting')
              )
            )
          )
        : tx('p', 'console.witnesses.none')
    ),
    section(
      'p-seed',
      'protocol.seedHeading',
      facts(
        ['protocol.beaconRound', d.beacon ? `drand ${d.beacon.chain} #${d.beacon.round}` : '—'],
        ['protocol.randomness', h('span', { class: 'hex' }, d.beacon?.randomness ?? '—')],
        [
          'console.draft.publicSources',
          d.seedInput?.publicSources.length
            ? d.seedInput.publicSources.map((s) => `${s.id}: ${s.text}`).join('; ')
            : '—',
        ],
        ['protocol.seed', h('span', { class: 'hex', id: 'p-seed-value' }, d.seed ?? '—')]
      )
    ),
    section(
      'p-commission',
      'console.result.commission',
      table(
        'console.result.commission',
        [
          'protocol.seat',
          'console.field.registryNo',
          'console.field.name',
          'protocol.organizations',
        ],
        members(d.commission),
        { id: 'p-commission-table' }
      ),
      tx('h4', 'console.result.reserves'),
      table(
        'console.result.reserves',
        [
          'protocol.order',
          'console.field.registryNo',
          'console.field.name',
          'protocol.organizations',
        ],
        members(d.reserves)
      ),
      // the signatures belong with the commission they sign for: one section, printed on one page
      h(
        'div',
        { id: 'p-signatures' },
        tx('h4', 'protocol.signatures'),
        ...signLines(d).map((line) => h('p', { class: 'sign-line' }, line))
      )
    ),
    section(
      'p-replacements',
      'console.result.replacements',
      d.replacements.length
        ? h('ol', {}, ...d.replacements.map((s) => h('li', {}, stepText(s))))
        : tx('p', 'console.result.noReplacements')
    ),
    // Each decline's public category (docs/PROTOCOL.md §Declines in the open); never the reason.
    d.publicDeclines.length
      ? section(
          'p-declines',
          'protocol.declines',
          h(
            'ul',
            {},
            ...d.publicDeclines.map((x) =>
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
        )
      : null,
    section(
      'p-checkpoint',
      'protocol.checkpoint',
      checkpoint
        ? facts(
            ['protocol.logOrigin', checkpoint.origin],
            ['protocol.treeSize', String(checkpoint.size)],
            ['protocol.rootHash', h('span', { class: 'hex' }, checkpoint.rootHash)],
            [
              'protocol.signature',
              h('span', { class: 'hex' }, signatureLines(checkpoint.note).join(' ')),
            ],
            ['protocol.logKey', h('span', { class: 'hex', id: 'p-log-key' }, logKey ?? '—')]
          )
        : tx('p', 'protocol.noCheckpoint')
    ),
    section(
      'p-verify',
      'protocol.verify',
      h(
        'div',
        { class: 'qr-box' },
        qrSvg(url, t('protocol.qrLabel')),
        h('p', { class: 'hex', id: 'p-verify-url' }, url)
      )
    )
  );
}
