/**
 * The ceremony controls of a draw, by state (docs/LIFECYCLE.md): announce → open reveals → close
 * reveals → fetch (or paste) the drand round and post public sources → run → record declines → close,
 * and cancel with a reason while the seed cannot be known yet (no re-roll). Each button is one API call; irreversible
 * ones ask for confirmation first. The outcome comes back as the draw itself, and the screen renders
 * it again.
 */
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import * as api from './api/draws-api.js';
import type { OperatorDrawDetail } from './api/draws-api.js';
import { beaconPart } from './draw-beacon.js';
import { nameIn, resultPart } from './draw-result.js';
import { alertLine, busy, button, selectField, textArea, tx } from './ui.js';
import { DECLINE_CATEGORIES, type DeclineCategory } from '../../shared/schemas/decline-category.js';

type Update = (d: OperatorDrawDetail) => void;

/** The states the server may still cancel in (before an input's time: it answers if too late). */
const CANCELLABLE: readonly string[] = ['draft', 'announced', 'revealing'];

function action(
  code: MessageCode,
  id: string,
  alert: HTMLElement,
  call: () => Promise<OperatorDrawDetail>,
  onUpdate: Update,
  confirmCode?: MessageCode,
  primary = true
): HTMLButtonElement {
  return button(
    code,
    (e) => {
      if (confirmCode && !window.confirm(t(confirmCode))) return;
      void busy(e.currentTarget as HTMLButtonElement, alert, async () => onUpdate(await call()));
    },
    { id, class: primary ? 'button primary' : 'button' }
  );
}

function declinePart(d: OperatorDrawDetail, alert: HTMLElement, onUpdate: Update): HTMLElement {
  const member = selectField(
    'decline-member',
    'console.decline.member',
    d.commission.map((no) => ({ value: no, text: `${no} ${nameIn(d.pool, no)}` })),
    d.commission[0] ?? ''
  );
  const category = selectField(
    'decline-category',
    'console.decline.category',
    DECLINE_CATEGORIES.map((c) => ({ value: c, text: t(`decline.category.${c}`) })),
    'declined'
  );
  const reason = textArea('decline-reason', 'console.decline.reason', '', { required: true });
  return h(
    'div',
    { class: 'subpanel', id: 'decline-part' },
    tx('h4', 'console.decline.heading'),
    tx('p', 'console.decline.hint', { class: 'field-hint' }),
    member.wrap,
    category.wrap,
    reason.wrap,
    button(
      'console.decline.submit',
      (e) => {
        const why = reason.control.value.trim();
        reason.setError(why ? null : t('console.form.required'));
        if (!why) return reason.control.focus();
        if (!window.confirm(t('console.decline.confirm', { no: member.control.value }))) return;
        void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
          onUpdate(
            await api.recordDecline(
              d.id,
              member.control.value,
              category.control.value as DeclineCategory,
              why
            )
          )
        );
      },
      { id: 'decline-submit' }
    )
  );
}

function cancelPart(d: OperatorDrawDetail, alert: HTMLElement, onUpdate: Update): HTMLElement {
  const reason = textArea('cancel-reason', 'console.cancel.reason', '', { required: true });
  return h(
    'details',
    { class: 'subpanel danger-zone', id: 'cancel-part' },
    tx('summary', 'console.cancel.summary'),
    tx('p', 'console.cancel.hint', { class: 'field-hint' }),
    reason.wrap,
    button(
      'console.cancel.submit',
      (e) => {
        const why = reason.control.value.trim();
        reason.setError(why ? null : t('console.form.required'));
        if (!why) return reason.control.focus();
        if (!window.confirm(t('console.cancel.confirm'))) return;
        void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
          onUpdate(await api.cancelDraw(d.id, why))
        );
      },
      { id: 'cancel-submit', class: 'button danger' }
    )
  );
}

/**
 * Before the announcement, while the randomness method can still be changed: a warning when no relay
 * of DRAND_URLS answers for the draft's chain. Only a warning: announcing stays possible.
 */
function relayWarning(d: OperatorDrawDetail): HTMLElement {
  const p = h('p', { class: 'warning', id: 'relay-warning', role: 'status', hidden: true });
  if (!(d.draft?.entropy?.drand ?? d.spec?.entropy.drand)) return p;
  void api.relayCheck(d.id).then(
    (r) => {
      if (r.relays.length === 0 || r.relays.some((x) => x.ok)) return;
      const codes = [...new Set(r.relays.map((x) => x.code ?? ''))].join(', ');
      p.textContent = t('console.relays.unreachable', { codes });
      p.hidden = false;
    },
    () => undefined
  );
  return p;
}

export function controlsPart(d: OperatorDrawDetail, onUpdate: Update): HTMLElement {
  const alert = alertLine('controls-alert');
  const items: (HTMLElement | null)[] = [];
  const revealed = d.witnesses.filter((w) => w.secret).length;
  switch (d.state) {
    case 'draft':
      items.push(
        tx('p', 'console.controls.draftHint', { class: 'field-hint' }),
        relayWarning(d),
        action(
          'console.controls.announce',
          'draw-announce',
          alert,
          () => api.announce(d.id),
          onUpdate,
          'console.controls.announceConfirm'
        )
      );
      break;
    case 'announced':
      items.push(
        action(
          'console.controls.openReveals',
          'draw-open-reveals',
          alert,
          () => api.openReveals(d.id),
          onUpdate
        )
      );
      break;
    case 'revealing':
      items.push(
        h(
          'p',
          { id: 'reveal-progress' },
          t('console.controls.revealed', { n: revealed, of: d.witnesses.length })
        ),
        action(
          'console.controls.closeReveals',
          'draw-close-reveals',
          alert,
          () => api.closeReveals(d.id),
          onUpdate,
          revealed < d.witnesses.length ? 'console.controls.closeRevealsConfirm' : undefined
        )
      );
      break;
    case 'reveals_closed':
      items.push(...beaconPart(d, alert, onUpdate));
      break;
    case 'beacon_received':
      items.push(
        tx('p', 'console.controls.readyToRun'),
        action(
          'console.controls.run',
          'draw-run',
          alert,
          () => api.runDraw(d.id),
          onUpdate,
          'console.controls.runConfirm'
        )
      );
      break;
    case 'drawn':
      items.push(
        resultPart(d),
        d.commission.length ? declinePart(d, alert, onUpdate) : null,
        action(
          'console.controls.close',
          'draw-close',
          alert,
          () => api.closeDraw(d.id),
          onUpdate,
          'console.controls.closeConfirm'
        )
      );
      break;
    case 'closed':
      items.push(resultPart(d));
      break;
    case 'cancelled':
      items.push(
        h(
          'p',
          { id: 'cancel-reason-shown' },
          t('console.controls.cancelled', { reason: d.cancelReason ?? '' })
        )
      );
      break;
  }
  // No re-roll (docs/PROTOCOL.md): once the reveals are closed cancel is refused, so not offered.
  if (CANCELLABLE.includes(d.state)) items.push(cancelPart(d, alert, onUpdate));
  return h('div', { id: 'draw-controls', class: 'stack' }, alert, ...items);
}
