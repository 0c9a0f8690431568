/**
 * The audit's verifier of the draws of ONE log (docs/PROTOCOL.md §Audit, step 2). Each draw's bundle,
 * assembled from its log entries against the latest checkpoint, goes through the checks of
 * verifyBundle — the one sequence, shared/verify/run-checks.ts — in a context of the audit's own,
 * built from what the audit checked itself, which verifyBundle's options deliberately do not offer
 * (an outside verifier trusts nothing but its keys):
 *   - the checkpoint is verified once, and its verdict kept for every bundle with the same log
 *     section (every draw carries the latest checkpoint); each distinct drand round is BLS-verified
 *     once — one memo per thread, shared by all the shards it runs;
 *   - inclusion is a lookup in the tree the audit knows (rebuiltTree, storedTree) when its root at the
 *     checkpoint's size is the checkpoint's, and an entry whose bytes the audit hashed is not encoded
 *     again (memo.entryLeaves);
 *   - a bundle assembled from entries whose envelopes were validated when read is typed already: the
 *     schema check is reported as skipped;
 *   - SHA-256 is node:crypto's (auditor/node-crypto.ts).
 */
import type { VerifiedBundle } from '../shared/verify.js';
import { VerificationError } from '../shared/errors.js';
import type { Hasher } from '../shared/hash.js';
import type { MerkleTree } from '../shared/merkle-tree.js';
import type { LogEntry } from '../shared/schemas/log.js';
import { assembleBundle } from '../shared/bundle.js';
import {
  checkCheckpoint,
  trustedVerifiers,
  type CheckedCheckpoint,
  type KnownTree,
} from '../shared/verify/log-checks.js';
import type { BeaconMemo } from '../shared/verify/outcome-checks.js';
import { runChecks, type CheckContext } from '../shared/verify/run-checks.js';
import type { AuditProblem } from './audit.js';
import type { drawTableChecker } from './draw-tables.js';
import type { BeaconVerifyOptions } from '../shared/drand.js';
import { coveringTime } from '../shared/verify/cancel-bound.js';
import type { CancelBound } from '../shared/verify/re-roll.js';

/** What one thread shares between the bundles it verifies: all of one log, under one key. */
export interface VerificationMemo {
  /** check 2's verdict per bundle log section (JSON) */
  checkpoints: Map<string, CheckedCheckpoint>;
  beacons: BeaconMemo;
  /**
   * Leaf hashes of entry objects whose canonical bytes the audit itself hashed (it checked each
   * stored entry's hash, that its bytes are canonical text, and parsed it): such an entry is not
   * encoded again by the inclusion check. By identity: the objects must not change later.
   */
  entryLeaves: WeakMap<object, Uint8Array>;
}

export function createVerificationMemo(): VerificationMemo {
  return { checkpoints: new Map(), beacons: new Set(), entryLeaves: new WeakMap() };
}

/** What re-verifying one draw needs besides its entries, shared by every draw of a shard. */
export interface DrawVerifier {
  log: { vkey: string; origin: string; latest: { size: number; note: string } };
  memo: VerificationMemo;
  checkTables: ReturnType<typeof drawTableChecker> | undefined;
  /** a ceremony's rows against its verified entries (auditor/ceremony-tables.ts) */
  checkCeremonyTables?: (c: NonNullable<VerifiedBundle['ceremony']>) => AuditProblem | undefined;
  /** the context the checks run in (see the header) */
  context: CheckContext;
}

/** The rebuilt tree as a KnownTree, its root at each size asked for computed once. */
export function rebuiltTree(tree: MerkleTree): KnownTree {
  const roots = new Map<number, Uint8Array>();
  return {
    size: tree.size,
    leaf: (i) => tree.leaf(i),
    root: (size) => {
      let r = roots.get(size);
      if (!r) roots.set(size, (r = tree.root(size)));
      return r;
    },
  };
}

/**
 * The signed tree as a shard of a database audit knows it without rebuilding it: the latest stored
 * checkpoint's root, and the stored leaf hash of each entry the shard read. That is the tree only
 * because other checks of the same audit hold — every stored leaf hash is its entry's (checkEntries),
 * the rows are dense and the tree of ALL stored leaf hashes has that root at that size (the
 * checkpoint shards) — and any of those failing is a log problem, which the audit reports before
 * any draw problem (mergeShards).
 */
export function storedTree(
  latest: { size: number; rootHash: Uint8Array },
  leaves: ReadonlyMap<number, Uint8Array>
): KnownTree {
  return {
    size: latest.size,
    leaf: (i) => leaves.get(i) ?? new Uint8Array(0),
    root: (size) => (size === latest.size ? latest.rootHash : new Uint8Array(0)),
  };
}

