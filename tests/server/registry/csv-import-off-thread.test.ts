/**
 * A clean CSV import off the event loop (issue 18): the file is parsed and checked once, in a worker
 * thread over its own read-only snapshot, and the main thread only writes the rows in one
 * transaction — checking again only when a registry entry came after the worker's snapshot. While a
 * large import is in flight the server keeps answering sockets (an ordering fact, not a timing).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countExperts, findExperts } from '../../../db/repos/experts.repo.js';
import { csvCheckPool } from '../../../server/registry/csv-check-pool.js';
import { checkAhead, checkedHere, importExpertsCsv } from '../../../server/registry/csv.js';
import { createExpert } from '../../../server/registry/experts.js';
import { createDirection } from '../../../server/lots/lots.js';
import { startTestApp, withCsrf, type TestApp, type TestSession } from '../../helpers/app.js';
import { connected, connectViewer, subscribe } from '../../helpers/live.js';
import { registryCsv } from './csv-gen.js';
import { TEST_DIRECTIONS } from './registry-test-db.js';

let t: TestApp;
let op: TestSession;
beforeAll(async () => {
  t = await startTestApp({ sockets: true });
  for (const d of TEST_DIRECTIONS) createDirection(t.ctx, 'setup', d);
  op = await t.loginAs('operator');
});
afterAll(async () => {
  await t.close();
});

const post = (csv: string) =>
  op.agent.post('/api/experts/import').set(withCsrf(op)).set('Content-Type', 'text/csv').send(csv);

describe('a clean CSV import', () => {
  it('does parse and check in the worker only, and write what it found', async () => {
    const csv = registryCsv(400, { start: 1 });
    const [ran, here] = [csvCheckPool().ran, checkedHere.count];
    const ok = (await post(csv).expect(200)).body;
    expect(ok).toMatchObject({ dryRun: false, rows: 400, created: 400, imported: 400 });
    expect(csvCheckPool().ran - ran).toBe(1);
    expect(checkedHere.count).toBe(here);
    expect(countExperts(t.ctx.db)).toBe(400);
    // the same file again: nothing changes, and it is still checked in the worker only
    const again = (await post(csv).expect(200)).body;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 400, imported: 0 });
    expect(checkedHere.count).toBe(here);
  });

  it('does check again in its transaction when the registry changed after the snapshot', () => {
    const csv = registryCsv(10, { start: 1001 });
    const ahead = checkAhead(t.ctx, csv);
    expect(ahead.checked.report).toMatchObject({ created: 10, updated: 0 });
    // R-01001 registered after the check: the file now updates it instead of creating it
    createExpert(t.ctx, 'setup', {
      registryNo: 'R-01001',
      fullNameKk: 'Басқа Есім',
      fullNameRu: 'Другое Имя',
      directions: [TEST_DIRECTIONS[0]!.code],
      region: 'KZ-71',
      organizations: [],
      languages: ['kk'],
      proposedBy: 'ngo',
    });
    const here = checkedHere.count;
    const r = importExpertsCsv(t.ctx, 'op', csv, {}, ahead);
    expect(checkedHere.count).toBe(here + 1);
    expect(r).toMatchObject({ created: 9, updated: 1, imported: 10 });
    expect(findExperts(t.ctx.db, ['R-01001']).get('R-01001')?.fullNameRu).toBe('Тестов Ерлан 1001');
  });

  it('does let the server answer a socket while a large import is in flight', async () => {
    const viewer = connectViewer(t.baseUrl);
    await connected(viewer);
    const csv = registryCsv(30_000, { start: 20_001 });
    let answered = false;
    const importing = post(csv).then((r) => {
      answered = true;
      return r;
    });
    // the file reached the worker thread…
    while (csvCheckPool().running === 0) await new Promise((r) => setImmediate(r));
    // …and while it is parsed and checked there, the server's event loop answers a socket event
    const ack = await subscribe(viewer, { drawId: 'D-2026-0001' });
    expect(ack).toHaveProperty('ok');
    expect(answered).toBe(false);
    const res = await importing;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 30_000, created: 30_000, imported: 30_000 });
    viewer.disconnect();
  }, 120_000);
});
