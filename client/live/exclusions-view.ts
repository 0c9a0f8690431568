/**
 * Every expert of the lot's direction kept out of the pool, with the rule that excluded them (status,
 * conflict of interest, cooldown) in the viewer's language and the exclusion's structured facts: for a
 * conflict, its kind, the applicant's BIN and where the link comes from (a declaration or the
 * registry entry). The verifier's own one-line record is kept beside it, as published (in English).
 */
import { byId, fill, h, show } from '../common/dom.js';
import { t, tCount, type MessageCode } from '../common/i18n.js';
import type { Exclusion } from '../../shared/schemas/conflicts.js';
import type { CeremonyModel } from './ceremony-model.js';
import type { Labels } from './labels.js';

function facts(labels: Labels, x: Exclusion): string[] {
  const out: string[] = [];
  if (x.kind) out.push(labels.conflictKind(x.kind));
  if (x.bin) out.push(t('exclusion.applicant', { bin: x.bin }));
  if (x.source) out.push(t(`exclusion.source.${x.source}` as MessageCode));
  if (x.declarationId !== undefined) out.push(t('exclusion.declaration', { id: x.declarationId }));
  return out;
}

export function renderExclusions(m: CeremonyModel, labels: Labels): void {
  const list = m.announcement?.exclusions ?? [];
  fill(
    byId('exclusions-list', HTMLUListElement),
    ...list.map((x) =>
      h(
        'li',
        { 'data-registry-no': x.registryNo, 'data-rule': x.rule },
        h('span', { class: 'nowrap' }, x.registryNo),
        ' — ',
        h('strong', {}, t(`exclusion.rule.${x.rule}` as MessageCode)),
        ...facts(labels, x).map((f) => `; ${f}`),
        ' ',
        h('small', { class: 'record', lang: 'en' }, `(${x.detail})`)
      )
    )
  );
  const heading = byId('exclusions-count', HTMLElement);
  heading.textContent = m.announcement ? tCount('exclusion.count', list.length) : '';
  show(byId('exclusions-list', HTMLUListElement), list.length > 0);
}
