/**
 * Small parts of the ceremony screen: a lot's own fields in the draft as a line, and the links to
 * the ceremony's printed protocol (print view and PDFs) once drawn.
 */
import { h } from '../common/dom.js';
import { t } from '../common/i18n.js';
import type { OperatorCeremonyDetail } from './api/ceremony-api.js';
import { protocolPdfUrl } from './api/draws-api.js';
import { navLink } from './ui.js';

/** A lot's own fields in the draft, as a line ("size 5, reserves 1"); empty when it has none. */
export function overrideText(lot: OperatorCeremonyDetail['lots'][number]): string {
  const o = lot.lotDraft;
  if (!o) return '';
  const parts: string[] = [];
  if (o.size !== undefined) parts.push(`${t('console.draft.size')}: ${o.size}`);
  if (o.reserves !== undefined) parts.push(`${t('console.draft.reserves')}: ${o.reserves}`);
  if (o.quotas) parts.push(t('console.ceremony.ownQuotas'));
  return parts.join(', ');
}

/** Once drawn: the ceremony's printed protocol as PDF, in Kazakh and in Russian. */
export function pdfLinks(d: OperatorCeremonyDetail): HTMLElement | null {
  if (!['drawn', 'closed'].includes(d.state)) return null;
  return h(
    'p',
    { class: 'actions', id: 'protocol-links' },
    navLink(
      `/console/ceremonies/${encodeURIComponent(d.id)}/protocol`,
      t('console.protocol.print'),
      { class: 'button' }
    ),
    ...(['kk', 'ru'] as const).map((lang) =>
      h(
        'a',
        {
          class: 'button',
          href: protocolPdfUrl(d.id, lang),
          download: `${d.id}-${lang}.pdf`,
          id: `protocol-pdf-${lang}`,
        },
        t(lang === 'kk' ? 'console.protocol.pdfKk' : 'console.protocol.pdfRu')
      )
    )
  );
}
