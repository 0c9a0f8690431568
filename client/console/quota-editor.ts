/**
 * The quota rows of a draw's rules: a category (who proposed, region, gender, language, direction),
 * its value, and a lower and/or upper bound in seats or in percent of the commission (the 30/70 rule
 * is "proposed by the operator: at most 30%"). Values are chosen from lists where the domain has one.
 */
import { REGIONS } from '../../shared/regions.js';
import type { Quota } from '../../shared/schemas/draw-spec.js';
import type { Direction } from '../../shared/schemas/registry.js';
import { h } from '../common/dom.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { localName, regionName } from './labels.js';
import { button, optionEl, selectField, textField, tx, type Option } from './ui.js';

const CATEGORIES = ['proposedBy', 'region', 'gender', 'language', 'direction'] as const;
type Category = (typeof CATEGORIES)[number];

export interface QuotaEditor {
  wrap: HTMLElement;
  values(): Quota[];
}

function valueOptions(category: Category, directions: readonly Direction[]): Option[] {
  const lang = currentLang();
  switch (category) {
    case 'proposedBy':
      return ['operator', 'ngo'].map((v) => ({
        value: v,
        code: `console.proposedBy.${v}` as MessageCode,
      }));
    case 'gender':
      return ['female', 'male'].map((v) => ({
        value: v,
        code: `console.gender.${v}` as MessageCode,
      }));
    case 'region':
      return REGIONS.map((r) => ({ value: r.code, text: regionName(r.code, lang) }));
    case 'direction':
      return directions.map((d) => ({ value: d.code, text: localName(d, lang) }));
    case 'language':
      return ['kk', 'ru', 'en'].map((v) => ({
        value: v,
        code: `console.language.${v}` as MessageCode,
      }));
  }
}

export function quotaEditor(
  initial: readonly Quota[],
  directions: readonly Direction[]
): QuotaEditor {
  const list = h('div', { class: 'rows', id: 'q-rows' });
  const rows: { el: HTMLElement; read(): Quota }[] = [];
  let serial = 0;

  function addRow(q?: Quota): void {
    const n = serial++;
    const category = selectField(
      `q-${n}-category`,
      'console.quota.category',
      CATEGORIES.map((c) => ({ value: c, code: `console.quota.cat.${c}` as MessageCode })),
      q?.category ?? 'proposedBy'
    );
    const value = selectField(`q-${n}-value`, 'console.quota.value', [], '');
    const fillValues = (chosen: string) => {
      const opts = valueOptions(category.control.value as Category, directions);
      value.control.replaceChildren(...opts.map((o) => optionEl(o, o.value === chosen)));
    };
    fillValues(q?.value ?? '');
    category.control.addEventListener('change', () => fillValues(''));
    const percent = q?.minPercent !== undefined || q?.maxPercent !== undefined;
    const unit = selectField(
      `q-${n}-unit`,
      'console.quota.unit',
      [
        { value: 'seats', code: 'console.quota.seats' },
        { value: 'percent', code: 'console.quota.percent' },
      ],
      percent ? 'percent' : 'seats'
    );
    const num = { type: 'number', attrs: { min: 0, max: 100, inputmode: 'numeric' } };
    const min = textField(
      `q-${n}-min`,
      'console.quota.min',
      String(q?.min ?? q?.minPercent ?? ''),
      num
    );
    const max = textField(
      `q-${n}-max`,
      'console.quota.max',
      String(q?.max ?? q?.maxPercent ?? ''),
      num
    );
    const el = h(
      'fieldset',
      { class: 'row-item quota' },
      h('legend', {}, t('console.quota.item', { n: rows.length + 1 })),
      h('div', { class: 'two' }, category.wrap, value.wrap),
      h('div', { class: 'three' }, unit.wrap, min.wrap, max.wrap)
    );
    const entry = {
      el,
      read: (): Quota => {
        const p = unit.control.value === 'percent';
        const out: Record<string, unknown> = {
          category: category.control.value,
          value: value.control.value,
        };
        if (min.control.value !== '') out[p ? 'minPercent' : 'min'] = Number(min.control.value);
        if (max.control.value !== '') out[p ? 'maxPercent' : 'max'] = Number(max.control.value);
        return out as Quota;
      },
    };
    el.append(
      button(
        'console.rows.remove',
        () => {
          rows.splice(rows.indexOf(entry), 1);
          el.remove();
        },
        { class: 'button small' }
      )
    );
    rows.push(entry);
    list.append(el);
  }

  for (const q of initial) addRow(q);
  return {
    wrap: h(
      'fieldset',
      { class: 'field rows-editor', id: 'q-editor' },
      tx('legend', 'console.draft.quotas'),
      tx('p', 'console.draft.quotasHint', { class: 'field-hint' }),
      list,
      button('console.quota.add', () => addRow(), { id: 'q-add' })
    ),
    values: () => rows.map((r) => r.read()),
  };
}
