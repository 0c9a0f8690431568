import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { countExperts, allExperts } from '../../../db/repos/experts.repo.js';
import { listHistory } from '../../../db/repos/history.repo.js';
import { createExpert, getExpert } from '../../../server/registry/experts.js';
import { detectDelimiter } from '../../../server/registry/csv-read.js';
import {
  checkExpertsCsv,
  exportExpertsCsv,
  importExpertsCsv,
} from '../../../server/registry/csv.js';
import {
  addTestDirections,
  newExpert,
  openRegistryTestDb,
  type RegistryTestDb,
} from './registry-test-db.js';
import { registryCsv } from './csv-gen.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/registry/${name}`, import.meta.url), 'utf8');

let t: RegistryTestDb;
beforeEach(() => {
  t = openRegistryTestDb();
  addTestDirections(t);
});
afterEach(() => t.close());

function historyCount(): number {
  return listHistory(t.db, { entity: 'expert' }, { limit: 1, offset: 0 }).total;
}

describe('registry CSV import', () => {
  it('does import a Russian-header file with BOM and ";" reading names, dates and lists', () => {
    const r = importExpertsCsv(t, 'op', fixture('small-ru.csv'));
    expect(r).toMatchObject({ rows: 2, imported: 2, created: 2, updated: 0, errors: [] });
    expect(getExpert(t.db, 'R-0101')).toEqual({
      registryNo: 'R-0101',
      fullNameKk: 'Әбдірахманова Дана Қайратқызы',
      fullNameRu: 'Абдрахманова Дана Кайратовна',
      directions: ['youth', 'ecology'],
      region: 'KZ-10',
      organizations: [
        { name: 'ОФ «Жастар; Абай»', bin: '940140000385', role: 'член правления' },
        { name: 'Университет', role: 'преподаватель' },
      ],
      gender: 'female',
      languages: ['kk', 'ru'],
      proposedBy: 'ngo',
      status: 'active',
      includedOn: '2021-03-15',
      iin: '791028302728',
      phone: '+7 701 000 00 01',
      email: 'dana@example.kz',
    });
    expect(getExpert(t.db, 'R-0102')).toMatchObject({
      region: 'KZ-75',
      proposedBy: 'operator',
      status: 'suspended',
      statusReason: 'по личному заявлению',
      statusDate: '2026-03-01',
    });
  });

  it('does import a Kazakh-header file with "," and no BOM', () => {
    const r = importExpertsCsv(t, 'op', fixture('kk-comma.csv'));
    expect(r.errors).toEqual([]);
    expect(getExpert(t.db, 'R-0201')).toMatchObject({
      directions: ['youth', 'culture'],
      region: 'KZ-62',
      gender: 'male',
      languages: ['kk', 'ru'],
      organizations: [{ name: '«Ұлытау жастары» ҚБ', bin: '950341000052', role: 'head' }],
    });
  });

  it('does import 1,000 rows with BOM and ";" in one go', () => {
    const progress: number[] = [];
    const r = importExpertsCsv(t, 'op', registryCsv(1000), {
      onProgress: (p) => p.phase === 'write' && progress.push(p.done),
    });
    expect(r).toMatchObject({ rows: 1000, imported: 1000, created: 1000, errors: [] });
    expect(countExperts(t.db)).toBe(1000);
    expect(historyCount()).toBe(1000);
    expect(progress).toEqual([500, 1000]);
  });

  it('when 3 rows are bad, does reject the whole file with 3 precise errors and write nothing', () => {
    const r = importExpertsCsv(t, 'op', fixture('three-bad-rows.csv'));
    expect(r.imported).toBe(0);
    expect(r.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 3, column: 'Организации', code: 'BIN_INVALID' },
      { row: 5, column: 'Регион', code: 'REGION_UNKNOWN' },
      { row: 7, column: 'Дата включения', code: 'DATE_INVALID' },
    ]);
    expect(r.errors[0]!.problem).toBe('0.bin: BIN check digit does not match');
    expect(r.errors[1]!.problem).toBe('unknown region "Нарния"');
    expect(r.errors[2]!.problem).toBe('not a calendar date');
    expect(countExperts(t.db)).toBe(0);
    expect(historyCount()).toBe(0);
  });

  it('when dry-run, does report what would happen and write nothing', () => {
    createExpert(t, 'op', newExpert(101, { registryNo: 'R-0101' }));
    const r = checkExpertsCsv(t, fixture('small-ru.csv'));
    expect(r).toMatchObject({
      dryRun: true,
      rows: 2,
      imported: 0,
      created: 1,
      updated: 1,
      errors: [],
    });
    expect(r.preview!.map((p) => [p.registryNo, p.action])).toEqual([
      ['R-0101', 'update'],
      ['R-0102', 'create'],
    ]);
    expect(r.preview![0]!.name).toBe('Абдрахманова Дана Кайратовна');
    expect(r.preview![0]!.fields.length).toBeGreaterThan(0);
    expect(r.preview![0]!.fields).not.toContain('registryNo');
    expect(r.preview![1]!.fields).toEqual(expect.arrayContaining(['fullNameRu', 'status']));
    expect(countExperts(t.db)).toBe(1);
    expect(historyCount()).toBe(1);
  });

  it('does update existing experts with history, keep columns the file lacks and skip unchanged rows', () => {
    createExpert(
      t,
      'op',
      newExpert(201, {
        registryNo: 'R-0201',
        phone: '+7 777 000 00 00',
        fullNameRu: 'Серикбаев Нурлан',
      })
    );
    const r1 = importExpertsCsv(t, 'op.import', fixture('kk-comma.csv'));
    expect(r1).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const e = getExpert(t.db, 'R-0201');
    expect(e.phone).toBe('+7 777 000 00 00');
    expect(e.fullNameRu).toBe('Серикбаев Нурлан');
    expect(e.region).toBe('KZ-62');
    const h = listHistory(t.db, { entity: 'expert', key: 'R-0201' }, { limit: 5, offset: 0 }).items;
    expect(h.map((x) => [x.action, x.actor])).toEqual([
      ['import-update', 'op.import'],
      ['create', 'op'],
    ]);
    const r2 = importExpertsCsv(t, 'op.import', fixture('kk-comma.csv'));
    expect(r2).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
    expect(historyCount()).toBe(2);
  });

  it('does report header, syntax and duplicate problems with their row and column', () => {
    const header = importExpertsCsv(
      t,
      'op',
      'registry_no;Фамилия;region;region\nR-1;x;KZ-71;KZ-71\n'
    );
    expect(header.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'Фамилия', 'COLUMN_UNKNOWN'],
      [1, 'region', 'COLUMN_REPEATED'],
    ]);
    const syntax = importExpertsCsv(t, 'op', 'registry_no;full_name_ru\nR-1;"unclosed\n');
    expect(syntax.errors.map((e) => [e.row, e.code])).toEqual([[2, 'CSV_SYNTAX']]);
    const dup = importExpertsCsv(
      t,
      'op',
      'registry_no;full_name_ru;directions;region;proposed_by\nR-1;А;youth;KZ-71;ngo\n\nR-1;Б;youth;KZ-71;ngo\nR-2;В;;KZ-71;ngo\n'
    );
    expect(dup.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, 'registry_no', 'ROW_REPEATED'],
      [5, 'directions', 'REQUIRED'],
    ]);
    expect(importExpertsCsv(t, 'op', '').errors.map((e) => e.code)).toEqual(['CSV_EMPTY']);
    expect(
      importExpertsCsv(t, 'op', 'registry_no\nR-\uFFFD1\n').errors.map((e) => [e.row, e.code])
    ).toEqual([[2, 'CSV_NOT_UTF8']]);
    expect(countExperts(t.db)).toBe(0);
  });

  it('does give each problem a stable code with params that pages render from the catalogue', () => {
    const r = checkExpertsCsv(
      t,
      'registry_no;full_name_ru;directions;region;proposed_by;region\n' +
        'R-1;А;youth;KZ-71;ngo\nR-1;Б;youth;KZ-71;ngo\nR-2;;youth;KZ-99;ngo\n'
    );
    expect(r.errors.map((e) => [e.row, e.code, e.params])).toEqual([
      [1, 'COLUMN_REPEATED', { first: 'region' }],
    ]);
    const rows = checkExpertsCsv(
      t,
      'registry_no;full_name_ru;directions;region;proposed_by\n' +
        'R-1;А;youth;KZ-71;ngo\nR-1;Б;youth;KZ-71;ngo\nR-2;В;youth;KZ-99;ngo;x\nR-3;;youth;KZ-71;ngo\n'
    );
    expect(rows.errors.map((e) => [e.row, e.code, e.params])).toEqual([
      [3, 'ROW_REPEATED', { no: 'R-1', row: 2 }],
      [4, 'ROW_TOO_LONG', { cells: 6, columns: 5 }],
      [4, 'REGION_UNKNOWN', { value: 'KZ-99' }],
      [5, 'NAME_MISSING', undefined],
    ]);
  });

  it('does pick the delimiter the header line uses, ignoring quoted text', () => {
    expect(detectDelimiter('a;b;c\n1,2,3,4')).toBe(';');
    expect(detectDelimiter('a,b,"c;d;e"\n')).toBe(',');
    expect(detectDelimiter('single')).toBe(';');
  });
});

