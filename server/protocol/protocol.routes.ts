/**
 * GET /api/public/draws/:id/protocol.pdf?lang=kk|ru|en — the draw's printable protocol as a PDF
 * (server/protocol/pdf.ts, a ceremony's ceremony-pdf.ts; rendered in a worker thread and cached per
 * draw, state and language: pdf-cache.ts). Public and read-only: everything on it is already public (the
 * public draw view and the public log). The QR code points at PUBLIC_URL + /verify?draw=ID, or at
 * the request's own origin when PUBLIC_URL is not set (set it in production: behind a proxy the
 * request origin may not be the address people should scan).
 */
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { DrawIdParams } from '../../shared/api/draws.js';
import { publicDrawDetail } from '../draws/views.js';
import { isCeremony } from '../draws/ceremony-create.js';
import { publicCeremonyDetail } from '../draws/ceremony-views.js';
import { LANGS } from '../../shared/i18n/langs.js';
import { pdfCache, type PdfCache } from './pdf-cache.js';
import { route } from '../http/route.js';
import { drawVersion } from '../../db/repos/draws.repo.js';
import { NotFoundError } from '../../shared/errors.js';

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
        // The cache key first, from one cheap read: a hit builds no draw view on this thread.
        const version = drawVersion(ctx.db, params.id);
        if (!version) throw new NotFoundError('DRAW_NOT_FOUND', `no draw ${params.id}`);
        const verifyUrl = verifyUrlFor(ctx, req, params.id);
        const key = { drawId: params.id, ...version, lang: query.lang, verifyUrl };
        const pdf = await pdfs.get(key, () => {
          const checkpoint =
            version.lastIndex >= 0 && ctx.tlog
              ? (ctx.tlog.checkpointCovering(version.lastIndex) ?? null)
              : null;
          const rest = { checkpoint, logKey: ctx.tlog?.vkey ?? null, verifyUrl, lang: query.lang };
          // a database file: the worker reads the draw's view itself (a large pool's view costs
          // hundreds of milliseconds to build); in memory, only this connection can
          if (!ctx.db.memory) return { ...rest, file: ctx.db.name, drawId: params.id };
          return isCeremony(ctx, params.id)
            ? { ...rest, ceremony: publicCeremonyDetail(ctx, params.id) }
            : { ...rest, draw: publicDrawDetail(ctx, params.id) };
        });
        res
          .status(200)
          .set({
            'Content-Type': 'application/pdf',
            'Content-Disposition': `attachment; filename="protocol-${params.id}-${query.lang}.pdf"`,
            // a decline or a close changes the protocol: always ask again
            'Cache-Control': 'no-cache',
          })
          .send(pdf);
        return undefined;
      },
    }),
  ];
}
