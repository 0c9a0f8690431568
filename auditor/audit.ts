/**
 * The full audit (docs/PROTOCOL.md §Audit), the engine of `adal audit`:
 *   1. the log: every entry's leaf rebuilt into the tree, every stored checkpoint's signature and root
 *      at its size (auditor/stored-log.ts for a database; the same checks for a server's
 *      public log API, where only the latest checkpoint is fetched unless asked for all);
 *   2. every draw: a bundle assembled from its entries against the latest checkpoint, checked by the
 *      checks of verifyBundle in the audit's own context (auditor/draw-verifier.ts: the known tree,
 *      so inclusion is a leaf lookup, not a proof walk, and one memo per thread that shares
 *      checkpoint and beacon verifications);
 *   3. for a database, the draw tables against the verified entries (draw-tables.ts);
 *   4. the registry replayed from the log, every announced pool re-derived from it, and the
 *      registry tables compared with it (registry-audit.ts).
 * The first inconsistency is reported with its code and the log index of the entry concerned (or the
 * tree size of a checkpoint). The data is hostile: bad data is a problem to report, never a crash.
 * SHA-256 is node:crypto's throughout (auditor/node-crypto.ts nodeHasher).
 */
import { ceremonyTableChecker } from './ceremony-tables.js';
import type { VerificationErrorCode } from '../shared/errors.js';
import type { Hasher } from '../shared/hash.js';
import type { MerkleTree } from '../shared/merkle-tree.js';
import type { LogEntry } from '../shared/schemas/log.js';
import { parseVerifierKey } from '../shared/note.js';
import type { Db } from '../db/connection.js';
import {
  entryCount,
  findCheckpointCovering,
  iterateDataOfType,
  iterateEntriesAbout,
  iterateOtherEntries,
  latestCheckpoint,
  subjectIds,
} from '../db/repos/log.repo.js';
import {
  checkCheckpoints,
  checkCoverage,
  checkEntries,
  firstFound,
  loadTree,
  type Found,
  type LogProblemCode,
} from './stored-log.js';
import { drawTableChecker, unloggedDraws, type TableProblem } from './draw-tables.js';
import { auditRegistry, type RegistryEntryCheck, type RegistryProblem } from './registry-audit.js';
import {
  createVerificationMemo,
  drawVerifier,
  rebuiltTree,
  storedTree,
  verifyDraw,
  type VerificationMemo,
} from './draw-verifier.js';
import { nodeHasher } from './node-crypto.js';
import { prefetchBeacons } from './beacon-prefetch.js';
import type { BeaconVerifyOptions } from '../shared/drand.js';

export interface AuditProblem {
  code:
    | LogProblemCode
    | TableProblem['code']
    | RegistryProblem['code']
    | VerificationErrorCode
    | 'LOG_CHECKPOINT_ROLLBACK'
    | 'LOG_CHECKPOINT_INCONSISTENT';
  message: string;
  /** the log entry concerned */
  index?: number;
  /** the checkpoint concerned (its tree size) */
  size?: number;
  drawId?: string;
  table?: string;
  /** a registry table's row (registry-tables.ts) */
  key?: string;
  column?: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  draws: number;
  problem?: AuditProblem;
  /** the size of a kept checkpoint the log was found to still hold (audit --since-checkpoint) */
  sinceHeld?: number;
}

/** What the log part hands over: the rebuilt tree, the latest checkpoint and the draw entries. */
export interface AuditedLog {
  vkey: string;
  origin: string;
  tree: MerkleTree;
  checkpoints: number;
  latest: { size: number; note: string };
  /** every entry whose subject is a draw, in log order */
  drawEntries: Iterable<{ index: number; drawId: string; entry: LogEntry }>;
  /** the note of the first checkpoint holding entry `index`, when the audit verified it */
  firstCovering?: (index: number) => string | undefined;
}

export interface DrawAuditOptions {
  checkFairness?: boolean;
  /**
   * For benchmarks only (bench/audit-db.ts): verify drand rounds with this key instead of the pinned
   * one. No command sets it; `adal` trusts the pinned chains only.
   */
  drand?: BeaconVerifyOptions;
}

