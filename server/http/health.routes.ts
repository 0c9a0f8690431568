/** Liveness: answers when the process serves and the database answers a query. */
import type { AppContext } from '../context.js';
import { route } from './route.js';

export function healthRoutes(ctx: AppContext) {
  return [
    route({
      method: 'get',
      path: '/healthz',
      access: 'public',
      summary: 'liveness and database check',
      handler: () => {
        ctx.db.prepare('SELECT 1').get();
        return { ok: true };
      },
    }),
  ];
}
