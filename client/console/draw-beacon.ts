/**
 * The beacon step of a ceremony (state reveals_closed): why the draw waits (the announced drand
 * round and its time, the last failed attempt), "fetch now", pasting the relay's JSON by hand when
 * the server has no internet (verified the same way), and the published values of announced public
 * sources (draw-sources.ts).
 */
import { drandChain } from '../../shared/drand-chains.js';
import { h } from '../common/dom.js';
import { formatDateTime } from '../common/format.js';
import { currentLang, t } from '../common/i18n.js';
import * as api from './api/draws-api.js';
import type { OperatorDrawDetail } from './api/draws-api.js';
import { sourcesPart } from './draw-sources.js';
import { qrSvg } from '../common/qr-svg.js';
import { busy, button, textArea, tx } from './ui.js';

type Update = (d: OperatorDrawDetail) => void;

/** The round's address at each relay, and a QR code of the first, to fetch it on another device. */
function roundAddresses(urls: string[]): HTMLElement[] {
  if (!urls.length) return [];
  return [
    tx('p', 'console.beacon.urls'),
    h(
      'ul',
      { id: 'beacon-urls' },
      ...urls.map((u) => h('li', {}, h('a', { href: u, class: 'hex', rel: 'noreferrer' }, u)))
    ),
    h('div', { class: 'qr-box', id: 'beacon-qr' }, qrSvg(urls[0]!, t('console.beacon.qrLabel'))),
  ];
}

export function beaconPart(
  d: OperatorDrawDetail,
  alert: HTMLElement,
  onUpdate: Update
): HTMLElement[] {
  const lang = currentLang();
  const out: HTMLElement[] = [];
  const drand = d.spec?.entropy.drand;
  if (drand && !d.beacon) {
    const s = d.beaconStatus;
    out.push(
      h(
        'p',
        { id: 'beacon-status' },
        t('console.beacon.waiting', {
          chain: drand.chain,
          round: drand.round,
          time: d.beaconAt ? formatDateTime(d.beaconAt, lang) : '—',
        }),
        s?.lastError
          ? ` ${t('console.beacon.lastError', { code: s.lastError, attempts: s.attempts })}`
          : ''
      ),
      button(
        'console.beacon.fetch',
        (e) =>
          void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
            onUpdate(await api.fetchBeacon(d.id))
          ),
        { id: 'beacon-fetch', class: 'button primary' }
      )
    );
    // the chained default chain signs the previous round's signature too: ask for both
    const chained = drandChain(drand.chain).schemeID === 'pedersen-bls-chained';
    const paste = textArea('beacon-paste', 'console.beacon.paste', '', {
      hint: chained ? 'console.beacon.pasteHintChained' : 'console.beacon.pasteHint',
    });
    paste.control.classList.add('mono');
    out.push(
      h(
        'details',
        { class: 'subpanel' },
        tx('summary', 'console.beacon.pasteSummary'),
        ...roundAddresses(d.beaconUrls),
        paste.wrap,
        button(
          'console.beacon.pasteSubmit',
          (e) => {
            const text = paste.control.value.trim();
            paste.setError(text ? null : t('console.form.required'));
            if (!text) return;
            void busy(e.currentTarget as HTMLButtonElement, alert, async () =>
              onUpdate(await api.pasteBeacon(d.id, text))
            );
          },
          { id: 'beacon-paste-submit' }
        )
      )
    );
  }
  out.push(...sourcesPart(d, alert, onUpdate));
  return out;
}