function groupByDraw(entries: AuditedLog['drawEntries']) {
  const byDraw = new Map<string, { index: number; entry: LogEntry }[]>();
  for (const { index, drawId, entry } of entries) {
    let list = byDraw.get(drawId);
    if (!list) byDraw.set(drawId, (list = []));
    list.push({ index, entry });
  }
  return byDraw;
}

/** Step 2 of a server's audit (audit-remote.ts): every draw re-verified from its entries. */
export function auditDraws(
  log: AuditedLog,
  opts: DrawAuditOptions & { hasher: Hasher }
): AuditReport {
  const base = { entries: log.tree.size, checkpoints: log.checkpoints };
  const byDraw = groupByDraw(log.drawEntries);
  const memo = createVerificationMemo();
  prefetchBeacons(
    [...byDraw.values()].flatMap((es) =>
      es.filter((e) => e.entry.type === 'draw.beacon').map((e) => e.entry.data)
    ),
    memo.beacons,
    opts.drand
  );
  const v = drawVerifier(log, rebuiltTree(log.tree), {
    hasher: opts.hasher,
    memo,
    checkFairness: opts.checkFairness,
    drand: opts.drand,
    firstCovering: log.firstCovering,
  });
  let draws = 0;
  for (const [drawId, entries] of byDraw) {
    const problem = verifyDraw(v, drawId, entries);
    if (problem) return { ok: false, ...base, draws, problem };
    draws++;
  }
  return { ok: true, ...base, draws };
}

/**
 * One shard of a database audit (audit-parallel.ts runs several at once, each on its own
 * connection; auditDatabase runs one that covers everything). A shard checks:
 *   - the non-draw entries with indices in [entries.from, entries.to), but for the registry entries
 *     (`registry.…`), which the registry's replay reads anyway and checks (all of them, in the one
 *     shard that replays it),
 *   - every entry of the draws with ids in [draws.from, draws.to] (byte order, as SQLite sorts), and
 *     then each such draw whose entries were all good — re-verified and its table rows compared,
 *   - the stored checkpoints of sizes checkpoints.from..to, against the tree rebuilt from every
 *     stored leaf hash (built once per thread, and only by a thread that runs such a shard: the
 *     draws need no tree, see storedTree).
 * Every row of the log is in exactly one shard's selection, every checkpoint in exactly one
 * shard's range, and some shard's range starts at 0 (it reports a gap in the rows, if any).
 * Problems carry their place (stored-log.ts's Found) so the caller can pick the first over all shards:
 * log problems by place, then draw problems by the log index of the draw's first entry (the order
 * a sequential audit meets them).
 */
export interface ShardPlan {
  entries: { from: number; to: number } | null;
  draws: { from: string; to: string } | null;
  checkpoints: { from: number; to: number } | null;
  /** replay the registry and check its entries (one pass over the whole log in order: one shard has it) */
  registry: boolean;
}

export interface ShardOptions {
  vkey: string;
  checkFairness?: boolean;
  envelopes?: boolean;
  /** for benchmarks only: see DrawAuditOptions.drand */
  drand?: BeaconVerifyOptions;
}

export interface ShardReport {
  /** the first log problem by place */
  log?: Found;
  /** the first draw problem by the draw's first entry index, as `at` */
  draw?: { problem: AuditProblem; at: number };
  /** the registry's first problem (the shard that replayed it) */
  registry?: AuditProblem;
  /** the rebuilt tree's size (a shard that checked checkpoints; up to a gap, if any) */
  entries?: number;
  checkpoints: number;
  draws: number;
}

/**
 * What one thread keeps across the shards it runs: the tree rebuilt from the stored leaf hashes
 * (with the gap, if any), loaded when a checkpoint shard first needs it, the verification memo
 * (one BLS check per distinct beacon round) and the thread's Hasher.
 */
export interface ShardContext {
  tree?: { tree: MerkleTree; gap?: Found };
  memo: VerificationMemo;
  hasher: Hasher;
}

export function shardContext(): ShardContext {
  return { memo: createVerificationMemo(), hasher: nodeHasher() };
}

