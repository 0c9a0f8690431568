/**
 * The audit bench's database: N draws taken through the real services (registry, lots, draw
 * lifecycle with its transparency-log entries and signed checkpoints) on a real SQLite file, made
 * once and cached under the temp folder (generation takes minutes: every announcement runs the
 * fairness report's 10,000 simulated draws). Each draw: a lot, created, announced (pool of 9 after a
 * conflict-of-interest exclusion), reveals opened and closed, the recorded real quicknet round 123
 * accepted, run, closed — 8 log entries. With `rounds: 'each'` every draw names its own round
 * instead (123 + 1 + i, as real draws do), signed by the bench's generated key of quicknet's scheme
 * (bench/bench-drand.ts): the audit then verifies one BLS signature per draw. Batches of draws share one outer transaction (the services'
 * own transactions nest as savepoints) so generation is not bound by fsyncs.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/connection.js';
import { verifyBeacon } from '../shared/drand.js';
import { DRAND_CHAINS, roundTime } from '../shared/drand-chains.js';
import { benchRound } from './bench-drand.js';
import type { AppContext } from '../server/context.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { createTransparencyLog } from '../server/log/transparency-log.js';
import { createExpert } from '../server/registry/experts.js';
import { createCompetition, createDirection, createLot } from '../server/lots/lots.js';
import { createDraw } from '../server/draws/draft.js';
import { announceDraw } from '../server/draws/announce.js';
import { closeReveals, openReveals } from '../server/draws/reveals.js';
import { acceptBeacon } from '../server/draws/entropy.js';
import { closeDraw, runDrawNow } from '../server/draws/run.js';
import {
  AFTER_ROUND,
  APPLICANT_BIN,
  BEFORE_ROUND,
  ROUND,
  baseDraft,
  testBin,
} from '../tests/helpers/draws.js';

export const AUDIT_ORIGIN = 'bench.example/log';

function recordedRound() {
  const file = JSON.parse(
    readFileSync(new URL('../tests/fixtures/drand/quicknet.json', import.meta.url), 'utf8')
  ) as { rounds: { round: number; signature: string }[] };
  const r = file.rounds.find((x) => x.round === ROUND)!;
  return verifyBeacon({ chain: 'quicknet', round: ROUND, signature: r.signature }).beacon;
}

function seedRegistry(ctx: AppContext): number {
  createDirection(ctx, 'bench', {
    code: 'youth',
    nameKk: 'Жастар',
    nameRu: 'Молодёжь',
    nameEn: 'Youth',
  });
  const c = createCompetition(ctx, 'bench', {
    code: 'GR-2023',
    titleKk: 'Гранттар',
    titleRu: 'Гранты',
    year: 2023,
  });
  for (let n = 1; n <= 10; n++)
    createExpert(ctx, 'bench', {
      registryNo: `R-${String(n).padStart(4, '0')}`,
      fullNameKk: `Сарапшы ${n}`,
      fullNameRu: `Эксперт ${n}`,
      directions: ['youth'],
      region: 'KZ-71',
      languages: ['kk', 'ru'],
      proposedBy: n % 3 === 0 ? 'operator' : 'ngo',
      organizations: [
        n === 5
          ? { name: 'ОФ «Жас Қанат»', bin: APPLICANT_BIN, role: 'head' }
          : { name: `ОО «Ұйым ${n % 4}»`, bin: testBin(`0${n % 4}0540`), role: 'member' },
      ],
    });
  return c.id;
}

/**
 * Makes (or reuses) the database; returns its folder (adal.sqlite + log-signing.key) and key.
 * v2: pool rows in canonical key order (toPoolEntry builds them so since the PoolEntry schema
 * lists its keys canonically); a database made by an older version is made again.
 */
export function benchAuditDb(
  draws: number,
  log: (s: string) => void = () => {},
  rounds: 'one' | 'each' = 'one'
): { dir: string; vkey: string } {
  const dir = join(
    tmpdir(),
    rounds === 'one' ? `adal-bench-audit-v2-${draws}` : `adal-bench-audit-rounds-v1-${draws}`
  );
  const vkeyFile = join(dir, 'vkey.txt');
  if (existsSync(vkeyFile)) return { dir, vkey: readFileSync(vkeyFile, 'utf8').trim() };
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const db = openDb(join(tmp, 'adal.sqlite'));
  let now = BEFORE_ROUND.getTime();
  const ctx: AppContext = {
    db,
    config: loadConfig({ DATA_DIR: tmp, DEMO: '0', LOG_LEVEL: 'silent', LOG_ORIGIN: AUDIT_ORIGIN }),
    log: createLogger('silent'),
    clock: () => new Date(now),
    tlog: createTransparencyLog(db, tmp, AUDIT_ORIGIN),
  };
  const competitionId = seedRegistry(ctx);
  const beacon = recordedRound();
  const batch = 100;
  for (let start = 0; start < draws; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(draws, start + batch); i++) {
        now = BEFORE_ROUND.getTime();
        const lot = createLot(ctx, 'bench', {
          competitionId,
          directionCode: 'youth',
          titleKk: `Лот ${i}`,
          titleRu: `Лот ${i}`,
          applicants: [{ name: 'ОФ «Жас Қанат»', bin: APPLICANT_BIN }],
        });
        const round = rounds === 'one' ? ROUND : ROUND + 1 + i;
        const draft = baseDraft({
          entropy: {
            drand: { chain: 'quicknet', chainHash: DRAND_CHAINS.quicknet.hash, round },
            publicSources: [],
          },
        });
        const id = createDraw(ctx, 'operator', { lotId: lot.id, draft }).id;
        announceDraw(ctx, 'operator', id);
        openReveals(ctx, 'operator', id);
        closeReveals(ctx, 'operator', id);
        now =
          rounds === 'one' ? AFTER_ROUND.getTime() : roundTime('quicknet', round) * 1000 + 60_000;
        acceptBeacon(ctx, null, id, rounds === 'one' ? beacon : benchRound(round), 'pasted');
        runDrawNow(ctx, 'operator', id);
        closeDraw(ctx, 'operator', id);
      }
    })();
    log(`  generated ${Math.min(draws, start + batch)} of ${draws} draws`);
  }
  const vkey = ctx.tlog!.vkey;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(tmp, dir);
  // written last: its presence marks a complete database
  writeFileSync(vkeyFile, vkey + '\n');
  return { dir, vkey };
}
