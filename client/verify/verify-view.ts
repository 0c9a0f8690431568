/**
 * Shows a verification run: one item per check of shared/verify.ts in its order — ✓ passed, ✗ failed
 * (with the failure's stable code and its explanation), – does not apply to this draw or not
 * requested, · not run (an earlier check failed) — each with what it found told in the viewer's
 * language (shared/i18n/verify-text.ts, from the verifier's structured fact, never its English line)
 * and a link to the docs/PROTOCOL.md section it follows; a one-line summary; and, where the page has
 * room for it, the verdict a journalist can quote: VERIFIED / NOT VERIFIED in large type with the
 * first difference in plain words. Used by the standalone verify page and the live draw page alike.
 */
import { fill, h } from '../common/dom.js';
import { errorText, t, type MessageCode } from '../common/i18n.js';
import {
  CHECK_SECTIONS,
  checkStatus,
  diffText,
  factText,
  type CheckStatus,
  type Tr,
} from '../../shared/i18n/verify-text.js';
import type { VerifyCheck, VerifyCheckId } from '../../shared/verify.js';
import type { VerifyRun } from './verify-run.js';

type Status = CheckStatus | 'not-run';

const MARKS: Record<Status, string> = {
  passed: '✓',
  failed: '✗',
  na: '–',
  'not-requested': '–',
  'not-run': '·',
};

const tr: Tr = (code, params) => t(code, params);

/** The address of the protocol's text at a check's section (served by server/http/protocol-doc.ts). */
export function protocolHref(id: VerifyCheckId): string {
  return `/protocol#${CHECK_SECTIONS[id]}`;
}

/** An error code, shown for reference as it is (an identifier, never translated). */
const codeEl = (code: string) => h('code', { translate: 'no' }, code);

function item(id: VerifyCheckId, status: Status, c?: VerifyCheck): HTMLLIElement {
  const fact = factText(tr, c?.fact);
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
        ? h('span', { class: 'check-error' }, ' ', codeEl(c.code), ': ', errorText(c.code))
        : null,
      fact ? h('small', { class: 'check-detail' }, fact) : null,
      ' ',
      h('a', { class: 'check-rule', href: protocolHref(id) }, t('verify.rule'))
    )
  );
}

/**
 * The large verdict: its word, one line, the first difference and the code for reference. With
 * `error` (the file could not be read) only the word: the page's error line below it says why.
 */
export function renderVerdict(el: HTMLElement, run: VerifyRun | null, error: string | null): void {
  el.className = 'verdict';
  if (!run && !error) {
    delete el.dataset['result'];
    fill(el);
    return;
  }
  const failed = run?.checks.find((c) => !c.ok);
  const result = run?.result ? 'passed' : failed ? 'failed' : 'error';
  el.dataset['result'] = result;
  el.classList.add(`verdict-${result}`);
  const word = h('p', { class: 'verdict-word' }, t(`verify.verdict.${result}` as MessageCode));
  if (run?.result) {
    fill(
      el,
      word,
      h(
        'p',
        { class: 'verdict-line' },
        t('verify.verdict.passedLine', { drawId: run.result.drawId })
      )
    );
    return;
  }
  if (!run) {
    fill(el, word);
    return;
  }
  if (!failed) {
    // no check failed: the options are unusable (no key)
    fill(el, word, h('p', { class: 'verdict-line' }, errorText(run.errorCode ?? 'UNKNOWN')));
    return;
  }
  const label = t(`verify.check.${failed.id}` as MessageCode);
  const diff = failed.fact?.diff;
  fill(
    el,
    word,
    h(
      'p',
      { class: 'verdict-line' },
      t('verify.verdict.failedAt', { check: label }),
      ' ',
      failed.code ? errorText(failed.code) : ''
    ),
    diff
      ? h(
          'p',
          { class: 'verdict-diff' },
          h('strong', {}, t('verify.verdict.firstDifference')),
          ': ',
          diffText(tr, diff)
        )
      : null,
    failed.code
      ? h(
          'p',
          { class: 'verdict-code' },
          t('verify.verdict.code'),
          ' ',
          codeEl(failed.code),
          ' · ',
          h('a', { href: protocolHref(failed.id) }, t('verify.rule'))
        )
      : null
  );
}

/** Renders `run` into `list` and its one-line verdict into `summary`; null clears both. */
export function renderVerifyRun(
  list: HTMLOListElement,
  summary: HTMLElement,
  run: VerifyRun | null
): void {
  if (!run) {
    fill(list);
    fill(summary);
    summary.className = 'verify-summary';
    delete summary.dataset['result'];
    return;
  }
  fill(
    list,
    ...run.checks.map((c) => item(c.id, checkStatus(c), c)),
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
