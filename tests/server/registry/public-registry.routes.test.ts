/**
 * The public side of the registry over real HTTP, on the demo data (which holds IINs, phones, e-mails
 * and status reasons): every public GET route of the app's route table is called — enumerated, so a
 * new public route cannot be forgotten — and no answer may contain any of those values.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allExperts } from '../../../db/repos/experts.repo.js';
import { listLots } from '../../../db/repos/lots.repo.js';
import { seedDemoIfEmpty } from '../../../server/demo/seed.js';
import { allRoutes } from '../../../server/routes.js';
import type { Expert } from '../../../shared/schemas/registry.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let experts: Expert[];
let secrets: string[];
beforeAll(async () => {
  t = await startTestApp();
  seedDemoIfEmpty(t.ctx);
  experts = allExperts(t.ctx.db);
  secrets = [
    ...new Set(
      experts.flatMap((e) =>
        [e.iin, e.phone, e.email, e.statusReason].filter((v): v is string => !!v)
      )
    ),
  ];
});
afterAll(async () => {
  await t.close();
});

/** Calls to make for each public GET path; params get real values so handlers answer with data. */
function callsFor(
  path: string,
  ctx: { registryNo: string; lotId: number; logSize: number }
): string[] {
  const fill = (p: string) =>
    p
      .replace(':registryNo', ctx.registryNo)
      .replace(':id', String(ctx.lotId))
      .replace(':size', String(ctx.logSize))
      .replace(':index', '0');
  if (path === '/api/public/registry')
    return Array.from(
      { length: Math.ceil(experts.length / 500) },
      (_, i) => `${path}?pageSize=500&page=${i + 1}`
    );
  if (path === '/api/public/log/entries')
    return Array.from(
      { length: Math.ceil(ctx.logSize / 1000) },
      (_, i) => `${path}?start=${i * 1000}`
    );
  if (path === '/api/public/log/proof/inclusion') return [`${path}?index=0`];
  if (path === '/api/public/log/proof/consistency') return [`${path}?from=1`];
  return [fill(path)];
}

describe('public registry', () => {
  it('does hold personal data in the demo, so the scan below means something', () => {
    const withAll = experts.filter((e) => e.iin && e.phone && e.email);
    expect(withAll.length).toBeGreaterThan(50);
    expect(secrets.length).toBeGreaterThan(300);
  });

  it('does never send an IIN, phone, e-mail or status reason through any public route', async () => {
    const target = experts.find((e) => e.iin && e.phone && e.email && e.statusReason)!;
    const ctx = {
      registryNo: target.registryNo,
      lotId: listLots(t.ctx.db)[0]!.id,
      logSize: t.ctx.tlog!.size(),
    };
    expect(ctx.logSize).toBeGreaterThan(experts.length);
    const publicGets = allRoutes(t.ctx).filter((d) => d.access === 'public' && d.method === 'get');
    expect(publicGets.map((d) => d.path)).toEqual(
      expect.arrayContaining([
        '/api/public/registry',
        '/api/public/registry/:registryNo',
        '/api/public/lots/:id',
      ])
    );
    let scanned = 0;
    for (const def of publicGets) {
      for (const url of callsFor(def.path, ctx)) {
        const res = await t.agent.get(url);
        expect([url, res.status < 500]).toEqual([url, true]);
        const text = res.text;
        for (const s of secrets) if (text.includes(s)) throw new Error(`${url} leaks "${s}"`);
        for (const key of ['"iin"', '"phone"', '"email"', '"statusReason"'])
          expect([url, text.includes(key)]).toEqual([url, false]);
        scanned += text.length;
      }
    }
    expect(scanned).toBeGreaterThan(100_000);
  });

  it('does serve the registry, one entry, lots with applicants and the CSV without personal data', async () => {
    const page = await t.agent.get('/api/public/registry?direction=youth&pageSize=5').expect(200);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.total).toBeGreaterThan(40);
    expect(Object.keys(page.body.items[0]).sort()).toEqual(
      expect.arrayContaining([
        'registryNo',
        'fullNameKk',
        'fullNameRu',
        'directions',
        'region',
        'status',
        'proposedBy',
      ])
    );
    const one = await t.agent.get(`/api/public/registry/${experts[0]!.registryNo}`).expect(200);
    expect(one.body.registryNo).toBe(experts[0]!.registryNo);
    expect((await t.agent.get('/api/public/registry/NOPE').expect(404)).body.error.code).toBe(
      'EXPERT_NOT_FOUND'
    );
    const comps = await t.agent.get('/api/public/competitions').expect(200);
    const comp = await t.agent.get(`/api/public/competitions/${comps.body[0].id}`).expect(200);
    expect(comp.body.lots[0].applicants[0]).toEqual({
      name: expect.any(String),
      bin: expect.stringMatching(/^\d{12}$/),
    });
    const regions = await t.agent.get('/api/public/regions').expect(200);
    expect(regions.body).toHaveLength(20);
    const csv = await t.agent.get('/api/public/registry.csv?lang=kk').expect(200);
    expect(csv.text.startsWith('\uFEFFТізілім нөмірі;')).toBe(true);
    expect(csv.text.split('\r\n').filter((l) => l !== '')).toHaveLength(experts.length + 1);
    expect(
      (await t.agent.get('/api/public/registry.csv?personal=1').expect(400)).body.error.code
    ).toBe('INVALID_INPUT');
  });
});
