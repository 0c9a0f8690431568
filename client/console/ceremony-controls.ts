/**
 * The controls of a ceremony by its state: the single draw's steps (announce → open reveals → close
 * reveals → the beacon, fetched or pasted, and public sources → run) on the same routes, answered
 * with the ceremony; then each lot's result with its own declines and close (ceremony-lot-results.ts);
 * cancel with a reason while no input of the seed can be known (no re-roll). Irreversible steps ask
 * for confirmation first.
 */
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import * as api from './api/ceremony-api.js';
import type { OperatorCeremonyDetail } from './api/ceremony-api.js';
import { relayCheck } from './api/draws-api.js';
import { beaconPartOf } from './draw-beacon.js';
import { lotResults } from './ceremony-lot-results.js';
import { alertLine, busy, button, textArea, tx } from './ui.js';

type Update = (d: OperatorCeremonyDetail) => void;

const CANCELLABLE: readonly string[] = ['draft', 'announced', 'revealing'];

function action(
  code: MessageCode,
  id: string,
  alert: HTMLElement,
  call: () => Promise<OperatorCeremonyDetail>,
  onUpdate: Update,
  confirmCode?: MessageCode
): HTMLButtonElement {
  return button(
    code,
    (e) => {
      if (confirmCode && !window.confirm(t(confirmCode))) return;
      void busy(e.currentTarget as HTMLButtonElement, alert, async () => onUpdate(await call()));
    },
    { id, class: 'button primary' }
  );
}

/** Every lot shares the entropy: the sealed one of the first lot, else the shared draft's. */
export function ceremonyEntropy(d: OperatorCeremonyDetail) {
  return d.lots[0]?.spec?.entropy ?? d.draft?.entropy;
}

function relayWarning(d: OperatorCeremonyDetail): HTMLElement {
  const p = h('p', { class: 'warning', id: 'relay-warning', role: 'status', hidden: true });
  if (!ceremonyEntropy(d)?.drand) return p;
  void relayCheck(d.id).then(
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

function cancelPart(d: OperatorCeremonyDetail, alert: HTMLElement, onUpdate: Update) {
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
          onUpdate(await api.cancelCeremony(d.id, why))
        );
      },
      { id: 'cancel-submit', class: 'button danger' }
    )
  );
}

export function ceremonyControls(d: OperatorCeremonyDetail, onUpdate: Update): HTMLElement {
  const alert = alertLine('controls-alert');
  const items: (HTMLElement | null)[] = [];
  const revealed = d.witnesses.filter((w) => w.secret).length;
  const entropy = ceremonyEntropy(d);
  switch (d.state) {
    case 'draft':
      items.push(
        tx('p', 'console.ceremony.draftHint', { class: 'field-hint' }),
        relayWarning(d),
        action(
          'console.controls.announce',
          'draw-announce',
          alert,
          () => api.announceCeremony(d.id),
          onUpdate,
          'console.ceremony.announceConfirm'
        )
      );
      break;
    case 'announced':
      items.push(
        action(
          'console.controls.openReveals',
          'draw-open-reveals',
          alert,
          () => api.openCeremonyReveals(d.id),
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
          () => api.closeCeremonyReveals(d.id),
          onUpdate,
          revealed < d.witnesses.length ? 'console.controls.closeRevealsConfirm' : undefined
        )
      );
      break;
    case 'reveals_closed':
      items.push(
        ...beaconPartOf(
          {
            id: d.id,
            drand: entropy?.drand,
            received: d.beacon !== null,
            beaconStatus: d.beaconStatus,
            beaconAt: d.beaconAt,
            beaconUrls: d.beaconUrls,
            sources: entropy?.publicSources ?? [],
            posted: d.publicSources,
          },
          alert,
          onUpdate,
          {
            fetch: api.fetchCeremonyBeacon,
            paste: api.pasteCeremonyBeacon,
            postSources: api.postCeremonySources,
          }
        )
      );
      break;
    case 'beacon_received':
      items.push(
        tx('p', 'console.controls.readyToRun'),
        action(
          'console.controls.run',
          'draw-run',
          alert,
          () => api.runCeremony(d.id),
          onUpdate,
          'console.ceremony.runConfirm'
        )
      );
      break;
    case 'drawn':
    case 'closed':
      items.push(lotResults(d, alert, onUpdate));
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
  if (CANCELLABLE.includes(d.state)) items.push(cancelPart(d, alert, onUpdate));
  return h('div', { id: 'draw-controls', class: 'stack' }, alert, ...items);
}
