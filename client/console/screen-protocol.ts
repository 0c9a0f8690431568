/**
 * /console/draws/:id/protocol — the print view of a draw's protocol: the protocol itself
 * (protocol-view.ts) in the UI language, a Print button (the browser's print dialog; print CSS hides
 * the console around it) and the PDF downloads in Kazakh and Russian from the server.
 */
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { fill, h } from '../common/dom.js';
import { onLanguageChange, t } from '../common/i18n.js';
import { checkpointCovering, logKey, protocolPdfUrl, publicDraw } from './api/draws-api.js';
import { renderProtocol } from './protocol-view.js';
import type { Mount } from './router.js';
import { alertLine, button, dataHeading, failureText, navLink, tx } from './ui.js';

export const mountProtocol: Mount = (root, ctx) => {
  const id = ctx.params['id']!;
  let draw: PublicDrawDetail | null = null;
  let checkpoint: SignedCheckpoint | null = null;
  let key: string | null = null;
  const alert = alertLine('protocol-alert');
  const box = h('div', {}, dataHeading(t('protocol.title', { id })));
  const render = () => {
    if (draw) fill(box, renderProtocol(draw, checkpoint, key, window.location.origin));
  };
  root.append(
    h(
      'div',
      { class: 'actions no-print' },
      navLink(`/console/draws/${encodeURIComponent(id)}`, tx('span', 'console.protocol.back')),
      button('console.protocol.printNow', () => window.print(), {
        class: 'button primary',
        id: 'protocol-print',
      }),
      h(
        'a',
        { class: 'button', href: protocolPdfUrl(id, 'kk'), download: `${id}-kk.pdf` },
        t('console.protocol.pdfKk')
      ),
      h(
        'a',
        { class: 'button', href: protocolPdfUrl(id, 'ru'), download: `${id}-ru.pdf` },
        t('console.protocol.pdfRu')
      )
    ),
    alert,
    box
  );
  void (async () => {
    try {
      draw = await publicDraw(id);
      const last = draw.log.at(-1);
      if (last) checkpoint = await checkpointCovering(last.index);
      key = (await logKey()).vkey;
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  })();
  return onLanguageChange(render) as () => void;
};
