/**
 * A drawn commission as lists: members seat by seat and reserves in order (registry number and the
 * name published in the frozen pool), and the replacement steps (declines, the reserve that took each
 * seat, skips with their rule, vacancies). Used by the ceremony controls and the printable protocol.
 */
import type { DrawStep } from '../../shared/schemas/draw-result.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { h } from '../common/dom.js';
import { currentLang, t, type MessageCode } from '../common/i18n.js';
import { poolName } from './labels.js';
import { tx } from './ui.js';

type Pool = PublicDrawDetail['pool'];

export function nameIn(pool: Pool, registryNo: string): string {
  const e = pool.find((p) => p.registryNo === registryNo);
  return e ? poolName(e, currentLang()) : '';
}

export function personList(id: string, pool: Pool, list: readonly string[]): HTMLElement {
  if (list.length === 0) return tx('p', 'console.result.empty', { class: 'empty', id });
  return h(
    'ol',
    { id, class: 'people' },
    ...list.map((no) =>
      h('li', { 'data-registry-no': no }, h('span', { class: 'mono' }, no), ' ', nameIn(pool, no))
    )
  );
}

export function stepText(s: DrawStep): string {
  const rule = s.rule ? ` (${t(`console.steprule.${s.rule}` as MessageCode)})` : '';
  return (
    t(`console.step.${s.outcome}` as MessageCode, {
      no: s.registryNo,
      replaces: s.detail?.replaces ?? '',
    }) + rule
  );
}

export function replacementList(d: PublicDrawDetail): HTMLElement {
  if (d.replacements.length === 0)
    return tx('p', 'console.result.noReplacements', { class: 'empty', id: 'draw-replacements' });
  return h(
    'ol',
    { id: 'draw-replacements', class: 'steps' },
    ...d.replacements.map((s) => h('li', { value: s.n }, stepText(s)))
  );
}

export function resultPart(d: PublicDrawDetail): HTMLElement {
  return h(
    'div',
    { class: 'result' },
    tx('h4', 'console.result.commission'),
    personList('draw-commission', d.pool, d.commission),
    tx('h4', 'console.result.reserves'),
    personList('draw-reserves', d.pool, d.reserves),
    tx('h4', 'console.result.replacements'),
    replacementList(d)
  );
}
