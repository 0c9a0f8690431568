/**
 * The full audit (docs/PROTOCOL.md §Audit), the engine of `adal audit`:
 *   1. the log: every entry's leaf rebuilt into the tree, every stored checkpoint's signature and root
 *      at its size (server/services/log-verify.ts for a database; the same checks for a server's
 *      public log API, where only the latest checkpoint is fetched unless asked for all);
 *   2. every draw: a bundle assembled from its entries against the latest checkpoint, checked by the
 *      one verifier, shared/verify.ts verifyBundle, given the rebuilt tree (knownTree: inclusion is
 *      a leaf lookup, not a proof walk) and one memo that shares checkpoint and beacon verifications;
 *   3. for a database, the draw tables against the verified entries (audit-tables.ts).
 * The first inconsistency is reported with its code and the log index of the entry concerned (or the
 * tree size of a checkpoint). The data is hostile: bad data is a problem to report, never a crash.
 */
import { fromUtf8 } from '../../shared/bytes.js';
import { VerificationError } from '../../shared/errors.js';
import type { MerkleTree } from '../../shared/merkle-tree.js';
import { createVerifyMemo, verifyBundle } from '../../shared/verify.js';
import type { LogEntry } from '../../shared/schemas/log.js';
import { parseVerifierKey } from '../../shared/note.js';
import type { Db } from '../../db/connection.js';
import { latestCheckpoint } from '../../db/repos/log.repo.js';
import { verifyStoredLog } from './log-verify.js';
import { assembleBundle } from './bundle.js';
import { drawTableChecker, unloggedDraws } from './audit-tables.js';

export interface AuditProblem {
  code: string;
  message: string;
  /** the log entry concerned */
  index?: number;
  /** the checkpoint concerned (its tree size) */
  size?: number;
  drawId?: string;
  table?: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  draws: number;
  problem?: AuditProblem;
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
}

export interface DrawAuditOptions {
  checkFairness?: boolean;
  /** the database whose draw tables are cross-checked (absent for a server audit) */
  db?: Db;
  onDraw?: (drawId: string) => void;
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

/** Step 2 and 3: every draw re-verified from its entries, then its table rows checked. */
export function auditDraws(log: AuditedLog, opts: DrawAuditOptions = {}): AuditReport {
  const base = { entries: log.tree.size, checkpoints: log.checkpoints };
  const byDraw = groupByDraw(log.drawEntries);
  const memo = createVerifyMemo();
  const checkTables = opts.db && drawTableChecker(opts.db);
  let draws = 0;
  for (const [drawId, entries] of byDraw) {
    opts.onDraw?.(drawId);
    const bundle = assembleBundle({
      drawId,
      origin: log.origin,
      vkey: log.vkey,
      checkpoint: log.latest,
      entries,
      // no proofs: verifyBundle looks each leaf up in the rebuilt tree, whose root at the
      // checkpoint's size step 1 compared with the signed one (knownTree below)
    });
    let verified;
    try {
      verified = verifyBundle(bundle, {
        trustedKeys: [log.vkey],
        checkFairness: opts.checkFairness === true,
        memo,
        knownTree: log.tree,
      });
    } catch (e) {
      if (!(e instanceof VerificationError)) throw e;
      const index = (e.details as { index?: number } | undefined)?.index ?? entries[0]!.index;
      return {
        ok: false,
        ...base,
        draws,
        problem: { code: e.code, message: e.message, index, drawId },
      };
    }
    draws++;
    const problem = checkTables?.(verified.history, verified.result);
    if (problem) return { ok: false, ...base, draws, problem };
  }
  const unlogged = opts.db && unloggedDraws(opts.db, new Set(byDraw.keys()));
  if (unlogged) return { ok: false, ...base, draws, problem: unlogged };
  return { ok: true, ...base, draws };
}

/** `adal audit --db`: the stored log (log-verify.ts), then every draw and its table rows. */
export function auditDatabase(
  db: Db,
  opts: {
    vkey: string;
    checkFairness?: boolean;
    envelopes?: boolean;
    onDraw?: (drawId: string) => void;
  }
): AuditReport {
  const log = verifyStoredLog(db, { vkey: opts.vkey, envelopes: opts.envelopes ?? true });
  if (!log.ok)
    return {
      ok: false,
      entries: log.entries,
      checkpoints: log.checkpoints,
      draws: 0,
      problem: log.problem!,
    };
  const latest = latestCheckpoint(db)!;
  const rows = db
    .prepare(
      "SELECT idx, subject_id, data FROM log_entries WHERE subject_kind = 'draw' ORDER BY idx"
    )
    .raw()
    .iterate() as IterableIterator<[number, string, Uint8Array]>;
  function* drawEntries() {
    for (const [index, drawId, data] of rows)
      yield { index, drawId, entry: JSON.parse(fromUtf8(data)) as LogEntry };
  }
  return auditDraws(
    {
      vkey: opts.vkey,
      origin: parseVerifierKey(opts.vkey).name,
      tree: log.tree,
      checkpoints: log.checkpoints,
      latest,
      drawEntries: drawEntries(),
    },
    { db, checkFairness: opts.checkFairness, onDraw: opts.onDraw }
  );
}
