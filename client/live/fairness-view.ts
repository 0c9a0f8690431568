/**
 * The fairness report published with the announcement (docs/PROTOCOL.md §Fairness report): each
 * expert's chance of a seat estimated over K simulated draws whose seeds anyone can derive from the
 * announcement hash, beside the uniform chance size/poolSize; estimates below half of it are flagged.
 * The percentages are the report's own decimal strings, only re-punctuated for the language.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, t, tCount } from '../common/i18n.js';
import { formatNumber } from '../common/format.js';
import type { CeremonyModel } from './ceremony-model.js';
import { poolEntry } from './ceremony-model.js';
import { filterItems, labelFold, wireFoldSearch } from './fold.js';
import type { Labels } from './labels.js';

/** "12.50%" in the viewer's number style ("12,50 %" in Russian and Kazakh). */
function percent(p: string): string {
  const digits = p.replace(/%$/, '');
  return currentLang() === 'en' ? `${digits}%` : `${digits.replace('.', ',')} %`;
}

let wired = false;

/** Filters the rows by the search box and says how many show. */
function applySearch(total: number): void {
  const query = byId('fairness-search', HTMLInputElement).value;
  const shown = filterItems(byId('fairness-body', HTMLTableSectionElement), 'tr', query);
  byId('fairness-count', HTMLElement).textContent =
    query.trim() === '' ? tCount('pool.count', total) : t('pool.shown', { shown, total });
}

export function renderFairness(m: CeremonyModel, labels: Labels): void {
  const f = m.fairness;
  show(byId('fairness-content', HTMLElement), f !== null);
  show(byId('fairness-empty', HTMLParagraphElement), f === null);
  if (!f) return;
  if (!wired) {
    wired = true;
    wireFoldSearch('fairness-fold', 'fairness-search', () =>
      applySearch(byId('fairness-body', HTMLTableSectionElement).rows.length)
    );
  }
  labelFold('fairness-fold', tCount('fold.showRows', f.entries.length), t('fold.hide'));
  const lang = currentLang();
  const flagged = f.entries.filter((e) => e.flagged).length;
  byId('fairness-summary', HTMLParagraphElement).textContent = [
    t('fairness.summary', {
      k: formatNumber(f.k, lang),
      size: f.size,
      pool: f.poolSize,
      uniform: percent(f.uniformPercent),
    }),
    flagged === 0 ? t('fairness.noneFlagged') : tCount('fairness.flagged', flagged),
  ].join(' ');
  fill(
    byId('fairness-body', HTMLTableSectionElement),
    ...f.entries.map((e) => {
      const p = poolEntry(m, e.registryNo);
      return h(
        'tr',
        { 'data-registry-no': e.registryNo, class: e.flagged ? 'flagged' : null },
        h('td', { class: 'num' }, p ? formatNumber(p.poolNo, lang) : ''),
        h('th', { scope: 'row' }, p ? labels.expertName(p.entry) : e.registryNo),
        h('td', { class: 'num' }, percent(e.percent)),
        h('td', { class: 'num' }, `${formatNumber(e.count, lang)} / ${formatNumber(f.k, lang)}`),
        h('td', {}, e.flagged ? h('span', { class: 'badge flag-low' }, t('fairness.low')) : '')
      );
    })
  );
  applySearch(f.entries.length);
}
