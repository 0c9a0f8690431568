/**
 * Directions, competitions, lots and conflicts of interest over real HTTP: a lot's exclusions list
 * every excluded expert with the exact rule, source and declaration.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, withCsrf, type TestApp, type TestSession } from '../../helpers/app.js';

let t: TestApp;
let op: TestSession;
beforeAll(async () => {
  t = await startTestApp();
  op = await t.loginAs('operator');
});
afterAll(async () => {
  await t.close();
});

const BIN_A = '940140000385';
const BIN_B = '950341000052';
const BIN_C = '961141000023';

function post(path: string, body: object) {
  return op.agent.post(path).set(withCsrf(op)).send(body);
}

function expert(registryNo: string, over: object = {}) {
  return {
    registryNo,
    fullNameRu: `Эксперт ${registryNo}`,
    directions: ['ecology'],
    region: 'KZ-55',
    proposedBy: 'ngo',
    ...over,
  };
}

describe('lots and conflicts of interest', () => {
  let lotId: number;

  it('does create a direction, a competition and a lot with applicants, refusing a bad BIN', async () => {
    await post('/api/directions', {
      code: 'ecology',
      nameKk: 'Экология',
      nameRu: 'Экология',
      nameEn: 'Ecology',
    }).expect(201);
    const dup = await post('/api/directions', {
      code: 'ecology',
      nameKk: 'a',
      nameRu: 'b',
      nameEn: 'c',
    }).expect(409);
    expect(dup.body.error.code).toBe('DIRECTION_TAKEN');
    const comp = await post('/api/competitions', {
      code: 'GG-2026',
      titleKk: 'Гранттар 2026',
      titleRu: 'Гранты 2026',
      year: 2026,
    }).expect(201);
    const lotBody = {
      competitionId: comp.body.id,
      directionCode: 'ecology',
      titleKk: 'Таза өзен',
      titleRu: 'Чистая река',
      applicants: [
        { name: 'ОФ «Таза өзен»', bin: BIN_A },
        { name: 'ОО «Экодом»', bin: BIN_B },
      ],
    };
    const bad = await post('/api/lots', {
      ...lotBody,
      applicants: [{ name: 'X', bin: '123456789012' }],
    }).expect(400);
    expect(bad.body.error.issues).toEqual([
      { path: 'body.applicants.0.bin', message: 'BIN check digit does not match' },
    ]);
    const twice = await post('/api/lots', {
      ...lotBody,
      applicants: [lotBody.applicants[0], lotBody.applicants[0]],
    }).expect(400);
    expect(twice.body.error.issues[0].path).toBe('body.applicants');
    const noComp = await post('/api/lots', { ...lotBody, competitionId: 999 }).expect(400);
    expect(noComp.body.error.code).toBe('COMPETITION_UNKNOWN');
    const lot = await post('/api/lots', lotBody).expect(201);
    lotId = lot.body.id;
    const c = await op.agent.get(`/api/competitions/${comp.body.id}`).expect(200);
    expect(c.body.lots.map((l: { id: number }) => l.id)).toEqual([lotId]);
  });

  it('does list each excluded expert of a lot with its rule, source and declaration', async () => {
    await post('/api/experts', expert('E-1')).expect(201);
    await post(
      '/api/experts',
      expert('E-2', {
        organizations: [{ name: 'ОФ «Таза өзен»', bin: BIN_A, role: 'Руководитель' }],
      })
    ).expect(201);
    await post('/api/experts', expert('E-3')).expect(201);
    await post('/api/experts', expert('E-4', { lastCommissionOn: '2026-02-01' })).expect(201);
    await post('/api/experts', expert('E-5')).expect(201);
    await post('/api/experts', expert('E-6', { directions: ['ecology'] })).expect(201);
    await post('/api/experts/E-5/suspend', { reason: 'по заявлению' }).expect(200);
    const d1 = await post('/api/declarations', {
      registryNo: 'E-3',
      bin: BIN_B,
      kind: 'funded_12m',
      validFrom: '2024-01-01',
      validTo: '2025-06-01',
      source: 'self',
    }).expect(201);
    const d2 = await post('/api/declarations', {
      registryNo: 'E-5',
      bin: BIN_A,
      kind: 'founder',
      validFrom: '2020-01-01',
      source: 'operator',
      note: 'по данным реестра юрлиц',
    }).expect(201);
    // not in force on the date of the check, or about a BIN that is not an applicant
    await post('/api/declarations', {
      registryNo: 'E-1',
      bin: BIN_A,
      kind: 'member',
      validFrom: '2019-01-01',
      validTo: '2020-01-01',
      source: 'self',
    }).expect(201);
    await post('/api/declarations', {
      registryNo: 'E-6',
      bin: BIN_C,
      kind: 'member',
      validFrom: '2019-01-01',
      source: 'self',
    }).expect(201);

    const r = await op.agent
      .get(`/api/lots/${lotId}/exclusions?asOf=2026-03-01&cooldownDays=60`)
      .expect(200);
    expect(r.body).toMatchObject({
      lotId,
      directionCode: 'ecology',
      asOf: '2026-03-01',
      cooldownDays: 60,
      considered: 6,
    });
    expect(r.body.eligible).toEqual(['E-1', 'E-6']);
    expect(r.body.exclusions).toEqual([
      {
        registryNo: 'E-2',
        rule: 'CONFLICT_OF_INTEREST',
        source: 'registry',
        bin: BIN_A,
        kind: 'head',
        detail: `registry lists the expert as "Руководитель" of applicant BIN ${BIN_A}`,
      },
      {
        registryNo: 'E-3',
        rule: 'CONFLICT_OF_INTEREST',
        source: 'self',
        declarationId: d1.body.id,
        bin: BIN_B,
        kind: 'funded_12m',
        detail: `declaration #${d1.body.id} (self): funded_12m of applicant BIN ${BIN_B}, 2024-01-01…2025-06-01`,
      },
      {
        registryNo: 'E-4',
        rule: 'COOLDOWN',
        detail: 'last commission on 2026-02-01, 28 days before 2026-03-01; cooldown 60 days',
      },
      { registryNo: 'E-5', rule: 'STATUS_SUSPENDED', detail: 'status is suspended' },
      {
        registryNo: 'E-5',
        rule: 'CONFLICT_OF_INTEREST',
        source: 'operator',
        declarationId: d2.body.id,
        bin: BIN_A,
        kind: 'founder',
        detail: `declaration #${d2.body.id} (operator): founder of applicant BIN ${BIN_A}, 2020-01-01…open`,
      },
    ]);

    // a year later the funding declaration no longer counts; ending E-5's declaration lifts that conflict
    await op.agent
      .patch(`/api/declarations/${d2.body.id}`)
      .set(withCsrf(op))
      .send({ validTo: '2026-03-01' })
      .expect(200);
    const later = await op.agent.get(`/api/lots/${lotId}/exclusions?asOf=2026-06-02`).expect(200);
    expect(
      later.body.exclusions.map(
        (x: { registryNo: string; rule: string }) => `${x.registryNo} ${x.rule}`
      )
    ).toEqual(['E-2 CONFLICT_OF_INTEREST', 'E-5 STATUS_SUSPENDED']);
  });

  it('does keep conflict kinds as data that operators extend', async () => {
    await post('/api/conflict-kinds', {
      code: 'former_employee',
      labelKk: 'Бұрынғы қызметкер',
      labelRu: 'Бывший сотрудник',
      labelEn: 'Former employee',
      lookbackMonths: 24,
    }).expect(201);
    const kinds = await op.agent.get('/api/conflict-kinds').expect(200);
    expect(kinds.body.map((k: { code: string }) => k.code)).toEqual([
      'member',
      'founder',
      'governing_body',
      'head',
      'funded_12m',
      'relative_of_employee',
      'other',
      'former_employee',
    ]);
    const bad = await post('/api/declarations', {
      registryNo: 'E-1',
      bin: BIN_A,
      kind: 'astrology',
      validFrom: '2025-01-01',
      source: 'self',
    }).expect(400);
    expect(bad.body.error.code).toBe('CONFLICT_KIND_UNKNOWN');
    const period = await post('/api/declarations', {
      registryNo: 'E-1',
      bin: BIN_A,
      kind: 'member',
      validFrom: '2025-01-01',
      validTo: '2024-01-01',
      source: 'self',
    }).expect(400);
    expect(period.body.error.issues[0].path).toBe('body.validTo');
    const hist = await op.agent.get('/api/registry/history?entity=conflict_kind').expect(200);
    expect(hist.body.items[0]).toMatchObject({
      key: 'former_employee',
      action: 'create',
      actor: op.user.username,
    });
  });

  it('does answer 404 for a missing lot and 400 for a bad date', async () => {
    expect((await op.agent.get('/api/lots/999/exclusions').expect(404)).body.error.code).toBe(
      'LOT_NOT_FOUND'
    );
    const bad = await op.agent.get(`/api/lots/${lotId}/exclusions?asOf=2026-02-30`).expect(400);
    expect(bad.body.error.issues[0].path).toBe('query.asOf');
  });
});
