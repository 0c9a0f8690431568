/**
 * The registry API over real HTTP (supertest) on a real SQLite file: create / update / suspend with
 * history, CSV import (1,000 rows; a file with 3 bad rows refused whole; dry run) and CSV export.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { countExperts } from '../../../db/repos/experts.repo.js';
import { listHistory } from '../../../db/repos/history.repo.js';
import { createDirection } from '../../../server/lots/lots.js';
import { startTestApp, withCsrf, type TestApp, type TestSession } from '../../helpers/app.js';
import { registryCsv } from './csv-gen.js';
import { TEST_DIRECTIONS } from './registry-test-db.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/registry/${name}`, import.meta.url), 'utf8');

let t: TestApp;
let op: TestSession;
beforeAll(async () => {
  t = await startTestApp();
  op = await t.loginAs('operator');
  t.ctx.db.transaction(() => {
    for (const d of TEST_DIRECTIONS) createDirection(t.ctx, 'setup', d);
  })();
});
afterAll(async () => {
  await t.close();
});

const expertBody = {
  registryNo: 'R-0001',
  fullNameKk: 'Жұмабаева Айгүл Серікқызы',
  fullNameRu: 'Жумабаева Айгуль Сериковна',
  directions: ['youth'],
  region: 'KZ-33',
  organizations: [{ name: 'ОФ «Болашақ»', bin: '940140000385', role: 'member' }],
  gender: 'female',
  languages: ['kk', 'ru'],
  proposedBy: 'ngo',
  iin: '791028302728',
  email: 'aigul@example.org',
};

describe('registry API', () => {
  it('does create, update and suspend an expert over HTTP and keeps who/when/what', async () => {
    const created = await op.agent
      .post('/api/experts')
      .set(withCsrf(op))
      .send(expertBody)
      .expect(201);
    expect(created.body).toMatchObject({
      registryNo: 'R-0001',
      status: 'active',
      includedOn: '2026-03-01',
    });

    t.clock.advance(3600_000);
    const patched = await op.agent
      .patch('/api/experts/R-0001')
      .set(withCsrf(op))
      .send({ region: 'KZ-62', email: null })
      .expect(200);
    expect(patched.body.region).toBe('KZ-62');
    expect(patched.body).not.toHaveProperty('email');

    t.clock.advance(3600_000);
    await op.agent
      .post('/api/experts/R-0001/suspend')
      .set(withCsrf(op))
      .send({ reason: 'конфликт интересов выявлен', date: '2026-03-01' })
      .expect(200);
    const got = await op.agent.get('/api/experts/R-0001').expect(200);
    expect(got.body).toMatchObject({
      status: 'suspended',
      statusReason: 'конфликт интересов выявлен',
      iin: '791028302728',
    });

    const h = await op.agent.get('/api/experts/R-0001/history').expect(200);
    expect(
      h.body.items.map((e: { action: string; actor: string; at: string }) => [
        e.action,
        e.actor,
        e.at,
      ])
    ).toEqual([
      ['suspend', op.user.username, '2026-03-01T11:00:00.000Z'],
      ['update', op.user.username, '2026-03-01T10:00:00.000Z'],
      ['create', op.user.username, '2026-03-01T09:00:00.000Z'],
    ]);
    expect(h.body.items[1].before.region).toBe('KZ-33');
    expect(h.body.items[1].after.region).toBe('KZ-62');
    const all = await op.agent.get('/api/registry/history?entity=expert&key=R-0001').expect(200);
    expect(all.body.total).toBe(3);
  });

  it('does answer 409, 404 and field-naming 400s for bad requests', async () => {
    const taken = await op.agent
      .post('/api/experts')
      .set(withCsrf(op))
      .send(expertBody)
      .expect(409);
    expect(taken.body.error.code).toBe('REGISTRY_NO_TAKEN');
    const missing = await op.agent.get('/api/experts/R-9999').expect(404);
    expect(missing.body.error.code).toBe('EXPERT_NOT_FOUND');
    const bad = await op.agent
      .post('/api/experts')
      .set(withCsrf(op))
      .send({
        ...expertBody,
        registryNo: 'R-0002',
        organizations: [{ name: 'X', bin: '940140000386', role: 'member' }],
      })
      .expect(400);
    expect(bad.body.error.issues).toEqual([
      { path: 'body.organizations.0.bin', message: 'BIN check digit does not match' },
    ]);
    const dir = await op.agent
      .post('/api/experts')
      .set(withCsrf(op))
      .send({ ...expertBody, registryNo: 'R-0002', directions: ['astronomy'] })
      .expect(400);
    expect(dir.body.error.code).toBe('DIRECTION_UNKNOWN');
    const again = await op.agent
      .post('/api/experts/R-0001/suspend')
      .set(withCsrf(op))
      .send({ reason: 'x' })
      .expect(409);
    expect(again.body.error.code).toBe('STATUS_TRANSITION_INVALID');
    const noReason = await op.agent
      .post('/api/experts/R-0001/reinstate')
      .set(withCsrf(op))
      .send({})
      .expect(400);
    expect(noReason.body.error.issues[0].path).toBe('body.reason');
    const q = await op.agent.get('/api/experts?pageSize=9999').expect(400);
    expect(q.body.error.issues[0].path).toBe('query.pageSize');
  });

  it('does import a 1,000-row CSV with BOM and ";" sent as text/csv', async () => {
    const before = countExperts(t.ctx.db);
    const r = await op.agent
      .post('/api/experts/import')
      .set(withCsrf(op))
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(registryCsv(1000, { start: 10000 }))
      .expect(200);
    expect(r.body).toMatchObject({
      dryRun: false,
      rows: 1000,
      imported: 1000,
      created: 1000,
      errors: [],
    });
    expect(countExperts(t.ctx.db)).toBe(before + 1000);
    const page = await op.agent.get('/api/experts?q=r-10999').expect(200);
    expect(page.body.items[0]).toMatchObject({ registryNo: 'R-10999', proposedBy: 'ngo' });
    expect(t.ctx.tlog!.entriesAbout('expert', 'R-10999').map((e) => e.entry.data)).toEqual([
      expect.objectContaining({ via: 'csv_import', before: null }),
    ]);
  });

  it('when 3 rows are bad, does refuse the whole file with 3 precise errors and write nothing', async () => {
    const experts = countExperts(t.ctx.db);
    const history = listHistory(t.ctx.db, {}, { limit: 1, offset: 0 }).total;
    const logSize = t.ctx.tlog!.size();
    const r = await op.agent
      .post('/api/experts/import')
      .set(withCsrf(op))
      .set('Content-Type', 'text/csv')
      .send(fixture('three-bad-rows.csv'))
      .expect(400);
    expect(r.body.error.code).toBe('CSV_INVALID');
    expect(r.body.imported).toBe(0);
    expect(r.body.errors).toEqual([
      {
        row: 3,
        column: 'Организации',
        code: 'BIN_INVALID',
        problem: '0.bin: BIN check digit does not match',
        params: { value: 'ОФ «Болашақ» / 940140000386 / член' },
      },
      {
        row: 5,
        column: 'Регион',
        code: 'REGION_UNKNOWN',
        problem: 'unknown region "Нарния"',
        params: { value: 'Нарния' },
      },
      {
        row: 7,
        column: 'Дата включения',
        code: 'DATE_INVALID',
        problem: 'not a calendar date',
        params: { value: '31.02.2021' },
      },
    ]);
    expect(r.body.error.issues[0]).toEqual({
      path: 'row 3: Организации',
      message: '0.bin: BIN check digit does not match',
    });
    expect(countExperts(t.ctx.db)).toBe(experts);
    expect(listHistory(t.ctx.db, {}, { limit: 1, offset: 0 }).total).toBe(history);
    expect(t.ctx.tlog!.size()).toBe(logSize);
  });

  it('does check without writing on dryRun=1 and accepts JSON {csv}', async () => {
    const experts = countExperts(t.ctx.db);
    const r = await op.agent
      .post('/api/experts/import?dryRun=1')
      .set(withCsrf(op))
      .send({ csv: fixture('small-ru.csv') })
      .expect(200);
    expect(r.body).toMatchObject({ dryRun: true, rows: 2, created: 2, imported: 0, errors: [] });
    expect(countExperts(t.ctx.db)).toBe(experts);
    const empty = await op.agent
      .post('/api/experts/import')
      .set(withCsrf(op))
      .send({ csv: '' })
      .expect(400);
    expect(empty.body.error.code).toBe('INVALID_INPUT');
  });

  it('does export the registry for Excel with personal data for operators only on request', async () => {
    const r = await op.agent.get('/api/experts/export.csv?lang=ru&direction=youth').expect(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="registry.csv"');
    const text = r.text;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toMatch(/^\uFEFFРеестровый номер;ФИО \(каз\.\);/);
    expect(text).toContain('791028302728');
    const plain = await op.agent.get('/api/experts/export.csv?personal=0').expect(200);
    expect(plain.text).not.toContain('791028302728');
    expect(plain.text.split('\r\n')[0]).not.toContain('iin');
  });

  it('does give operators an empty template per language that the import reads back', async () => {
    await t.agent.get('/api/experts/import-template.csv?lang=kk').expect(401);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const r = await op.agent.get(`/api/experts/import-template.csv?lang=${lang}`).expect(200);
      expect(r.headers['content-disposition']).toBe(
        `attachment; filename="registry-template-${lang}.csv"`
      );
      const lines = r.text.split('\r\n');
      expect(lines.slice(1)).toEqual(['']);
      expect(lines[0]!.charCodeAt(0)).toBe(0xfeff);
      const header = lines[0]!.slice(1).split(';');
      expect(header[0]).toBe(
        { kk: 'Тізілім нөмірі', ru: 'Реестровый номер', en: 'registry_no' }[lang]
      );
      // Filled in (columns in the export's order, the same in every language), it passes a dry run.
      const filled: Record<number, string> = {
        0: 'R-0777',
        2: 'Иванова Анна',
        3: 'youth',
        4: 'KZ-71',
        8: 'ngo',
        9: 'active',
        12: '2024-01-01',
      };
      const cells = header.map((_, i) => filled[i] ?? '');
      const dry = await op.agent
        .post('/api/experts/import?dryRun=1')
        .set(withCsrf(op))
        .send({ csv: `${header.join(';')}\r\n${cells.join(';')}\r\n` })
        .expect(200);
      expect([lang, dry.body.errors]).toEqual([lang, []]);
    }
  });
});
