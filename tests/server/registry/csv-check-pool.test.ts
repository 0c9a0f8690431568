/**
 * Registry CSV checks off the event loop (server/registry/csv-check-pool.ts, issue 18): a dry run
 * over HTTP is checked in a worker thread over its own read-only connection and reports what the
 * main thread's check reports; an import with problems is refused after the worker's check alone,
 * writing nothing; a clean import is checked there, then imported (and checked again) on the main
 * thread.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countExperts } from '../../../db/repos/experts.repo.js';
import { csvCheckPool } from '../../../server/registry/csv-check-pool.js';
import { checkExpertsCsv } from '../../../server/registry/csv.js';
import { createDirection } from '../../../server/lots/lots.js';
import { startTestApp, withCsrf, type TestApp, type TestSession } from '../../helpers/app.js';
import { registryCsv } from './csv-gen.js';
import { TEST_DIRECTIONS } from './registry-test-db.js';

let t: TestApp;
let op: TestSession;
beforeAll(async () => {
  t = await startTestApp();
  for (const d of TEST_DIRECTIONS) createDirection(t.ctx, 'setup', d);
  op = await t.loginAs('operator');
});
afterAll(async () => {
  await t.close();
});

const post = (path: string, csv: string) =>
  op.agent.post(path).set(withCsrf(op)).set('Content-Type', 'text/csv').send(csv);

describe('CSV checks in a worker thread', () => {
  it('does dry-run in a worker with the main thread’s report, and refuse a bad file there', async () => {
    const csv = registryCsv(300);
    const before = csvCheckPool().ran;
    const dry = (await post('/api/experts/import?dryRun=1', csv).expect(200)).body;
    expect(csvCheckPool().ran - before).toBe(1);
    expect(dry).toEqual(checkExpertsCsv(t.ctx, csv));
    expect(dry).toMatchObject({ dryRun: true, rows: 300, created: 300, imported: 0 });

    const bad = csv.replace('R-00002;', 'R-00001;');
    const refused = await post('/api/experts/import', bad).expect(400);
    expect(refused.body.error.code).toBe('CSV_INVALID');
    expect(csvCheckPool().ran - before).toBe(2);
    expect(countExperts(t.ctx.db)).toBe(0);

    const ok = (await post('/api/experts/import', csv).expect(200)).body;
    expect(ok).toMatchObject({ dryRun: false, rows: 300, created: 300, imported: 300 });
    expect(csvCheckPool().ran - before).toBe(3);
    expect(countExperts(t.ctx.db)).toBe(300);
  });
});
