/**
 * Adding a kind of conflict of interest: the list of kinds is data, not code (the ministry tightens
 * the rules), so a new kind — its code, names in three languages and how many months back it counts
 * — is added here without a release.
 */
import { ConflictKind } from '../../shared/schemas/conflicts.js';
import { ApiError, apiFetch } from '../common/api.js';
import { h } from '../common/dom.js';
import { t } from '../common/i18n.js';
import { alertLine, busy, failureText, showIssues, submitButton, textField } from './ui.js';

export function conflictKindForm(onAdded: (k: ConflictKind) => Promise<void>): HTMLFormElement {
  const code = textField('k-code', 'console.field.code', '', {
    required: true,
    hint: 'console.conflicts.kindCodeHint',
    attrs: { autocomplete: 'off', autocapitalize: 'none' },
  });
  const labelKk = textField('k-labelKk', 'console.field.nameKk', '', { required: true });
  const labelRu = textField('k-labelRu', 'console.field.nameRu', '', { required: true });
  const labelEn = textField('k-labelEn', 'console.field.nameEn', '', { required: true });
  const lookback = textField('k-lookback', 'console.field.lookback', '0', {
    type: 'number',
    hint: 'console.conflicts.lookbackHint',
    attrs: { min: 0, max: 120, inputmode: 'numeric' },
  });
  const alert = alertLine('kind-alert');
  const submit = submitButton('console.conflicts.addKind', { id: 'kind-submit' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true, id: 'kind-form' },
    h('div', { class: 'two' }, code.wrap, lookback.wrap),
    h('div', { class: 'three' }, labelKk.wrap, labelRu.wrap, labelEn.wrap),
    alert,
    submit
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(submit, alert, async () => {
      try {
        const k = await apiFetch('/api/conflict-kinds', ConflictKind, {
          method: 'POST',
          body: {
            code: code.control.value.trim(),
            labelKk: labelKk.control.value.trim(),
            labelRu: labelRu.control.value.trim(),
            labelEn: labelEn.control.value.trim(),
            lookbackMonths: Number(lookback.control.value || '0'),
          },
        });
        form.reset();
        await onAdded(k);
      } catch (err) {
        const fields = { code, labelKk, labelRu, labelEn, lookbackMonths: lookback };
        if (
          err instanceof ApiError &&
          err.issues.length &&
          showIssues(fields, err.issues).length === 0
        )
          alert.textContent = t('console.form.fix');
        else alert.textContent = failureText(err);
      }
    });
  });
  return form;
}
