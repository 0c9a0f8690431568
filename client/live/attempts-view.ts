/**
 * Every attempt of the draw's lot (docs/PROTOCOL.md §No re-roll): each with its state and, for a
 * cancelled one, the state it had reached and its public reason, so a viewer sees at once whether a
 * lot was drawn more than once and how far each earlier attempt got. Shown only when the lot has more
 * than one attempt or this one was cancelled.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import { keepModeParams } from '../common/mode.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import { stateBadge } from './draw-list.js';

type Attempt = PublicDrawDetail['attempts'][number];

function item(a: Attempt, currentId: string): HTMLElement {
  const title = t('attempts.item', { n: a.attempt });
  const head =
    a.id === currentId
      ? h('span', {}, `${title} ${t('attempts.thisPage')}`)
      : h(
          'a',
          { href: keepModeParams(`/draws/${encodeURIComponent(a.id)}`, window.location.search) },
          title
        );
  const li = h('li', { 'data-draw-id': a.id, 'data-state': a.state }, head, ' ', stateBadge(a));
  if (a.state === 'cancelled')
    li.append(
      h(
        'p',
        { class: 'attempt-cancelled' },
        t('attempts.cancelled', {
          from: a.cancelledFrom ? t(`draw.state.${a.cancelledFrom}` as MessageCode) : '—',
          reason: a.cancelReason ?? '',
        })
      )
    );
  return li;
}

export function renderAttempts(d: PublicDrawDetail | null, currentId: string): void {
  const section = byId('attempts', HTMLElement);
  const attempts = d?.attempts ?? [];
  const shown = attempts.length > 1 || attempts.some((a) => a.state === 'cancelled');
  show(section, shown);
  fill(
    byId('attempts-list', HTMLOListElement),
    ...(shown ? attempts.map((a) => item(a, currentId)) : [])
  );
}
