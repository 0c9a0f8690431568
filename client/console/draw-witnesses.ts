/**
 * The witnesses of a draw on the operator's screen: who they are (their public name), whether each
 * has committed, revealed, was recorded as missing or had reveals rejected; and, while the draw is a
 * draft, the form to invite an observer account by username. Witnesses commit and reveal on their own
 * screen (/console/witness); the operator never sees or handles a secret before it is revealed.
 */
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { ApiError } from '../common/api.js';
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import { inviteWitness, type OperatorDrawDetail } from './api/draws-api.js';
import { alertLine, busy, showIssues, submitButton, textField, tx } from './ui.js';
import { row, table } from './ui-table.js';

type PublicWitness = PublicDrawDetail['witnesses'][number];

export function witnessState(w: PublicWitness): MessageCode {
  if (w.secret) return 'console.witness.revealed';
  if (w.missing) return 'console.witness.missing';
  if (w.commitment) return 'console.witness.committed';
  return 'console.witness.waiting';
}

export function witnessTable(d: Pick<PublicDrawDetail, 'witnesses'>): HTMLElement {
  if (d.witnesses.length === 0) return tx('p', 'console.witnesses.none', { class: 'empty' });
  return table(
    'console.witnesses.caption',
    ['console.field.witness', 'console.field.state', 'console.witnesses.commitment'],
    d.witnesses.map((w) =>
      row(
        `${w.id} — ${w.name}`,
        h(
          'span',
          { class: `badge witness-${witnessState(w).split('.').pop()}`, 'data-witness': w.id },
          t(witnessState(w)),
          w.rejectedAttempts
            ? ` (${t('console.witnesses.rejected', { n: w.rejectedAttempts })})`
            : ''
        ),
        h('span', { class: 'mono hex-short' }, w.commitment ? `${w.commitment.slice(0, 16)}…` : '—')
      )
    ),
    { id: 'draw-witnesses' }
  );
}

export function inviteForm<T = OperatorDrawDetail>(
  d: { id: string },
  onDone: (d: T) => void,
  invite: (drawId: string, username: string) => Promise<T> = inviteWitness as (
    drawId: string,
    username: string
  ) => Promise<T>
): HTMLElement {
  const username = textField('w-username', 'console.witnesses.username', '', {
    required: true,
    hint: 'console.witnesses.usernameHint',
    attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' },
  });
  const alert = alertLine('invite-alert');
  const submit = submitButton('console.witnesses.invite', { id: 'invite-submit' });
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true, id: 'invite-form' },
    username.wrap,
    submit,
    alert
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = username.control.value.trim();
    username.setError(value ? null : t('console.form.required'));
    if (!value) return;
    void busy(submit, alert, async () => {
      try {
        const next = await invite(d.id, value);
        form.reset();
        onDone(next);
      } catch (err) {
        if (err instanceof ApiError) showIssues({ username }, err.issues);
        throw err;
      }
    });
  });
  return form;
}
