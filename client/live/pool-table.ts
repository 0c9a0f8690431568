/**
 * The frozen pool as published at the announcement: every eligible expert numbered 1…n in canonical
 * order (the numbers the steps refer to), with region and who proposed them, searchable by name,
 * registry number or pool number. Once the draw runs, each row shows what happened to that expert
 * (member, reserve, skipped, declined, …) as the steps play.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, t, tCount, type MessageCode } from '../common/i18n.js';
import { formatNumber } from '../common/format.js';
import type { DrawStep } from '../../shared/schemas/draw-result.js';
import type { PoolEntry } from '../../shared/schemas/pool.js';
import type { CeremonyModel } from './ceremony-model.js';
import { labelFold } from './fold.js';
import type { Labels } from './labels.js';

/** The latest outcome of each expert over the steps played so far. */
function outcomes(m: CeremonyModel): Map<string, DrawStep['outcome']> {
  const out = new Map<string, DrawStep['outcome']>();
  for (const s of [...m.steps, ...m.declines.flatMap((d) => d.steps)])
    out.set(s.registryNo, s.outcome);
  return out;
}

/** Case-insensitive match of the query against names, registry number and pool number. */
export function poolMatches(entry: PoolEntry, poolNo: number, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return true;
  if (String(poolNo) === q) return true;
  return [entry.registryNo, entry.nameKk ?? '', entry.nameRu ?? ''].some((s) =>
    s.toLocaleLowerCase().includes(q)
  );
}

export class PoolTable {
  private readonly search = byId('pool-search', HTMLInputElement);
  private lastKey = '';
  private model: CeremonyModel | null = null;

  constructor(private readonly labels: Labels) {
    this.search.addEventListener('input', () => {
      // a search opens the folded table: its answer is the rows
      if (this.search.value.trim() !== '') byId('pool-fold', HTMLDetailsElement).open = true;
      if (this.model) this.render(this.model);
    });
  }

  render(m: CeremonyModel, force = false): void {
    this.model = m;
    const query = this.search.value;
    const steps = m.steps.length + m.declines.reduce((n, d) => n + d.steps.length, 0);
    const key = [currentLang(), query, m.pool.length, steps, m.announcementHash].join('|');
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    const lang = currentLang();
    const done = outcomes(m);
    const rows: HTMLTableRowElement[] = [];
    m.pool.forEach((e, i) => {
      if (!poolMatches(e, i + 1, query)) return;
      const outcome = done.get(e.registryNo);
      rows.push(
        h(
          'tr',
          { 'data-registry-no': e.registryNo, class: outcome ? `outcome-${outcome}` : null },
          h('td', { class: 'num' }, formatNumber(i + 1, lang)),
          h('td', { class: 'nowrap' }, e.registryNo),
          h('th', { scope: 'row' }, this.labels.expertName(e)),
          h('td', {}, this.labels.region(e.region)),
          h('td', {}, this.labels.value('proposedBy', e.proposedBy)),
          h('td', {}, outcome ? t(`pool.outcome.${outcome}` as MessageCode) : '')
        )
      );
    });
    fill(byId('pool-body', HTMLTableSectionElement), ...rows);
    const announced = m.announcement !== null;
    show(byId('pool-content', HTMLElement), announced);
    show(byId('pool-empty', HTMLParagraphElement), !announced);
    labelFold('pool-fold', tCount('fold.showRows', m.pool.length), t('fold.hide'));
    byId('pool-count', HTMLElement).textContent = announced
      ? query.trim() === ''
        ? tCount('pool.count', m.pool.length)
        : t('pool.shown', { shown: rows.length, total: m.pool.length })
      : '';
  }
}
