/**
 * A ceremony's lots once drawn, on the operator's screen: one section per lot in broadcast order with
 * its heading (number, title, direction's name), its state, its commission, reserves and replacement
 * steps and, while the lot is drawn but not closed, its own decline form and its own close button
 * (docs/LIFECYCLE.md §Ceremonies: declines name the lot; each lot closes on its own).
 */
import { h } from '../common/dom.js';
import { currentLang, t } from '../common/i18n.js';
import type { Lang } from '../common/lang.js';
import * as api from './api/ceremony-api.js';
import type { OperatorCeremonyDetail } from './api/ceremony-api.js';
import { nameIn, personList, stepText } from './draw-result.js';
import { titleOf } from './labels.js';
import { busy, button, selectField, textArea, tx } from './ui.js';
import { DECLINE_CATEGORIES, type DeclineCategory } from '../../shared/schemas/decline-category.js';

type Lot = OperatorCeremonyDetail['lots'][number];
type Update = (d: OperatorCeremonyDetail) => void;

/** "3. Молодёжные инициативы — Молодёжная политика": the lot's broadcast number, title, direction. */
export function lotHeading(lot: Lot, lang: Lang = currentLang()): string {
  const direction = lot.directionName?.[lang] ?? lot.directionCode;
  return `${lot.index + 1}. ${titleOf(lot, lang)} — ${direction}`;
}

function declineForm(d: OperatorCeremonyDetail, lot: Lot, alert: HTMLElement, onUpdate: Update) {
  const p = `lot-${lot.lotId}-decline`;
  const people = [...lot.commission, ...lot.reserves];
  const member = selectField(
    `${p}-member`,
    'console.decline.member',
    people.map((no) => ({ value: no, text: `${no} ${nameIn(lot.pool, no)}` })),
    people[0] ?? ''
  );
  const category = selectField(
    `${p}-category`,
    'console.decline.category',
    DECLINE_CATEGORIES.map((c) => ({ value: c, text: t(`decline.category.${c}`) })),
    'declined'
  );
  const reason = textArea(`${p}-reason`, 'console.decline.reason', '', { required: true });
  reason.control.rows = 2;
  return h(
    'details',
    { class: 'subpanel', id: p },
    tx('summary', 'console.decline.heading'),
    tx('p', 'console.decline.hint', { class: 'field-hint' }),
    member.wrap,
    category.wrap,
    reason.wrap,
    button(
      'console.decline.submit',
      (e) => {
        const why = reason.control.value.trim();
        reason.setError(why ? null : t('console.form.required'));
        if (!why) return reason.control.focus();
        if (!window.confirm(t('console.decline.confirm', { no: member.control.value }))) return;
        void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
          onUpdate(
            await api.recordLotDecline(
              d.id,
              lot.lotId,
              member.control.value,
              category.control.value as DeclineCategory,
              why
            )
          )
        );
      },
      { id: `${p}-submit` }
    )
  );
}

function lotSection(d: OperatorCeremonyDetail, lot: Lot, alert: HTMLElement, onUpdate: Update) {
  const p = `lot-${lot.lotId}`;
  const open = lot.state === 'drawn';
  return h(
    'section',
    { class: 'subpanel ceremony-lot', id: `${p}-result`, 'aria-labelledby': `${p}-heading` },
    h('h4', { id: `${p}-heading` }, lotHeading(lot)),
    h(
      'p',
      {},
      h(
        'span',
        { class: `badge state-${lot.state}`, id: `${p}-state` },
        t(`draw.state.${lot.state}` as 'draw.state.drawn')
      )
    ),
    tx('h5', 'console.result.commission'),
    personList(`${p}-commission`, lot.pool, lot.commission),
    tx('h5', 'console.result.reserves'),
    personList(`${p}-reserves`, lot.pool, lot.reserves),
    lot.replacements.length
      ? h(
          'ol',
          { class: 'steps', id: `${p}-replacements` },
          ...lot.replacements.map((s) => h('li', { value: s.n }, stepText(s)))
        )
      : null,
    open && lot.commission.length + lot.reserves.length > 0
      ? declineForm(d, lot, alert, onUpdate)
      : null,
    open
      ? button(
          'console.ceremony.closeLot',
          (e) => {
            if (!window.confirm(t('console.ceremony.closeLotConfirm', { lot: lotHeading(lot) })))
              return;
            void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
              onUpdate(await api.closeLot(d.id, lot.lotId))
            );
          },
          { id: `${p}-close`, class: 'button primary' }
        )
      : null
  );
}

export function lotResults(
  d: OperatorCeremonyDetail,
  alert: HTMLElement,
  onUpdate: Update
): HTMLElement {
  const closed = d.lots.filter((l) => l.state === 'closed').length;
  return h(
    'div',
    { class: 'stack', id: 'ceremony-results' },
    h(
      'p',
      { id: 'ceremony-lots-closed' },
      t('console.ceremony.lotsClosed', { n: closed, of: d.lots.length })
    ),
    ...d.lots.map((lot) => lotSection(d, lot, alert, onUpdate))
  );
}