/**
 * The audit's CheckContext (see the header) for bundles of the log whose key is `vkey`: the checkpoint
 * and beacon verdicts kept in `memo`, leaves looked up in `tree` when given (else proofs walked).
 */
export function auditContext(opts: {
  vkey: string;
  hasher: Hasher;
  memo: VerificationMemo;
  tree?: KnownTree;
  /** the bundles are assembled from entries whose envelopes were validated when read */
  typed: boolean;
  checkFairness: boolean;
  /** for benchmarks only (auditor/audit.ts DrawAuditOptions.drand) */
  drand?: BeaconVerifyOptions;
  /** the note of the first verified checkpoint holding entry `index` (no re-roll: cancelBound) */
  firstCovering?: (index: number) => string | undefined;
}): CheckContext {
  const { memo } = opts;
  const keys = trustedVerifiers([opts.vkey]); // the log's key, parsed once
  return {
    typed: opts.typed,
    hasher: opts.hasher,
    checkFairness: opts.checkFairness,
    checkpoint: (bundle) => {
      const key = JSON.stringify(bundle.log);
      let v = memo.checkpoints.get(key);
      if (!v) {
        v = checkCheckpoint(bundle, keys);
        memo.checkpoints.set(key, v);
      }
      return v;
    },
    beacons: memo.beacons,
    ...(opts.drand ? { drand: opts.drand } : {}),
    tree: opts.tree,
    entryLeaf: (entry) => memo.entryLeaves.get(entry),
    // the audit verifies every draw, previous attempts included, from the log itself
    previousAttemptsChecked: true,
    ...(opts.firstCovering ? { entryNotBefore: cancelBound(opts.firstCovering) } : {}),
  };
}

/**
 * No re-roll (docs/PROTOCOL.md §No re-roll, "Time of a cancel"): an entry was not public before the
 * time line of the first checkpoint holding it. The audit checks every such checkpoint it reads here
 * (signature, root, chain, time line), and fails if one does not verify.
 */
export function cancelBound(
  firstCovering: (index: number) => string | undefined
): (index: number) => CancelBound | undefined {
  return (index) => {
    const note = firstCovering(index);
    const t = note === undefined ? null : coveringTime(note);
    if (!t) return undefined;
    return {
      notBeforeMs: t.notBeforeMs,
      source: `checkpoint ${t.size}, the first to hold entry ${index}, has a time line naming quicknet round ${t.round}`,
    };
  };
}

export function drawVerifier(
  log: DrawVerifier['log'],
  knownTree: KnownTree,
  opts: {
    hasher: Hasher;
    memo: VerificationMemo;
    checkFairness?: boolean;
    drand?: BeaconVerifyOptions;
    checkTables?: DrawVerifier['checkTables'];
    checkCeremonyTables?: DrawVerifier['checkCeremonyTables'];
    firstCovering?: (index: number) => string | undefined;
    /**
     * Every entry's envelope was checked when it was read (checkEntries with envelopes), so the
     * bundle assembled from them is a Bundle and needs no second schema pass.
     */
    envelopesChecked?: boolean;
  }
): DrawVerifier {
  return {
    log,
    memo: opts.memo,
    checkTables: opts.checkTables,
    ...(opts.checkCeremonyTables ? { checkCeremonyTables: opts.checkCeremonyTables } : {}),
    context: auditContext({
      vkey: log.vkey,
      hasher: opts.hasher,
      memo: opts.memo,
      tree: knownTree,
      typed: opts.envelopesChecked === true,
      checkFairness: opts.checkFairness === true,
      drand: opts.drand,
      firstCovering: opts.firstCovering,
    }),
  };
}

/** One draw re-verified from its entries (log order), then its table rows: its first problem. */
export function verifyDraw(
  v: DrawVerifier,
  drawId: string,
  entries: { index: number; entry: LogEntry }[]
): AuditProblem | undefined {
  const bundle = assembleBundle({
    drawId,
    origin: v.log.origin,
    vkey: v.log.vkey,
    checkpoint: v.log.latest,
    entries,
    // no proofs: the inclusion check looks each leaf up in the known tree, whose root at the
    // checkpoint's size the log check compared with the signed one
  });
  let verified;
  try {
    verified = runChecks(bundle, v.context);
  } catch (e) {
    if (!(e instanceof VerificationError)) throw e;
    const index = (e.details as { index?: number } | undefined)?.index ?? entries[0]!.index;
    return { code: e.code, message: e.message, index, drawId };
  }
  // a ceremony's rows are checked by checkCeremonyTables (auditor/ceremony-tables.ts)
  if (verified.history === null) return v.checkCeremonyTables?.(verified.ceremony!);
  return v.checkTables?.(verified.history, verified.result);
}
