/**
 * Small parts of the draw screens: the state badge, the protocol links (print view and PDFs) once a
 * draw has a result, and what the announcement sealed (pool size and root, announcement hash,
 * exclusions, seed).
 */
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import * as api from './api/draws-api.js';
import type { OperatorDrawDetail } from './api/draws-api.js';
import { navLink, part, tx } from './ui.js';

export function stateBadge(state: string): HTMLElement {
  return h(
    'span',
    { class: `badge state-${state}`, id: 'draw-state' },
    t(`draw.state.${state}` as MessageCode)
  );
}

export function protocolLinks(d: OperatorDrawDetail): HTMLElement | null {
  if (!['drawn', 'closed', 'cancelled'].includes(d.state)) return null;
  return h(
    'p',
    { class: 'actions', id: 'protocol-links' },
    navLink(`/console/draws/${encodeURIComponent(d.id)}/protocol`, t('console.protocol.print'), {
      class: 'button',
    }),
    h(
      'a',
      {
        class: 'button',
        href: api.protocolPdfUrl(d.id, 'kk'),
        download: `${d.id}-kk.pdf`,
        id: 'protocol-pdf-kk',
      },
      t('console.protocol.pdfKk')
    ),
    h(
      'a',
      {
        class: 'button',
        href: api.protocolPdfUrl(d.id, 'ru'),
        download: `${d.id}-ru.pdf`,
        id: 'protocol-pdf-ru',
      },
      t('console.protocol.pdfRu')
    )
  );
}

export function sealedPart(d: OperatorDrawDetail): HTMLElement | null {
  if (!d.announcement) return null;
  return part(
    'sealed-part',
    'console.sealed.heading',
    h(
      'dl',
      { class: 'facts' },
      tx('dt', 'console.sealed.pool'),
      h(
        'dd',
        { id: 'sealed-pool' },
        t('console.sealed.poolValue', { size: d.announcement.pool.size })
      ),
      tx('dt', 'console.sealed.root'),
      h('dd', { class: 'hex' }, d.announcement.pool.root),
      tx('dt', 'console.sealed.hash'),
      h('dd', { class: 'hex' }, d.announcementHash ?? ''),
      tx('dt', 'console.sealed.exclusions'),
      h('dd', {}, String(d.exclusions.length)),
      tx('dt', 'console.sealed.seed'),
      h('dd', { class: 'hex', id: 'sealed-seed' }, d.seed ?? '—')
    )
  );
}
