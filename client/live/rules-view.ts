/**
 * The lot and its rules: the lot's title, competition, direction and applicants, then the rules the
 * draw runs by — commission size, reserves, quotas (with percentages converted to seats by the
 * protocol's own quotaBounds), the caps of its protocol version (shared/draw/rule-families.ts: the
 * per-organization limit, …), cooldown, the date eligibility is judged on,
 * the entropy sources (the drand round and when it is produced, public sources), the witnesses and the
 * reveal deadline — and, once announced, the announcement hash and the frozen pool's root. Before the
 * announcement the draft is shown and marked as still open to change.
 */
import { byId, fill, h, type Child } from '../common/dom.js';
import { currentLang, t, tCount } from '../common/i18n.js';
import { formatDateTime, formatNumber, groupHex } from '../common/format.js';
import { roundTime } from '../../shared/drand-chains.js';
import { capFamiliesOf } from '../../shared/draw/rule-families.js';
import { PROTOCOL_VERSIONS } from '../../shared/protocol-versions.js';
import { quotaBounds, type Quota } from '../../shared/schemas/draw-spec.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { CeremonyModel } from './ceremony-model.js';
import { drawTitle } from './draws-api.js';
import type { Labels } from './labels.js';
import { entropyIntro, methodText } from './phase.js';

export type LotInfo = Pick<PublicDrawDetail, 'lot' | 'competitionCode'>;

function fact(label: string, ...value: Child[]): Child[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

function quotaText(labels: Labels, q: Quota, size: number | undefined): string {
  const name = `${labels.category(q.category)}: ${labels.value(q.category, q.value)}`;
  const parts: string[] = [];
  if (q.min !== undefined) parts.push(t('rules.quota.min', { n: q.min }));
  if (q.minPercent !== undefined) parts.push(t('rules.quota.minPercent', { p: q.minPercent }));
  if (q.max !== undefined) parts.push(t('rules.quota.max', { n: q.max }));
  if (q.maxPercent !== undefined) parts.push(t('rules.quota.maxPercent', { p: q.maxPercent }));
  let text = `${name} — ${parts.join(', ')}`;
  if (size !== undefined && (q.minPercent !== undefined || q.maxPercent !== undefined)) {
    const { lo, hi } = quotaBounds(q, size);
    text += ' ' + t('rules.quota.seats', { lo, hi });
  }
  return text;
}

function entropyFacts(rules: DraftSpec): Child[] {
  const lang = currentLang();
  const drand = rules.entropy?.drand;
  const sources = rules.entropy?.publicSources ?? [];
  const out: Child[] = [];
  if (drand)
    out.push(
      ...fact(
        t('rules.drand'),
        t('rules.drandRound', { chain: drand.chain, round: drand.round }),
        ' ',
        h(
          'time',
          { datetime: iso(roundTime(drand.chain, drand.round)) },
          t('rules.drandAt', {
            time: formatDateTime(iso(roundTime(drand.chain, drand.round)), lang),
          })
        )
      )
    );
  if (sources.length > 0)
    out.push(
      ...fact(
        t('rules.publicSources'),
        h('ul', { class: 'plain' }, ...sources.map((s) => h('li', {}, `${s.id}: ${s.description}`)))
      )
    );
  if (!drand && sources.length === 0) out.push(...fact(t('rules.entropy'), t('common.notSet')));
  return out;
}

/** A sealed spec shows the caps of its version; a draft, every cap the console offers. */
function ruleFacts(labels: Labels, rules: DraftSpec, version: number, m: CeremonyModel): Child[] {
  const lang = currentLang();
  const unset = t('common.notSet');
  const n = (v: number | undefined) => (v === undefined ? unset : formatNumber(v, lang));
  return [
    ...fact(t('rules.method'), rules.method ? methodText(rules, m.witnesses.length) : unset),
    ...fact(t('rules.size'), n(rules.size)),
    ...fact(t('rules.reserves'), n(rules.reserves)),
    ...fact(
      t('rules.quotas'),
      (rules.quotas ?? []).length === 0
        ? t('common.none')
        : h(
            'ul',
            { class: 'plain' },
            ...(rules.quotas ?? []).map((q) => h('li', {}, quotaText(labels, q, rules.size)))
          )
    ),
    ...capFamiliesOf(version).flatMap((f) =>
      fact(t(f.labels.rules), rules[f.field] === undefined ? t('rules.noLimit') : n(rules[f.field]))
    ),
    ...fact(
      t('rules.cooldown'),
      rules.cooldownDays === undefined ? unset : tCount('rules.cooldownDays', rules.cooldownDays)
    ),
    ...fact(t('rules.asOf'), rules.asOf ?? unset),
    ...entropyFacts(rules),
    ...fact(t('rules.witnesses'), formatNumber(m.witnesses.length, lang)),
    ...fact(
      t('rules.revealDeadline'),
      rules.revealDeadline
        ? h('time', { datetime: rules.revealDeadline }, formatDateTime(rules.revealDeadline, lang))
        : unset
    ),
  ];
}

export function renderRules(m: CeremonyModel, labels: Labels, lot: LotInfo | null): void {
  const lang = currentLang();
  const sealed = m.announcement;
  const rules: DraftSpec | null = sealed?.spec ?? m.draft;
  fill(
    byId('lot-facts', HTMLElement),
    ...(lot
      ? [
          ...fact(
            t('lot.title'),
            drawTitle({ lotTitleKk: lot.lot.titleKk, lotTitleRu: lot.lot.titleRu }, lang)
          ),
          ...fact(t('lot.competition'), lot.competitionCode),
          ...fact(t('lot.direction'), labels.direction(lot.lot.directionCode)),
          ...fact(
            t('lot.applicants'),
            h(
              'ul',
              { class: 'plain' },
              ...lot.lot.applicants.map((a) =>
                h('li', {}, `${a.name} — ${t('org.bin', { bin: a.bin })}`)
              )
            )
          ),
        ]
      : [])
  );
  byId('beacon-intro', HTMLElement).textContent = entropyIntro(rules);
  byId('rules-note', HTMLElement).textContent = sealed
    ? t('rules.sealed')
    : rules
      ? t('rules.draftNote')
      : '';
  fill(
    byId('rules-facts', HTMLElement),
    ...(rules
      ? ruleFacts(labels, rules, sealed?.spec.version ?? PROTOCOL_VERSIONS.at(-1)!, m)
      : []),
    ...(sealed && m.announcementHash
      ? [
          ...fact(
            t('rules.announcementHash'),
            h('span', { class: 'hex' }, groupHex(m.announcementHash))
          ),
          ...fact(
            t('rules.poolRoot'),
            h('span', { class: 'hex' }, groupHex(sealed.pool.root)),
            ' ',
            tCount('rules.poolSize', sealed.pool.size)
          ),
        ]
      : [])
  );
}
