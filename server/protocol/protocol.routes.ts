/**
 * GET /api/public/draws/:id/protocol.pdf?lang=kk|ru|en — the draw's printable protocol as a PDF
 * (server/protocol/pdf.ts, rendered in a worker thread and cached per draw, state and language:
 * pdf-cache.ts). Public and read-only: everything on it is already public (the
 * public draw view and the public log). The QR code points at PUBLIC_URL + /verify?draw=ID, or at
 * the request's own origin when PUBLIC_URL is not set (set it in production: behind a proxy the
 * request origin may not be the address people should scan).
 */
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { DrawIdParams } from '../../shared/api/draws.js';
import { publicDrawDetail } from '../draws/views.js';
import { LANGS } from '../../shared/i18n/langs.js';
import { pdfCache, type PdfCache } from './pdf-cache.js';
import { route } from '../http/route.js';

export const ProtocolQuery = z.strictObject({ lang: z.enum(LANGS).default('ru') });

/** The public verify page of a draw, for the QR code. */
export function verifyUrlFor(ctx: AppContext, req: Request, drawId: string): string {
  const base = ctx.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  const url = new URL('/verify', base);
  url.searchParams.set('draw', drawId);
  return url.toString();
}

export function protocolRoutes(ctx: AppContext, pdfs: PdfCache = pdfCache()) {
  return [
    route({
      method: 'get',
      path: '/api/public/draws/:id/protocol.pdf',
      access: 'public',
      heavy: true,
      params: DrawIdParams,
      query: ProtocolQuery,
      summary:
        'the printable protocol of a draw as a PDF (lang=kk|ru|en), with a QR code to /verify',
      handler: async ({ params, query, req, res }) => {
        const draw = publicDrawDetail(ctx, params.id);
        const last = draw.log.at(-1);
        const checkpoint =
          last && ctx.tlog ? (ctx.tlog.checkpointCovering(last.index) ?? null) : null;
        const pdf = await pdfs.get({
          draw,
          checkpoint,
          logKey: ctx.tlog?.vkey ?? null,
          verifyUrl: verifyUrlFor(ctx, req, draw.id),
          lang: query.lang,
        });
        res
          .status(200)
          .set({
            'Content-Type': 'application/pdf',
            'Content-Disposition': `attachment; filename="protocol-${draw.id}-${query.lang}.pdf"`,
            // a decline or a close changes the protocol: always ask again
            'Cache-Control': 'no-cache',
          })
          .send(pdf);
        return undefined;
      },
    }),
  ];
}
