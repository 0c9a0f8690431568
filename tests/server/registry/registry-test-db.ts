/**
 * Test support for registry services: a real SQLite file in a fresh temp folder with all migrations,
 * the real transparency log over it, a movable clock, and a few directions. Not a test file itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../db/connection.js';
import type { ExpertCreate } from '../../../shared/api/registry.js';
import { createDirection } from '../../../server/lots/lots.js';
import {
  createTransparencyLog,
  type TransparencyLog,
} from '../../../server/log/transparency-log.js';

export interface RegistryTestDb {
  db: Db;
  clock: () => Date;
  tlog: TransparencyLog;
  setNow(iso: string): void;
  dir: string;
  close(): void;
}

export function openRegistryTestDb(now = '2026-03-01T09:00:00Z'): RegistryTestDb {
  const dir = mkdtempSync(join(tmpdir(), 'adal-registry-'));
  const db = openDb(join(dir, 'adal.sqlite'));
  let current = new Date(now);
  return {
    db,
    dir,
    tlog: createTransparencyLog(db, dir, 'adal-draw.test/log'),
    clock: () => current,
    setNow: (iso) => {
      current = new Date(iso);
    },
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_DIRECTIONS = [
  {
    code: 'youth',
    nameKk: 'Жастар саясаты',
    nameRu: 'Молодёжная политика',
    nameEn: 'Youth policy',
  },
  { code: 'ecology', nameKk: 'Экология', nameRu: 'Экология', nameEn: 'Ecology' },
  { code: 'culture', nameKk: 'Мәдениет', nameRu: 'Культура', nameEn: 'Culture' },
];

export function addTestDirections(t: RegistryTestDb): void {
  for (const d of TEST_DIRECTIONS) createDirection(t, 'setup', d);
}

export function newExpert(n: number, over: Partial<ExpertCreate> = {}): ExpertCreate {
  return {
    registryNo: `R-${String(n).padStart(4, '0')}`,
    fullNameKk: `Сәрсенов Ерлан ${n}`,
    fullNameRu: `Сарсенов Ерлан ${n}`,
    directions: ['youth'],
    region: 'KZ-71',
    organizations: [],
    languages: ['kk', 'ru'],
    proposedBy: 'ngo',
    ...over,
  };
}