export function auditShard(
  db: Db,
  plan: ShardPlan,
  opts: ShardOptions,
  ctx: ShardContext = shardContext()
): ShardReport {
  const envelopes = opts.envelopes ?? true;
  const report: ShardReport = { checkpoints: 0, draws: 0 };
  let fromTree: Found | undefined;
  let checkpointLog: Found | undefined;
  if (plan.checkpoints) {
    ctx.tree ??= loadTree(db, ctx.hasher);
    const { tree, gap } = ctx.tree;
    const checked = checkCheckpoints(db, tree, plan.checkpoints, {
      vkey: opts.vkey,
      hasher: ctx.hasher,
      drand: opts.drand,
    });
    report.entries = tree.size;
    report.checkpoints = checked.count;
    fromTree = gap;
    checkpointLog = checked.found;
  }
  const others = plan.entries
    ? checkEntries(iterateOtherEntries(db, 'draw', plan.entries.from, plan.entries.to), {
        envelopes,
        hasher: ctx.hasher,
      })
    : undefined;
  const latest = latestCheckpoint(db);
  let drawLog: Found | undefined;
  if (plan.draws && latest) {
    // the shard's drand rounds in batches first (beacon-prefetch.ts); check 8 finds them verified
    prefetchBeacons(
      iterateDataOfType(db, 'draw', 'draw.beacon', plan.draws.from, plan.draws.to),
      ctx.memo.beacons,
      opts.drand
    );
    const leaves = new Map<number, Uint8Array>();
    const v = drawVerifier(
      { vkey: opts.vkey, origin: parseVerifierKey(opts.vkey).name, latest },
      storedTree(latest, leaves),
      {
        hasher: ctx.hasher,
        memo: ctx.memo,
        checkFairness: opts.checkFairness,
        drand: opts.drand,
        // draws are verified in id order, as the checker reads the tables
        checkTables: drawTableChecker(db, plan.draws.from, plan.draws.to),
        checkCeremonyTables: ceremonyTableChecker(db),
        envelopesChecked: envelopes,
        // every stored checkpoint is checked by some shard (its time line included)
        firstCovering: (index) => findCheckpointCovering(db, index)?.note,
      }
    );
    // Rows come grouped by draw (ORDER BY subject_id, idx); a draw is verified once its group ends.
    let current:
      { drawId: string; entries: { index: number; entry: LogEntry }[]; bad: boolean } | undefined;
    const start = (drawId: string) => {
      finish();
      leaves.clear();
      current = { drawId, entries: [], bad: false };
      return current;
    };
    const finish = () => {
      if (!current || current.bad) return;
      const first = current.entries[0]!.index;
      if (report.draw && report.draw.at < first) return; // an earlier draw already failed
      const problem = verifyDraw(v, current.drawId, current.entries);
      if (problem) report.draw = { problem, at: first };
      else report.draws++;
    };
    try {
      drawLog = checkEntries(iterateEntriesAbout(db, 'draw', plan.draws.from, plan.draws.to), {
        envelopes,
        hasher: ctx.hasher,
        onEntry: (e, entry) => {
          const draw = current?.drawId === e.subjectId ? current : start(e.subjectId);
          draw.entries.push({ index: e.index, entry });
          // checkEntry checked this stored leaf hash against the stored bytes
          leaves.set(e.index, e.leafHash);
          // and found those bytes to be this object's canonical text, so it is the object's leaf hash
          if (envelopes) v.memo.entryLeaves.set(entry, e.leafHash);
        },
        onBad: (e) => {
          const draw = current?.drawId === e.subjectId ? current : start(e.subjectId);
          draw.bad = true;
        },
      });
      finish();
    } finally {
      v.checkTables?.close();
    }
  }
  // the registry's replay reads the registry entries and checks them (no other selection has them)
  const registryCheck: RegistryEntryCheck = { envelopes, hasher: ctx.hasher };
  if (plan.registry) report.registry = auditRegistry(db, registryCheck);
  report.log = firstFound(fromTree, checkpointLog, others, drawLog, registryCheck.found);
  return report;
}

