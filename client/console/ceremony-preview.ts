/**
 * The preview of a ceremony's draft (GET /api/draws/:id/preview, nothing written; CeremonyPreview):
 * one row per lot in broadcast order — how many experts of its direction were considered, eligible
 * and excluded, and whether its rules can be met (else the first problem, or what the rules still
 * lack). Fairness reports are computed at the announcement (seconds of CPU per lot).
 */
import type { CeremonyPreview } from '../../shared/api/ceremonies.js';
import { h } from '../common/dom.js';
import { t } from '../common/i18n.js';
import { problemText } from './draw-preview.js';
import { tx } from './ui.js';
import { table } from './ui-table.js';

type LotPreview = CeremonyPreview['lots'][number];

function verdict(l: LotPreview): HTMLElement {
  if (l.specIssues.length > 0)
    return h(
      'span',
      { class: 'form-error' },
      `${t('console.preview.incomplete')} ${l.specIssues.map((i) => i.path).join(', ')}`
    );
  const f = l.feasibility;
  if (!f) return tx('span', 'console.preview.noFeasibility');
  if (f.feasible) return tx('span', 'console.preview.feasible', { class: 'ok' });
  return h(
    'span',
    { class: 'form-error' },
    `${t('console.preview.infeasible')} ${f.problems.map(problemText).join('; ')}`
  );
}

export function ceremonyPreviewTable(p: CeremonyPreview, heading: (lotId: number) => string) {
  return table(
    'console.ceremony.previewCaption',
    ['console.field.lot', 'console.preview.countsHeading', 'console.preview.feasibility'],
    p.lots.map((l) =>
      h(
        'tr',
        { 'data-lot': l.lotId, class: l.feasibility?.feasible ? 'feasible' : 'infeasible' },
        h('td', {}, heading(l.lotId)),
        h(
          'td',
          {},
          t('console.preview.counts', {
            considered: l.considered,
            eligible: l.eligible.length,
            excluded: l.exclusions.length,
          })
        ),
        h('td', {}, verdict(l))
      )
    ),
    { id: 'ceremony-preview' }
  );
}
