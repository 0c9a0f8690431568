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
import type { OperatorDrawDetail, PublishedSourceInput } from './api/draws-api.js';
import type { BeaconStatus } from '../../shared/api/draws.js';
import type { DrandSource, PublicSource } from '../../shared/schemas/draw-spec.js';
import { sourcesPartOf } from './draw-sources.js';
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

/** What the beacon step needs of a draw or a ceremony (whose lots share one entropy). */
export interface BeaconFacts {
  id: string;
  drand: DrandSource | undefined;
  received: boolean;
  beaconStatus: BeaconStatus | null;
  beaconAt: string | null;
  beaconUrls: string[];
  sources: readonly PublicSource[];
  posted: readonly { id: string }[];
}

/** The calls of the beacon step; each answers the draw (or the ceremony) as it now is. */
export interface BeaconCalls<T> {
  fetch(drawId: string): Promise<T>;
  paste(drawId: string, beacon: string): Promise<T>;
  postSources(drawId: string, values: PublishedSourceInput[]): Promise<T>;
}

export function beaconPart(
  d: OperatorDrawDetail,
  alert: HTMLElement,
  onUpdate: Update
): HTMLElement[] {
  return beaconPartOf(
    {
      id: d.id,
      drand: d.spec?.entropy.drand,
      received: d.beacon !== null,
      beaconStatus: d.beaconStatus,
      beaconAt: d.beaconAt,
      beaconUrls: d.beaconUrls,
      sources: d.spec?.entropy.publicSources ?? [],
      posted: d.publicSources,
    },
    alert,
    onUpdate,
    { fetch: api.fetchBeacon, paste: api.pasteBeacon, postSources: api.postPublicSources }
  );
}

export function beaconPartOf<T>(
  d: BeaconFacts,
  alert: HTMLElement,
  onUpdate: (d: T) => void,
  calls: BeaconCalls<T>
): HTMLElement[] {
  const lang = currentLang();
  const out: HTMLElement[] = [];
  const drand = d.drand;
  if (drand && !d.received) {
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
            onUpdate(await calls.fetch(d.id))
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
              onUpdate(await calls.paste(d.id, text))
            );
          },
          { id: 'beacon-paste-submit' }
        )
      )
    );
  }
  out.push(...sourcesPartOf(d, alert, onUpdate, calls.postSources));
  return out;
}
