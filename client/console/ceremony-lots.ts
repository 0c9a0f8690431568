/**
 * The lots table of the "new ceremony" screen: one row per lot of the competition, ticked by default,
 * in broadcast order (the lot's number, as the competition lists them), with its direction's name and
 * the fields a lot may change: commission size, reserves and the maximum of each shared quota. An
 * empty field follows the shared rules; its placeholder shows what they say.
 */
import type { Direction } from '../../shared/schemas/registry.js';
import type { Lot } from '../../shared/schemas/lots.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import { fill, h } from '../common/dom.js';
import { currentLang, t } from '../common/i18n.js';
import type { Lang } from '../common/lang.js';
import { rowNumber, type LotRow } from './ceremony-draft.js';
import { titleOf } from './labels.js';
import { tx } from './ui.js';

function directionName(code: string, directions: readonly Direction[], lang: Lang): string {
  const d = directions.find((x) => x.code === code);
  if (!d) return code;
  return lang === 'kk' ? d.nameKk : lang === 'en' ? d.nameEn : d.nameRu;
}

interface RowControls {
  lot: Lot;
  include: HTMLInputElement;
  size: HTMLInputElement;
  reserves: HTMLInputElement;
  quotas: HTMLInputElement[];
}

export interface LotsTable {
  el: HTMLElement;
  /** redraws headers and placeholders for the shared rules now in the form (typed values stay) */
  render(shared: DraftSpec): void;
  /** the rows as typed; a field that is not a number gets its error and makes this return null */
  read(): LotRow[] | null;
}

function numberInput(id: string, label: string): HTMLInputElement {
  return h('input', {
    id,
    type: 'text',
    inputmode: 'numeric',
    class: 'narrow',
    'aria-label': label,
    size: 3,
  });
}

export function lotsTable(lots: readonly Lot[], directions: readonly Direction[]): LotsTable {
  const rows: RowControls[] = [...lots]
    .sort((a, b) => a.id - b.id)
    .map((lot) => {
      const include = h('input', { type: 'checkbox', id: `cl-${lot.id}-include` });
      include.checked = true;
      return {
        lot,
        include,
        size: numberInput(`cl-${lot.id}-size`, ''),
        reserves: numberInput(`cl-${lot.id}-reserves`, ''),
        quotas: [],
      };
    });
  const tableEl = h('table', { class: 'data', id: 'ceremony-lots' });
  const wrap = h(
    'div',
    {
      class: 'table-wrap',
      role: 'region',
      tabindex: 0,
      'aria-labelledby': 'ceremony-lots-caption',
    },
    tableEl
  );

  function render(shared: DraftSpec): void {
    const lang = currentLang();
    const quotas = (shared.quotas ?? [])
      .map((q, i) => ({ q, i }))
      .filter((x) => x.q.max !== undefined);
    const head = [
      t('console.ceremony.include'),
      t('console.field.lot'),
      t('console.ceremony.direction'),
      t('console.draft.size'),
      t('console.draft.reserves'),
      ...quotas.map(({ i }) => t('console.ceremony.quotaMax', { n: i + 1 })),
    ];
    const body = rows.map((r, k) => {
      const title = `${k + 1}. ${titleOf(r.lot, lang)}`;
      r.include.setAttribute('aria-label', title);
      r.size.setAttribute('aria-label', `${title}: ${t('console.draft.size')}`);
      r.size.placeholder = String(shared.size ?? '');
      r.reserves.setAttribute('aria-label', `${title}: ${t('console.draft.reserves')}`);
      r.reserves.placeholder = String(shared.reserves ?? '');
      const old = r.quotas;
      r.quotas = quotas.map(({ q, i }) => {
        const input = old[i] ?? numberInput(`cl-${r.lot.id}-q${i}`, '');
        input.setAttribute(
          'aria-label',
          `${title}: ${t('console.ceremony.quotaMax', { n: i + 1 })}`
        );
        input.placeholder = String(q.max);
        return input;
      });
      // keep each quota's input at its quota's index, so what was typed survives a redraw
      const byIndex: HTMLInputElement[] = [];
      quotas.forEach(({ i }, j) => (byIndex[i] = r.quotas[j]!));
      r.quotas = byIndex;
      return h(
        'tr',
        { id: `cl-${r.lot.id}` },
        h('td', {}, r.include),
        h('td', {}, title),
        h('td', {}, directionName(r.lot.directionCode, directions, lang)),
        h('td', {}, r.size),
        h('td', {}, r.reserves),
        ...quotas.map(({ i }) => h('td', {}, r.quotas[i]!))
      );
    });
    fill(
      tableEl,
      tx('caption', 'console.ceremony.lotsCaption', { id: 'ceremony-lots-caption' }),
      h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...body)
    );
  }

  function read(): LotRow[] | null {
    let ok = true;
    const num = (input: HTMLInputElement | undefined): number | undefined => {
      if (!input) return undefined;
      const n = rowNumber(input.value);
      const bad = n !== undefined && Number.isNaN(n);
      if (bad) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      if (bad) ok = false;
      return n;
    };
    const out = rows.map((r) => ({
      lotId: r.lot.id,
      included: r.include.checked,
      size: num(r.size),
      reserves: num(r.reserves),
      quotaMax: r.quotas.map((q) => num(q)),
    }));
    return ok ? out : null;
  }

  return { el: wrap, render, read };
}
