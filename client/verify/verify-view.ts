/**
 * Shows a verification run: one item per check of shared/verify.ts in its order — ✓ passed, ✗ failed
 * (with the failure's stable code and its explanation in the viewer's language), – skipped (does not
 * apply yet, or not requested) or not run (an earlier check failed) — each with the verifier's own
 * one-line record of what it checked (as the verifier wrote it, in English), and a summary line.
 * Used by the standalone verify page and the live draw page alike.
 */
import { fill, h } from '../common/dom.js';
import { errorText, t, type MessageCode } from '../common/i18n.js';
import type { VerifyCheck, VerifyCheckId } from '../../shared/verify.js';
import type { VerifyRun } from './verify-run.js';

type Status = 'passed' | 'failed' | 'skipped' | 'not-run';

const MARKS: Record<Status, string> = { passed: '✓', failed: '✗', skipped: '–', 'not-run': '·' };

function statusOf(c: VerifyCheck): Status {
  if (!c.ok) return 'failed';
  return c.skipped ? 'skipped' : 'passed';
}

function item(id: VerifyCheckId, status: Status, c?: VerifyCheck): HTMLLIElement {
  return h(
    'li',
    {
      class: `check check-${status}`,
      'data-check-id': id,
      'data-status': status,
      'data-code': c?.code,
    },
    h('span', { class: 'check-mark', 'aria-hidden': 'true' }, MARKS[status]),
    h(
      'span',
      { class: 'check-body' },
      h('strong', { class: 'check-label' }, t(`verify.check.${id}` as MessageCode)),
      ' — ',
      h('span', { class: 'check-status' }, t(`verify.status.${status}` as MessageCode)),
      c?.code
        ? h('span', { class: 'check-error' }, ' ', h('code', {}, c.code), ': ', errorText(c.code))
        : null,
      c && c.detail ? h('small', { class: 'check-detail', lang: 'en' }, c.detail) : null
    )
  );
}

/** Renders `run` into `list` and its verdict into `summary`; null clears both. */
export function renderVerifyRun(
  list: HTMLOListElement,
  summary: HTMLElement,
  run: VerifyRun | null
): void {
  if (!run) {
    fill(list);
    fill(summary);
    summary.className = 'verify-summary';
    return;
  }
  fill(
    list,
    ...run.checks.map((c) => item(c.id, statusOf(c), c)),
    ...run.notRun.map((id) => item(id, 'not-run'))
  );
  const failed = run.checks.find((c) => !c.ok);
  summary.className = `verify-summary ${run.result ? 'verify-passed' : 'verify-failed'}`;
  summary.dataset['result'] = run.result ? 'passed' : 'failed';
  if (run.result) summary.textContent = t('verify.summary.passed', { drawId: run.result.drawId });
  else if (failed)
    summary.textContent = t('verify.summary.failed', {
      check: t(`verify.check.${failed.id}` as MessageCode),
      code: failed.code ?? '',
    });
  else summary.textContent = errorText(run.errorCode ?? 'UNKNOWN');
  const by = run.cosignedBy;
  if (by)
    summary.append(
      ' ',
      h(
        'span',
        { class: 'cosigned-by', 'data-cosigned': String(by.names.length) },
        by.names.length > 0
          ? t('verify.cosigned', { n: by.names.length, names: by.names.join(', ') })
          : t('verify.cosigned.none')
      )
    );
}
