/**
 * /console/ceremonies/:id/protocol — the print view of a ceremony's protocol
 * (ceremony-protocol-view.ts) in the UI language, a Print button (print CSS hides the console around
 * it) and the PDF downloads in Kazakh and Russian from the server.
 */
import type { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { fill, h } from '../common/dom.js';
import { onLanguageChange, t } from '../common/i18n.js';
import { publicCeremony } from './api/ceremony-api.js';
import { checkpointCovering, logKey, protocolPdfUrl } from './api/draws-api.js';
import { renderCeremonyProtocol } from './ceremony-protocol-view.js';
import type { Mount } from './router.js';
import { alertLine, button, dataHeading, failureText, navLink, tx } from './ui.js';

export const mountCeremonyProtocol: Mount = (root, ctx) => {
  const id = ctx.params['id']!;
  let ceremony: PublicCeremonyDetail | null = null;
  let checkpoint: SignedCheckpoint | null = null;
  let key: string | null = null;
  const alert = alertLine('protocol-alert');
  const box = h('div', {}, dataHeading(t('protocol.title', { id })));
  const render = () => {
    if (ceremony)
      fill(box, renderCeremonyProtocol(ceremony, checkpoint, key, window.location.origin));
  };
  root.append(
    h(
      'div',
      { class: 'actions no-print' },
      navLink(`/console/ceremonies/${encodeURIComponent(id)}`, tx('span', 'console.protocol.back')),
      button('console.protocol.printNow', () => window.print(), {
        class: 'button primary',
        id: 'protocol-print',
      }),
      ...(['kk', 'ru'] as const).map((lang) =>
        h(
          'a',
          { class: 'button', href: protocolPdfUrl(id, lang), download: `${id}-${lang}.pdf` },
          t(lang === 'kk' ? 'console.protocol.pdfKk' : 'console.protocol.pdfRu')
        )
      )
    ),
    alert,
    box
  );
  void (async () => {
    try {
      ceremony = await publicCeremony(id);
      const last = ceremony.log.at(-1);
      if (last) checkpoint = await checkpointCovering(last.index);
      key = (await logKey()).vkey;
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return onLanguageChange(render) as () => void;
};
