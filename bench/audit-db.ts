/**
 * The audit bench's database: N draws taken through the real services (registry, lots, draw
 * lifecycle with its transparency-log entries and signed checkpoints) on a real SQLite file, made
 * once and cached under the temp folder (generation takes minutes: every announcement runs the
 * fairness report's 10,000 simulated draws). Each draw: a lot, created, announced (pool of 9 after a
 * conflict-of-interest exclusion), reveals opened and closed, the recorded real quicknet round 123
 * accepted, run, closed — 8 log entries. With `rounds: 'each'` every draw names its own round
 * instead (123 + 1 + i, as real draws do), signed by the bench's generated key of quicknet's scheme
 * (bench/bench-drand.ts): the audit then verifies one BLS signature per draw. Batches of draws share one outer transaction (the services'
 * own transactions nest as savepoints) so generation is not bound by fsyncs; the fairness reports are
 * computed in worker threads (see benchAuditDb).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
import { announceDraw, previewParts, type FairnessInput } from '../server/draws/announce.js';
import { siblingEntry, workerPool } from '../server/workers/pool.js';
import { FAIRNESS_K } from '../shared/draw/fairness.js';
import type { FairnessReport } from '../shared/schemas/feasibility.js';
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

/** Worker threads for the fairness reports: the machine's cores (the bench runs on its own). */
/**
 * K of the bench draws' fairness reports. The server's is FAIRNESS_K = 10,000 (the protocol's
 * default); a report carries its own K (docs/PROTOCOL.md §Fairness report) and only `--fairness`
 * re-simulates it, so the audit benches — which do not — do the same work per draw for any K: the
 * report is data to them (hashed in its entry, compared with its table row, a few bytes longer or
 * shorter). The database whose draws each name their own round uses K = 1,000
 * (BENCH_AUDIT_FAIRNESS_K overrides): with the default, its 10,000 announcements cost ~10 minutes of
 * CPU to make. The folder's name says the K, so no database is taken for one of another K.
 */
const ROUNDS_FAIRNESS_K = Number(process.env.BENCH_AUDIT_FAIRNESS_K ?? 1000);
const FAIRNESS_THREADS = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Makes (or reuses) the database; returns its folder (adal.sqlite + log-signing.key) and key.
 * v2: pool rows in canonical key order (toPoolEntry builds them so since the PoolEntry schema
 * lists its keys canonically); a database made by an older version is made again.
 *
 * Generation is bound by the fairness reports (K = 10,000 simulated draws per announcement, about
 * 60 ms each for the bench's pool of 9 — the report's seeds come from the announcement hash, which
 * names the draw, so no two draws share a report and none can be memoised). They are computed as the
 * server computes them (fairness-pool.ts): in worker threads from the draft's announcement inputs,
 * then handed to announceDraw, which recomputes the announcement hash in its transaction and uses
 * the report only if that hash is the same (else it computes the report itself: the database is the
 * same either way). Batches are pipelined: while the workers compute batch b's reports, the main
 * thread announces, runs and closes batch b − 1.
 */
export async function benchAuditDb(
  draws: number,
  log: (s: string) => void = () => {},
  rounds: 'one' | 'each' = 'one',
  /** the fairness reports' K (see ROUNDS_FAIRNESS_K) */
  k: number = rounds === 'one' ? FAIRNESS_K : ROUNDS_FAIRNESS_K
): Promise<{ dir: string; vkey: string }> {
  const dir = join(
    tmpdir(),
    rounds === 'one'
      ? `adal-bench-audit-v2-${draws}`
      : `adal-bench-audit-rounds-v1-${draws}${k === FAIRNESS_K ? '' : `-k${k}`}`
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
  const roundOf = (i: number) => (rounds === 'one' ? ROUND : ROUND + 1 + i);
  const pool = workerPool<FairnessInput & { k: number }, FairnessReport>(
    siblingEntry(import.meta.url, 'fairness-k.worker'),
    FAIRNESS_THREADS
  );
  let recomputed = 0;

  /** Lots and drafts of draws [start, end), and their reports started in the workers. */
  const begin = (start: number, end: number) => {
    now = BEFORE_ROUND.getTime();
    const ids: string[] = [];
    db.transaction(() => {
      for (let i = start; i < end; i++) {
        const lot = createLot(ctx, 'bench', {
          competitionId,
          directionCode: 'youth',
          titleKk: `Лот ${i}`,
          titleRu: `Лот ${i}`,
          applicants: [{ name: 'ОФ «Жас Қанат»', bin: APPLICANT_BIN }],
        });
        const draft = baseDraft({
          entropy: {
            drand: { chain: 'quicknet', chainHash: DRAND_CHAINS.quicknet.hash, round: roundOf(i) },
            publicSources: [],
          },
        });
        ids.push(createDraw(ctx, 'operator', { lotId: lot.id, draft }).id);
      }
    })();
    return ids.map((id) => {
      const input = previewParts({ db, clock: ctx.clock, hasher: ctx.tlog!.hasher }, id).fairness;
      if (!input) throw new Error(`bench draw ${id} is not feasible`);
      return { id, hash: input.hash, report: pool.run({ ...input, k }) };
    });
  };

  /** Announces (with the worker's report), runs and closes the draws begun from index start. */
  const finish = async (
    start: number,
    begun: { id: string; hash: string; report: Promise<FairnessReport> }[]
  ) => {
    const reports = await Promise.all(begun.map((b) => b.report));
    db.transaction(() => {
      begun.forEach(({ id, hash }, j) => {
        const round = roundOf(start + j);
        now = BEFORE_ROUND.getTime();
        const a = announceDraw(ctx, 'operator', id, { hash, fairness: reports[j]! });
        if (a.announcementHash !== hash) recomputed += 1;
        openReveals(ctx, 'operator', id);
        closeReveals(ctx, 'operator', id);
        now =
          rounds === 'one' ? AFTER_ROUND.getTime() : roundTime('quicknet', round) * 1000 + 60_000;
        acceptBeacon(ctx, null, id, rounds === 'one' ? beacon : benchRound(round), 'pasted');
        runDrawNow(ctx, 'operator', id);
        closeDraw(ctx, 'operator', id);
      });
    })();
    log(`  generated ${start + begun.length} of ${draws} draws`);
  };

  const batch = 100;
  try {
    let pending: { start: number; begun: ReturnType<typeof begin> } | null = null;
    for (let start = 0; start < draws; start += batch) {
      const begun = begin(start, Math.min(draws, start + batch));
      if (pending) await finish(pending.start, pending.begun);
      pending = { start, begun };
    }
    if (pending) await finish(pending.start, pending.begun);
  } finally {
    await pool.close();
  }
  if (recomputed > 0) log(`  (${recomputed} reports recomputed in the transaction)`);
  const vkey = ctx.tlog!.vkey;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(tmp, dir);
  // written last: its presence marks a complete database
  writeFileSync(vkeyFile, vkey + '\n');
  return { dir, vkey };
}
