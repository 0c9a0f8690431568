/**
 * An edge's health check (GET /healthz, what haproxy probes): 200 while the edge serves a log it
 * has checked, 503 once it refuses to (a remote edge that saw a fork, or has not yet verified a
 * first checkpoint), so the balancer sends its viewers elsewhere.
 */
import { Reply, route } from '../http/route.js';

export interface EdgeHealth {
  /** the log size the edge serves; a problem when it serves nothing new */
  status(): { treeSize: number; problem?: string };
}

export function edgeHealthRoutes(health: EdgeHealth) {
  return [
    route({
      method: 'get',
      path: '/healthz',
      access: 'public',
      summary: "an edge's health: 200 while it serves a verified log, 503 when it refuses (fork)",
      handler: () => {
        const s = health.status();
        return s.problem === undefined
          ? { ok: true, role: 'edge', treeSize: s.treeSize }
          : new Reply(503, { ok: false, role: 'edge', treeSize: s.treeSize, problem: s.problem });
      },
    }),
  ];
}
