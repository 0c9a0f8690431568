/**
 * The words for one recorded draw step (shared/schemas/draw-result.ts DrawStep): its outcome, and for a
 * skip the rule that caused it with the step's structured detail (which quota is full and at what
 * count, which key of a cap — an organization, … — is at its limit, how many seats a completion would
 * leave open, what a replacement would break). Localized by code; the numbers come from the step
 * itself; the caps are read from shared/draw/rule-families.ts.
 */
import { t, type MessageCode } from '../common/i18n.js';
import { CAP_FAMILIES } from '../../shared/draw/rule-families.js';
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
  const cap = CAP_FAMILIES.find((f) => f.violation === v.kind);
  if (cap)
    return t(`step.violation.${cap.violation}`, {
      ...params,
      [cap.key]: labels.value(cap.key, v[cap.key] ?? ''),
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
  for (const cap of CAP_FAMILIES)
    for (const item of d[cap.detail] ?? []) {
      const key = String((item as Record<string, unknown>)[cap.key] ?? '');
      out.push(
        t(cap.labels.full, {
          [cap.key]: labels.value(cap.key, key),
          count: item.count,
          max: item.max,
        })
      );
    }
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
