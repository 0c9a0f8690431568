/**
 * The preview of a ceremony's draft (GET /api/draws/:id/preview, nothing written; CeremonyPreview):
 * one row per lot in broadcast order — how many experts of its direction were considered, eligible
 * and excluded, and whether its rules can be met (else the first problem, or what the rules still
 * lack), and the lot's fairness report (its uniform chance and how many experts it flags) — the
 * report the announcement would seal now, computed in the server's fairness workers.
 */
import type { CeremonyPreview } from '../../shared/api/ceremonies.js';
import { h } from '../common/dom.js';
import { t, tCount } from '../common/i18n.js';
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

function fairness(l: LotPreview): HTMLElement {
  const fr = l.fairness;
  if (!fr) return tx('span', 'console.preview.noFairness', { class: 'empty' });
  const flagged = fr.entries.filter((e) => e.flagged).length;
  return h(
    'span',
    { class: 'lot-fairness' },
    h('span', {}, t('console.preview.fairness', { uniform: fr.uniformPercent, k: fr.k })),
    ' ',
    h('span', { class: flagged ? 'form-error' : 'ok' }, tCount('console.preview.flagged', flagged))
  );
}

export function ceremonyPreviewTable(p: CeremonyPreview, heading: (lotId: number) => string) {
  return table(
    'console.ceremony.previewCaption',
    [
      'console.field.lot',
      'console.preview.countsHeading',
      'console.preview.feasibility',
      'console.preview.fairnessHeading',
    ],
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
        h('td', {}, verdict(l)),
        h('td', {}, fairness(l))
      )
    ),
    { id: 'ceremony-preview' }
  );
}
