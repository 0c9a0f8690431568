import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createExpert } from '../../../server/registry/experts.js';
import {
  addTestDirections,
  newExpert,
  openRegistryTestDb,
  type RegistryTestDb,
} from '../../server/registry/registry-test-db.js';

let t: RegistryTestDb;
beforeEach(() => {
  t = openRegistryTestDb();
  addTestDirections(t);
});
afterEach(() => t.close());

describe('registry tables', () => {
  it('does refuse to delete an expert, so a registry number is never reused', () => {
    createExpert(t, 'op', newExpert(1));
    expect(() => t.db.prepare("DELETE FROM experts WHERE registry_no = 'R-0001'").run()).toThrow(
      /never deleted/
    );
    expect(t.db.prepare('SELECT count(*) AS n FROM experts').get()).toEqual({ n: 1 });
  });

  it('does keep history append-only', () => {
    createExpert(t, 'op', newExpert(1));
    expect(() => t.db.prepare("UPDATE registry_history SET actor = 'mallory'").run()).toThrow(
      /append-only/
    );
    expect(() => t.db.prepare('DELETE FROM registry_history').run()).toThrow(/append-only/);
  });

  it('does seed the conflict kinds of the operator FAQ with labels in three languages', () => {
    const kinds = t.db
      .prepare('SELECT code, label_kk, label_ru, label_en, lookback_months FROM conflict_kinds')
      .all() as {
      code: string;
      label_kk: string;
      lookback_months: number;
    }[];
    expect(kinds.map((k) => k.code)).toEqual([
      'member',
      'founder',
      'governing_body',
      'head',
      'funded_12m',
      'relative_of_employee',
      'other',
    ]);
    expect(kinds.find((k) => k.code === 'funded_12m')?.lookback_months).toBe(12);
    for (const k of kinds) expect(k.label_kk.length).toBeGreaterThan(2);
  });

  it('does refuse a declaration that ends before it starts or names an unknown kind', () => {
    createExpert(t, 'op', newExpert(1));
    const ins = t.db.prepare(
      "INSERT INTO declarations (registry_no, bin, kind, valid_from, valid_to, source) VALUES ('R-0001', '940140000385', ?, ?, ?, 'self')"
    );
    expect(() => ins.run('member', '2025-02-01', '2025-01-01')).toThrow(/CHECK/);
    expect(() => ins.run('astrology', '2025-01-01', null)).toThrow(/FOREIGN KEY/);
  });
});
