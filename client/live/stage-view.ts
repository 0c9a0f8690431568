/**
 * The stage: the candidate being considered right now (large, with the outcome and why), and the
 * commission and reserve list as they form, seat by seat, with empty seats still to fill. This is
 * what the overlay mode shows over a stream; the page shows it above the timeline.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, t } from '../common/i18n.js';
import { formatNumber } from '../common/format.js';
import { poolEntry, type CeremonyModel } from './ceremony-model.js';
import type { Labels } from './labels.js';
import { detailTexts, outcomeText, ruleText } from './step-text.js';
import { expertLabel } from './event-text.js';

function person(
  m: CeremonyModel,
  labels: Labels,
  registryNo: string,
  declined: boolean
): HTMLElement {
  const p = poolEntry(m, registryNo);
  return h(
    'li',
    { class: declined ? 'seat declined' : 'seat', 'data-registry-no': registryNo },
    h('span', { class: 'seat-name' }, p ? labels.expertName(p.entry) : registryNo),
    ' ',
    h(
      'span',
      { class: 'seat-no' },
      p ? t('expert.numbers', { no: formatNumber(p.poolNo, currentLang()), registryNo }) : ''
    )
  );
}

function emptySeat(): HTMLElement {
  return h('li', { class: 'seat empty-seat' }, t('stage.emptySeat'));
}

function seats(
  m: CeremonyModel,
  labels: Labels,
  nos: readonly string[],
  total: number,
  declined: ReadonlySet<string>
): HTMLElement[] {
  const out = nos.map((n) => person(m, labels, n, declined.has(n)));
  for (let i = nos.length; i < total; i++) out.push(emptySeat());
  return out;
}

export function renderStage(m: CeremonyModel, labels: Labels): void {
  const stage = byId('stage', HTMLElement);
  const spec = m.announcement?.spec;
  show(stage, m.seed !== null);
  if (!m.seed || !spec) return;
  const current = byId('stage-current', HTMLElement);
  const c = m.current;
  const replacing = m.declines.some((d) => !d.done);
  if (m.resultShown && !replacing) {
    // At the end the commission comes first, by name (not the last reserve's step).
    fill(current, h('p', { class: 'stage-formed' }, t('stage.formedHeading')));
  } else if (c) {
    const rule = ruleText(c.step);
    fill(
      current,
      h('p', { class: 'stage-count' }, t('stage.stepOf', { k: c.k, of: c.of })),
      h(
        'p',
        {
          class: `stage-candidate outcome-${c.step.outcome}`,
          'data-registry-no': c.step.registryNo,
        },
        expertLabel(m, labels, c.step.registryNo)
      ),
      h(
        'p',
        { class: `stage-outcome outcome-${c.step.outcome}` },
        rule ? `${outcomeText(c.step)}: ${rule}` : outcomeText(c.step)
      ),
      ...detailTexts(labels, c.step.detail, (n) => expertLabel(m, labels, n)).map((d) =>
        h('p', { class: 'stage-detail' }, d)
      )
    );
  } else fill(current, h('p', { class: 'stage-count' }, t('stage.seedShown')));
  const declined = new Set(m.declines.filter((d) => !d.done).map((d) => d.registryNo));
  fill(
    byId('stage-commission', HTMLOListElement),
    ...seats(m, labels, m.commission, spec.size, declined)
  );
  fill(
    byId('stage-reserves', HTMLOListElement),
    ...seats(m, labels, m.reserves, m.resultShown ? m.reserves.length : spec.reserves, declined)
  );
  byId('stage-status', HTMLElement).textContent = m.resultShown
    ? t('stage.formed')
    : t('stage.forming');
}