/** The shards' reports as one audit report (the first problem over all of them). */
export function mergeShards(
  db: Db,
  reports: ShardReport[],
  drawIds: ReadonlySet<string>
): AuditReport {
  const entries = reports.find((r) => r.entries !== undefined)?.entries;
  if (entries === undefined) throw new Error('audit: no shard checked the checkpoints');
  const checkpoints = reports.reduce((n, r) => n + r.checkpoints, 0);
  const draws = reports.reduce((n, r) => n + r.draws, 0);
  const base = { entries, checkpoints };
  const logProblem = firstFound(
    ...reports.map((r) => r.log),
    reports.some((r) => r.log?.problem.code === 'LOG_ENTRY_GAP')
      ? undefined
      : checkCoverage(db, entries)
  );
  if (logProblem) return { ok: false, ...base, draws: 0, problem: logProblem.problem };
  const drawProblem = reports
    .map((r) => r.draw)
    .reduce((a, b) => (b && (!a || b.at < a.at) ? b : a), undefined);
  if (drawProblem) return { ok: false, ...base, draws, problem: drawProblem.problem };
  const registry = reports.find((r) => r.registry)?.registry;
  if (registry) return { ok: false, ...base, draws, problem: registry };
  const unlogged = unloggedDraws(db, drawIds);
  if (unlogged) return { ok: false, ...base, draws, problem: unlogged };
  return { ok: true, ...base, draws };
}

/**
 * Plans that split the log's rows and draws over `dataShards` shards of decreasing size, and its
 * checkpoints evenly over `checkpointShards` other ones (each of which needs the rebuilt tree, so
 * there are few), listed first after the registry's replay: they are the longest, and threads take
 * shards in list order. With one shard of each, all are merged into the one plan of a sequential
 * audit.
 */
export function planShards(
  db: Db,
  dataShards: number,
  checkpointShards = 1
): { plans: ShardPlan[]; drawIds: string[] } {
  const n = entryCount(db);
  const c = latestCheckpoint(db)?.size ?? 0;
  const ids = subjectIds(db, 'draw');
  const cut = (total: number, k: number, of: number) => Math.floor((total * k) / of);
  // the registry's replay reads the whole log in order: one shard of its own, listed first
  const plans: ShardPlan[] = [{ entries: null, draws: null, checkpoints: null, registry: true }];
  for (let k = 0; k < checkpointShards; k++)
    plans.push({
      entries: null,
      draws: null,
      registry: false,
      checkpoints: {
        from: k === 0 ? 0 : cut(c, k, checkpointShards) + 1,
        to: k === checkpointShards - 1 ? Number.MAX_SAFE_INTEGER : cut(c, k + 1, checkpointShards),
      },
    });
  // Data shards shrink along the list (sizes D, D − 1, …, 1 in proportion): threads take them in
  // list order, so the last ones, which decide when the slowest thread ends, are the smallest.
  const D = dataShards;
  const before = (k: number) => k * D - (k * (k - 1)) / 2; // the sizes of shards 0..k−1
  const dataCut = (total: number, k: number) => cut(total, before(k), before(D));
  for (let k = 0; k < dataShards; k++) {
    const d0 = dataCut(ids.length, k);
    const d1 = dataCut(ids.length, k + 1);
    plans.push({
      entries: {
        from: k === 0 ? 0 : dataCut(n, k),
        to: k === dataShards - 1 ? Number.MAX_SAFE_INTEGER : dataCut(n, k + 1),
      },
      draws: d1 > d0 ? { from: ids[d0]!, to: ids[d1 - 1]! } : null,
      checkpoints: null,
      registry: false,
    });
  }
  if (dataShards === 1 && checkpointShards === 1)
    return {
      plans: [{ ...plans[2]!, checkpoints: plans[1]!.checkpoints, registry: true }],
      drawIds: ids,
    };
  return { plans, drawIds: ids };
}

export interface DatabaseAuditOptions {
  vkey: string;
  checkFairness?: boolean;
  envelopes?: boolean;
  /** for benchmarks only: see DrawAuditOptions.drand */
  drand?: BeaconVerifyOptions;
}

/**
 * The audit as `shards` shards run one after the other in this thread: what audit-parallel.ts runs
 * on worker threads, and (with one shard) `adal audit --db` for small logs.
 */
export function auditInShards(db: Db, shards: number, opts: DatabaseAuditOptions): AuditReport {
  const { plans, drawIds } = planShards(db, shards, shards);
  const ctx = shardContext();
  return mergeShards(
    db,
    plans.map((p) => auditShard(db, p, opts, ctx)),
    new Set(drawIds)
  );
}

/** `adal audit --db` in one thread: the stored log (stored-log.ts), every draw and its table rows. */
export function auditDatabase(db: Db, opts: DatabaseAuditOptions): AuditReport {
  return auditInShards(db, 1, opts);
}