describe('registry CSV export', () => {
  it('does write BOM, ";" and CRLF, guard formulas, and re-import to the same records', () => {
    importExpertsCsv(t, 'op', fixture('small-ru.csv'));
    const csv = exportExpertsCsv(allExperts(t.db), { personal: true, lang: 'ru' });
    expect(csv.startsWith('\uFEFFРеестровый номер;')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(csv).toContain(";'+7 701 000 00 01;");
    const before = allExperts(t.db);
    const t2 = openRegistryTestDb();
    try {
      addTestDirections(t2);
      expect(importExpertsCsv(t2, 'op', csv).errors).toEqual([]);
      expect(allExperts(t2.db)).toEqual(before);
    } finally {
      t2.close();
    }
  });

  it('does leave personal data and status reasons out unless asked', () => {
    importExpertsCsv(t, 'op', fixture('small-ru.csv'));
    const csv = exportExpertsCsv(allExperts(t.db), { personal: false });
    const rows = parse(csv, { bom: true, delimiter: ';' }) as string[][];
    expect(rows[0]).not.toContain('iin');
    expect(rows[0]).not.toContain('status_reason');
    expect(csv).not.toMatch(/791028302728|701 000|example\.kz|личному/);
    expect(rows).toHaveLength(3);
  });
});
