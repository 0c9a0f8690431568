/**
 * The words for one recorded draw step (shared/schemas/draw-result.ts DrawStep): its outcome, and for a
 * skip the rule that caused it with the step's structured detail (which quota is full and at what
 * count, which organization is at its limit, how many seats a completion would leave open, what a
 * replacement would break). Localized by code; the numbers come from the step itself.
 */
import { t, type MessageCode } from '../common/i18n.js';
import type { DrawStep, StepDetail, Violation } from '../../shared/schemas/draw-result.js';
import type { Labels } from './labels.js';

export function outcomeText(step: Pick<DrawStep, 'outcome' | 'phase'>): string {
  return t(`step.outcome.${step.outcome}` as MessageCode);
}

function quotaRef(labels: Labels, q: { category: string; value: string }): string {
  return `${labels.category(q.category)}: ${labels.value(q.category, q.value)}`;
}

function violationText(labels: Labels, v: Violation): string {
  const params = { count: v.count, limit: v.limit };
  if (v.kind === 'org-limit')
    return t('step.violation.org-limit', {
      ...params,
      org: labels.organization(v.organization ?? ''),
    });
  const quota = quotaRef(labels, { category: v.category ?? '', value: v.value ?? '' });
  return t(`step.violation.${v.kind}` as MessageCode, { ...params, quota });
}

/** The structured detail as short phrases (each one fact of the step). */
export function detailTexts(
  labels: Labels,
  d: StepDetail | undefined,
  who: (registryNo: string) => string
): string[] {
  if (!d) return [];
  const out: string[] = [];
  if (d.replaces !== undefined) out.push(t('step.detail.replaces', { who: who(d.replaces) }));
  for (const q of d.quotas ?? [])
    out.push(
      t('step.detail.quotaFull', { quota: quotaRef(labels, q), count: q.count, max: q.max })
    );
  for (const o of d.organizations ?? [])
    out.push(
      t('step.detail.orgFull', {
        org: labels.organization(o.organization),
        count: o.count,
        max: o.max,
      })
    );
  if (d.openSeats !== undefined) out.push(t('step.detail.openSeats', { n: d.openSeats }));
  for (const u of d.unmet ?? [])
    out.push(
      t('step.detail.unmet', { quota: quotaRef(labels, u), need: u.need, available: u.available })
    );
  for (const v of d.violations ?? []) out.push(violationText(labels, v));
  return out;
}

/** Why a step went as it did: the rule's sentence, or null when no rule applies (an acceptance). */
export function ruleText(step: Pick<DrawStep, 'rule'>): string | null {
  return step.rule ? t(`step.rule.${step.rule}` as MessageCode) : null;
}
