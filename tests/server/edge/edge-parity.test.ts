/**
 * Every public GET route of the app's table, asked of the writer and of a same-host edge over the
 * same database after a real draw: the edge answers each one as the writer does (the same status
 * and body; the PDF as a PDF), so viewers cannot tell which served them. The table is enumerated,
 * so a new public route must be added here.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '../../../server/config.js';
import { startEdge } from '../../../server/edge.js';
import { createLogger } from '../../../server/logger.js';
import type { Role } from '../../../server/role.js';
import { allRoutes } from '../../../server/routes.js';
import { driveTo, startDrawWorld, type DrawWorld } from '../../helpers/draws.js';

let w: DrawWorld;
let edge: Role;
let edgeUrl: string;
let drawId: string;

beforeAll(async () => {
  w = await startDrawWorld(1);
  drawId = await driveTo(w.t, w.op, w.witness, w.lotIds[0]!, 'drawn');
  const config = loadConfig({
    ROLE: 'edge',
    LOG_LEVEL: 'silent',
    DATA_DIR: w.t.dataDir,
    LOG_VKEY: w.t.ctx.tlog.vkey,
  });
  edge = await startEdge(config, createLogger('silent'));
  await new Promise<void>((r) => edge.server.listen(0, '127.0.0.1', r));
  edgeUrl = `http://127.0.0.1:${(edge.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await edge.closeSockets();
  await new Promise<void>((r) => edge.server.close(() => r()));
  await edge.close();
  await w.close();
});

/** A concrete URL for each public GET path of the table. */
function urls(): Record<string, string> {
  const competitionId = w.t.ctx.db.prepare('SELECT id FROM competitions LIMIT 1').pluck().get();
  return {
    '/healthz': '/healthz',
    '/api/public/registry': '/api/public/registry',
    '/api/public/registry.csv': '/api/public/registry.csv',
    '/api/public/registry/:registryNo': '/api/public/registry/R-0001',
    '/api/public/experts/:registryNo/draws': '/api/public/experts/R-0001/draws',
    '/api/public/regions': '/api/public/regions',
    '/api/public/directions': '/api/public/directions',
    '/api/public/conflict-kinds': '/api/public/conflict-kinds',
    '/api/public/competitions': '/api/public/competitions',
    '/api/public/competitions/:id': `/api/public/competitions/${String(competitionId)}`,
    '/api/public/lots/:id': `/api/public/lots/${w.lotIds[0]}`,
    '/api/public/draws': '/api/public/draws',
    '/api/public/draws/:id': `/api/public/draws/${drawId}`,
    '/api/public/draws/:id/bundle': `/api/public/draws/${drawId}/bundle`,
    '/api/public/draws/:id/protocol.pdf': `/api/public/draws/${drawId}/protocol.pdf?lang=kk`,
    '/api/public/log/checkpoint': '/api/public/log/checkpoint',
    '/api/public/log/checkpoints/:size': `/api/public/log/checkpoints/${w.t.ctx.tlog.size()}`,
    '/api/public/log/entries': '/api/public/log/entries?start=0&end=50',
    '/api/public/log/entries/:index': '/api/public/log/entries/3',
    '/api/public/log/entries/:index/checkpoint': '/api/public/log/entries/3/checkpoint',
    '/api/public/log/proof/inclusion': '/api/public/log/proof/inclusion?index=2',
    '/api/public/log/proof/consistency': '/api/public/log/proof/consistency?from=3',
    '/api/public/log/key': '/api/public/log/key',
    '/api/public/log/checkpoint/witnessed': '/api/public/log/checkpoint/witnessed',
    '/api/public/log/witnesses': '/api/public/log/witnesses',
  };
}

describe('a same-host edge', () => {
  it('does answer every public GET route of the table as the writer does', async () => {
    const table = allRoutes(w.t.ctx)
      .filter((r) => r.access === 'public' && r.method === 'get')
      .map((r) => r.path);
    const map = urls();
    expect(Object.keys(map).sort()).toEqual([...table].sort());
    for (const [path, url] of Object.entries(map)) {
      const a = await request(w.t.baseUrl).get(url).buffer(true);
      const b = await request(edgeUrl).get(url).buffer(true);
      expect([path, b.status]).toEqual([path, a.status]);
      expect([path, b.headers['content-type']]).toEqual([path, a.headers['content-type']]);
      if (path === '/healthz') expect(b.body).toMatchObject({ ok: true, role: 'edge' });
      else if (path.endsWith('protocol.pdf')) expect(String(b.body).slice(0, 5)).toBe('%PDF-');
      else expect([path, b.text]).toEqual([path, a.text]);
    }
  });
});
