/**
 * The live preview of a draft draw (GET /api/draws/:id/preview, nothing written): whether the rules
 * are complete, how many experts of the direction were considered and are eligible, every exclusion
 * with its rule, the feasibility check with the single relaxations that would make the rules
 * feasible (each can be applied to the draft), the fairness report (estimated chance per expert,
 * flagged when below half the uniform chance) and the eligible list itself.
 */
import { CAP_FAMILIES } from '../../shared/draw/rule-families.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';
import type { DraftSpecPatch } from '../../shared/api/draw-draft.js';
import type { Quota } from '../../shared/schemas/draw-spec.js';
import type { FeasibilityReport, Relaxation } from '../../shared/schemas/feasibility.js';
import type { DrawPreview } from '../../shared/api/draws.js';
import { issueText } from '../../shared/i18n/issue-text.js';
import { h } from '../common/dom.js';
import { currentLang, t, tCount, type MessageCode } from '../common/i18n.js';
import { poolName, regionName } from './labels.js';
import { exclusionsTable } from './screen-lot.js';
import { button, tx } from './ui.js';
import { row, table } from './ui-table.js';

function quotaName(category: string | undefined, value: string | undefined): string {
  if (!category) return '';
  const cat = t(`console.quota.cat.${category}` as MessageCode);
  return value ? `${cat} = ${value}` : cat;
}

/** A feasibility problem in words ("at most 1 proposed by the operator: 2 needed, 1 available"). */
export function problemText(x: FeasibilityReport['problems'][number]): string {
  return t(`console.problem.${x.kind}` as MessageCode, {
    quota: quotaName(x.category, x.value),
    need: x.need ?? 0,
    available: x.available ?? 0,
  });
}

export function relaxationText(r: Relaxation): string {
  return t(`console.relax.${r.change}` as MessageCode, {
    quota: quotaName(r.category, r.value),
    from: r.from,
    to: r.to,
  });
}

function feasibilityPart(p: DrawPreview, apply: (r: Relaxation) => void): HTMLElement {
  const f = p.feasibility;
  if (!f) return tx('p', 'console.preview.noFeasibility', { class: 'empty' });
  if (f.feasible)
    return tx('p', 'console.preview.feasible', { class: 'ok', id: 'preview-feasible' });
  return h(
    'div',
    { id: 'preview-infeasible' },
    tx('p', 'console.preview.infeasible', { class: 'form-error' }),
    h('ul', {}, ...f.problems.map((x) => h('li', {}, problemText(x)))),
    f.suggestions.length
      ? h(
          'div',
          {},
          tx('p', 'console.preview.suggestions'),
          h(
            'ul',
            { id: 'preview-suggestions' },
            ...f.suggestions.map((s, i) =>
              h(
                'li',
                {},
                relaxationText(s),
                ' ',
                button('console.preview.apply', () => apply(s), {
                  class: 'button small',
                  id: `apply-suggestion-${i}`,
                  'aria-label': `${t('console.preview.apply')}: ${relaxationText(s)}`,
                })
              )
            )
          )
        )
      : null
  );
}

function fairnessPart(p: DrawPreview): HTMLElement {
  const fr = p.fairness;
  if (!fr) return tx('p', 'console.preview.noFairness', { class: 'empty' });
  const flagged = fr.entries.filter((e) => e.flagged);
  return h(
    'div',
    { id: 'preview-fairness' },
    h('p', {}, t('console.preview.fairness', { uniform: fr.uniformPercent, k: fr.k })),
    h(
      'p',
      { class: flagged.length ? 'form-error' : 'ok' },
      tCount('console.preview.flagged', flagged.length)
    ),
    h(
      'details',
      {},
      tx('summary', 'console.preview.fairnessTable'),
      table(
        'console.preview.fairnessCaption',
        ['console.field.registryNo', 'console.preview.chance', 'console.preview.flag'],
        fr.entries.map((e) =>
          row(e.registryNo, e.percent, e.flagged ? t('console.preview.low') : '')
        )
      )
    )
  );
}

/** A witness commitment still missing is a step of the ceremony, not a mistake in the rules. */
const WAITING_COMMITMENT = /^draft\.witnesses\.\d+\.commitment$/;

function issuesPart(p: DrawPreview): HTMLElement | null {
  const waiting = p.specIssues.filter((i) => WAITING_COMMITMENT.test(i.path));
  const rules = p.specIssues.filter((i) => !WAITING_COMMITMENT.test(i.path));
  if (p.specIssues.length === 0) return null;
  return h(
    'div',
    { id: 'preview-issues' },
    waiting.length
      ? h('p', { class: 'status' }, tCount('console.preview.waitingCommitments', waiting.length))
      : null,
    rules.length ? tx('p', 'console.preview.incomplete', { class: 'form-error' }) : null,
    rules.length
      ? h(
          'ul',
          {},
          ...rules.map((i) =>
            h(
              'li',
              {},
              h('code', { translate: 'no' }, i.path),
              `: ${issueText(t, i, p.specIssueCodes)}`
            )
          )
        )
      : null
  );
}

export function renderPreview(p: DrawPreview, apply: (r: Relaxation) => void): HTMLElement {
  const lang = currentLang();
  return h(
    'div',
    { id: 'preview' },
    issuesPart(p),
    h(
      'p',
      { id: 'preview-counts' },
      t('console.preview.counts', {
        considered: p.considered,
        eligible: p.eligible.length,
        excluded: p.exclusions.length,
      })
    ),
    tx('h4', 'console.exclusions.heading'),
    h(
      'div',
      { id: 'preview-exclusions' },
      exclusionsTable(p.exclusions, 'console.exclusions.caption')
    ),
    tx('h4', 'console.preview.feasibility'),
    feasibilityPart(p, apply),
    tx('h4', 'console.preview.fairnessHeading'),
    fairnessPart(p),
    h(
      'details',
      { id: 'preview-eligible' },
      h('summary', {}, tCount('console.preview.eligibleList', p.eligible.length)),
      table(
        'console.preview.eligibleCaption',
        [
          'console.field.registryNo',
          'console.field.name',
          'console.field.region',
          'console.field.proposedBy',
        ],
        p.eligible.map((e) =>
          row(
            e.registryNo,
            poolName(e, lang),
            regionName(e.region, lang),
            t(`console.proposedBy.${e.proposedBy}` as MessageCode)
          )
        )
      )
    )
  );
}

/** The draft change a suggested relaxation stands for (a PATCH /draft body). */
export function relaxationPatch(draft: DraftSpec, r: Relaxation): DraftSpecPatch {
  if (r.change === 'reduce-reserves') return { reserves: r.to };
  if (r.change === 'lower-min' || r.change === 'raise-max') {
    const bound = r.change === 'lower-min' ? 'min' : 'max';
    const quotas = (draft.quotas ?? []).map((q) => {
      if (q.category !== r.category || q.value !== r.value) return q;
      const next: Record<string, unknown> = { ...q, [bound]: r.to };
      delete next[`${bound}Percent`];
      return next as Quota;
    });
    return { quotas };
  }
  // the rest raise a cap's limit (shared/draw/rule-families.ts)
  const cap = CAP_FAMILIES.find((f) => f.relax === r.change)!;
  return { [cap.field]: r.to };
}
