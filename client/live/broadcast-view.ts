/**
 * The broadcast strip of the overlay (?overlay=1, docs/LIVE.md §Overlay): the operator's name and logo
 * (from the server's configuration, OPERATOR_NAME / OPERATOR_LOGO_FILE, handed to the page in <meta>
 * tags by server/http/pages.ts), when the draw starts with a countdown, what happens next, and a QR
 * code of the draw's own page, where anyone can verify it. Shown in overlay mode only; the QR encoder
 * (the console's, client/common/qr-svg.ts) is loaded only then, so the plain page does not carry it.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { formatDateTime, KAZAKHSTAN_ZONE } from '../common/format.js';
import { currentLang, t } from '../common/i18n.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { CeremonyModel } from './ceremony-model.js';
import { rulesOf, type Phase } from './phase.js';

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim() ?? '';
}

/** "1:02:05" / "4:07": the time left, never negative. */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** When the draw is due: the drand round's time, else the reveal deadline. */
function startOf(m: CeremonyModel, d: Pick<PublicDrawDetail, 'beaconAt'> | null): string | null {
  return d?.beaconAt ?? rulesOf(m)?.revealDeadline ?? null;
}

/** What happens next, in the draw's own terms. */
export function nextText(m: CeremonyModel, p: Phase): string {
  const rules = rulesOf(m);
  const drand = rules?.entropy?.drand;
  switch (p.kind) {
    case 'closed':
    case 'cancelled':
      return t('broadcast.next.over');
    case 'formed':
      return t('broadcast.next.close');
    case 'live':
      return p.k < p.of
        ? t('broadcast.next.steps', { k: p.k + 1, of: p.of })
        : t('broadcast.next.close');
    case 'upcoming':
      switch (p.state) {
        case 'draft':
          return t('broadcast.next.announce');
        case 'announced':
          return m.witnesses.length > 0 ? t('broadcast.next.reveals') : t('broadcast.next.draw');
        case 'revealing':
          return t('broadcast.next.reveals');
        case 'reveals_closed':
          if (drand && !m.beacon) return t('broadcast.next.drand', { round: drand.round });
          return t('broadcast.next.sources');
        default:
          return t('broadcast.next.draw');
      }
  }
}

export class BroadcastView {
  private timer: number | null = null;
  private qrFor = '';

  constructor(
    private readonly drawId: string,
    private readonly rerender: () => void
  ) {}

  private get overlay(): boolean {
    return document.documentElement.classList.contains('mode-overlay');
  }

  /** `d`: the draw's or the ceremony's public detail (only its beacon time is read) */
  render(m: CeremonyModel, d: Pick<PublicDrawDetail, 'beaconAt'> | null, p: Phase): void {
    const box = byId('broadcast', HTMLElement);
    show(box, this.overlay);
    if (!this.overlay) return;
    const name = meta('adal-operator-name');
    const logo = meta('adal-operator-logo');
    fill(
      byId('broadcast-operator', HTMLElement),
      logo
        ? h('img', { src: logo, alt: t('broadcast.operatorLogo', { name: name || 'Adal Draw' }) })
        : null,
      name ? h('span', {}, name) : null
    );
    const start = startOf(m, d);
    const left = start ? Date.parse(start) - Date.now() : 0;
    const startLine = byId('broadcast-start', HTMLElement);
    if (p.kind === 'upcoming' && start) {
      const time = formatDateTime(start, currentLang(), KAZAKHSTAN_ZONE);
      fill(
        startLine,
        h(
          'time',
          { datetime: start },
          t('broadcast.startsAt', { time: t('time.kazakhstan', { time }) })
        ),
        left > 0
          ? h(
              'span',
              { class: 'countdown' },
              ' ',
              t('broadcast.countdown', { time: countdownText(left) })
            )
          : ''
      );
    } else fill(startLine, p.kind === 'live' ? t('broadcast.started') : '');
    byId('broadcast-next', HTMLElement).textContent = nextText(m, p);
    this.tick(p.kind === 'upcoming' && left > 0);
    void this.renderQr();
  }

  /** The countdown re-renders every second while the start is ahead. */
  private tick(running: boolean): void {
    if (running && this.timer === null)
      this.timer = window.setInterval(() => this.rerender(), 1000);
    if (!running && this.timer !== null) {
      window.clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async renderQr(): Promise<void> {
    const url = `${window.location.origin}/draws/${encodeURIComponent(this.drawId)}`;
    const key = `${currentLang()}|${url}`;
    if (this.qrFor === key) return;
    this.qrFor = key;
    const { qrSvg } = await import('../common/qr-svg.js');
    fill(byId('broadcast-qr-code', HTMLElement), qrSvg(url, t('broadcast.qrLabel', { url })));
    fill(
      byId('broadcast-qr-caption', HTMLElement),
      h('strong', {}, t('broadcast.verify')),
      h('br', {}),
      h('span', { class: 'broadcast-url' }, url.replace(/^https?:\/\//, ''))
    );
  }
}
