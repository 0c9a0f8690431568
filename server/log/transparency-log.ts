/**
 * The transparency log (docs/PROTOCOL.md §Merkle log and checkpoints): every recorded event is one
 * canonically encoded entry appended as an RFC 6962 leaf, in the SAME SQLite transaction as the
 * state change it records, and a freshly signed C2SP checkpoint for the new tree size is stored in
 * that transaction too: after each append, or — inside tlog.transaction / tlog.write — once for the
 * whole transaction, before it commits. Either way no append is acknowledged without a signed
 * checkpoint that covers it, and with synchronous=FULL nothing is acknowledged before entry and
 * checkpoint are durable. Each checkpoint is chained to the previous one (shared/checkpoint.ts
 * chainExtension) and, once the server has verified a quicknet drand round, carries the latest such
 * round as its time line (timeExtension; docs/PROTOCOL.md §Time line): rounds only move forward,
 * and a restart resumes from the latest checkpoint's line.
 *
 * The tree lives in memory as a MerkleTree (complete subtrees), so the root after an append and every
 * proof cost O(log n) hashes; server/log/log-tree.ts keeps it equal to the database (rollbacks,
 * other writers). At start the rebuilt root must equal the latest signed
 * checkpoint, and that checkpoint must verify under our key for our origin; otherwise the log
 * refuses to sign anything (a log must never sign a checkpoint inconsistent with an earlier one).
 * Leaf hashes, the tree and the checkpoint chain are hashed with node:crypto's SHA-256, passed to
 * shared/ as a Hasher (auditor/node-crypto.ts).
 */
import { equalBytes, fromUtf8, toHex } from '../../shared/bytes.js';
import { canonicalBytes } from '../../shared/canonical.js';
import {
  chainExtension,
  signCheckpoint,
  timeAnchorOf,
  timeExtension,
  verifyCheckpoint,
  type TimeAnchor,
} from '../../shared/checkpoint.js';
import type { BeaconRound } from '../../shared/schemas/beacon.js';
import { AppError, NotFoundError } from '../../shared/errors.js';
import type { Hasher } from '../../shared/hash.js';
import type { MerkleTree } from '../../shared/merkle-tree.js';
import { leafHash as hashLeaf } from '../../shared/merkle.js';
import {
  LOG_ENTRY_MAX_BYTES,
  LogEntry,
  type ConsistencyProofResponse,
  type InclusionProofResponse,
  type LogEntriesResponse,
  type LogEntryRecord,
  type LogKeyResponse,
  type SignedCheckpoint,
} from '../../shared/schemas/log.js';
import type { Db } from '../../db/connection.js';
import * as repo from '../../db/repos/log.repo.js';
import { GroupCommitter } from './group-commit.js';
import { SyncedTree } from './log-tree.js';
import { loadOrCreateLogKey, type LogKey } from './log-key.js';
import { nodeHasher } from '../../auditor/node-crypto.js';

/** The log cannot (or must not) go on: a programming error or a damaged / foreign state. */
export class LogError extends AppError<
  | 'LOG_NOT_IN_TRANSACTION'
  | 'LOG_ENTRY_INVALID'
  | 'LOG_NOT_DURABLE'
  | 'LOG_UNAVAILABLE'
  | 'LOG_STATE_INVALID'
  | 'LOG_KEY_MISMATCH'
> {}

export interface AppendResult {
  index: number;
  leafHash: Uint8Array;
  /** the checkpoint signed for size index + 1; null inside tlog.transaction / tlog.write, where one
   *  checkpoint is signed for the whole transaction just before it commits */
  checkpoint: SignedCheckpoint | null;
}

/** What callers pass: the envelope without its version; `at` defaults to the context clock. */
export type LogEntryInput = Omit<LogEntry, 'v' | 'at'> & { at?: string };

const toCheckpoint = (origin: string, c: repo.StoredCheckpoint): SignedCheckpoint => ({
  origin,
  size: c.size,
  rootHash: toHex(c.rootHash),
  note: c.note,
});

export class TransparencyLog {
  private readonly synced: SyncedTree;
  private readonly committer: GroupCommitter;
  /** > 0 while inside tlog.transaction: appends leave signing to its end */
  private deferred = 0;
  /** the latest verified quicknet round, written into every checkpoint signed from now on */
  private anchor: TimeAnchor | null = null;

  constructor(
    private readonly db: Db,
    private readonly key: LogKey,
    readonly origin: string,
    /** the SHA-256 fast path of this process, also for the draw engine's hashing (server/draws/) */
    readonly hasher: Hasher
  ) {
    if (key.name !== origin)
      throw new LogError('LOG_KEY_MISMATCH', `the key signs for ${key.name}, not ${origin}`);
    // FULL (2) or EXTRA (3): a commit is on disk before better-sqlite3 returns.
    if (Number(db.pragma('synchronous', { simple: true })) < 2)
      throw new LogError('LOG_NOT_DURABLE', 'the log needs PRAGMA synchronous=FULL');
    this.synced = new SyncedTree(db, hasher);
    this.committer = new GroupCommitter(db, (batch) => this.transaction(batch));
    this.checkStoredState();
  }

  private get tree(): MerkleTree {
    return this.synced.tree;
  }

  private sync(): number {
    return this.synced.sync();
  }

  /** Verifier key parts for GET /api/public/log/key and `adal log key`. */
  get publicKey(): LogKeyResponse {
    const [name, keyId, publicKey] = this.key.vkey.split('+') as [string, string, string];
    return { name, keyId, publicKey, vkey: this.key.vkey };
  }

  get vkey(): string {
    return this.key.vkey;
  }

  /**
   * A drand round the server has VERIFIED (a BeaconRound is one by contract: shared/drand.ts made
   * it). A later quicknet round becomes the time line of the checkpoints signed from now on; other
   * chains' rounds and earlier rounds change nothing.
   */
  noteVerifiedRound(beacon: Pick<BeaconRound, 'chain' | 'round' | 'signature'>): void {
    if (beacon.chain !== 'quicknet' || (this.anchor && this.anchor.round >= beacon.round)) return;
    this.anchor = { chain: 'quicknet', round: beacon.round, signature: beacon.signature };
  }

  /** The round written into new checkpoints, if any. */
  get timeAnchor(): TimeAnchor | null {
    return this.anchor;
  }

  /**
   * Appends one entry and signs the checkpoint of the new size. MUST run inside the caller's
   * db.transaction, so the change and its record commit (or roll back) together.
   */
  append(entry: LogEntry): AppendResult {
    if (!this.db.inTransaction)
      throw new LogError('LOG_NOT_IN_TRANSACTION', 'appendLogEntry must run inside db.transaction');
    const parsed = LogEntry.safeParse(entry);
    if (!parsed.success)
      throw new LogError('LOG_ENTRY_INVALID', `invalid log entry: ${parsed.error.message}`);
    const data = canonicalBytes(parsed.data);
    if (data.length > LOG_ENTRY_MAX_BYTES)
      throw new LogError('LOG_ENTRY_INVALID', 'log entry too large');
    const index = this.sync();
    const leafHash = hashLeaf(data, this.hasher);
    repo.insertEntry(this.db, {
      index,
      leafHash,
      data,
      type: parsed.data.type,
      subjectKind: parsed.data.subject.kind,
      subjectId: parsed.data.subject.id,
      at: parsed.data.at,
    });
    this.tree.append(leafHash);
    const checkpoint = this.deferred > 0 ? null : this.signAndStore();
    return { index, leafHash, checkpoint };
  }

  /**
   * db.transaction(fn).immediate() that signs ONE checkpoint for everything fn appended, just before
   * the commit (a drop-in for actions that record several entries). Nested calls join the outer one.
   */
  transaction<T>(fn: () => T): T {
    const run = this.db.transaction(() => {
      this.deferred++;
      let result: T;
      try {
        result = fn();
      } finally {
        this.deferred--;
      }
      if (this.deferred === 0) {
        const size = this.sync();
        if ((repo.latestCheckpoint(this.db)?.size ?? -1) < size) this.signAndStore();
      }
      return result;
    });
    return this.db.inTransaction ? run() : run.immediate();
  }

  /**
   * Runs a state change that records itself with appendLogEntry in a group transaction
   * (server/log/group-commit.ts); resolves only after the commit — with one signed checkpoint
   * covering the whole group — is durable. Use this from request handlers: concurrent requests then
   * share one fsync and one signature.
   */
  write<T>(work: () => T): Promise<T> {
    return this.committer.run(work);
  }

  /** Size of the log as this connection sees it (committed, or inside the current transaction). */
  size(): number {
    return this.sync();
  }

  latestCheckpoint(): SignedCheckpoint {
    const c = repo.latestCheckpoint(this.db);
    if (!c) throw new LogError('LOG_STATE_INVALID', 'the log has no checkpoint');
    return toCheckpoint(this.origin, c);
  }

  checkpoint(size: number): SignedCheckpoint | undefined {
    const c = repo.findCheckpoint(this.db, size);
    return c && toCheckpoint(this.origin, c);
  }

  /** The first signed checkpoint whose tree holds entry `index` (none yet: undefined). */
  checkpointCovering(index: number): SignedCheckpoint | undefined {
    const c = repo.findCheckpointCovering(this.db, index);
    return c && toCheckpoint(this.origin, c);
  }

  entry(index: number): LogEntryRecord | undefined {
    const e = repo.findEntry(this.db, index);
    return e && toRecord(e);
  }

  /** Entries [start, min(end, size)); 404 when start is beyond the tree. */
  entries(start: number, end: number): LogEntriesResponse {
    const treeSize = this.sync();
    if (start >= treeSize)
      throw new NotFoundError(
        'LOG_OUT_OF_RANGE',
        `entry ${start} is beyond the tree (${treeSize})`
      );
    const stop = Math.min(end, treeSize);
    const entries = repo.listEntries(this.db, start, stop).map(toRecord);
    return { treeSize, start, end: stop, entries };
  }

  /** Every entry about one subject, e.g. a draw's events for its bundle. */
  entriesAbout(kind: string, id: string): LogEntryRecord[] {
    return repo.listEntriesBySubject(this.db, kind, id).map(toRecord);
  }

  /** Inclusion proof of `index` in the tree of `size` (default: the latest signed checkpoint's). */
  inclusionProof(index: number, size?: number): InclusionProofResponse {
    const treeSize = this.sync();
    const n = size ?? this.latestCheckpoint().size;
    if (n > treeSize || index >= n)
      throw new NotFoundError('LOG_OUT_OF_RANGE', `no leaf ${index} in a tree of size ${n}`);
    return {
      index,
      size: n,
      leafHash: toHex(this.tree.leaf(index)),
      rootHash: toHex(this.tree.root(n)),
      proof: this.tree.inclusionProof(index, n).map(toHex),
    };
  }

  /** Consistency proof from `from` to `to` (default: the latest signed checkpoint's size). */
  consistencyProof(from: number, to?: number): ConsistencyProofResponse {
    const treeSize = this.sync();
    const n = to ?? this.latestCheckpoint().size;
    if (n > treeSize || from > n)
      throw new NotFoundError('LOG_OUT_OF_RANGE', `no tree of size ${n} (the log has ${treeSize})`);
    return {
      from,
      to: n,
      fromRoot: toHex(this.tree.root(from)),
      toRoot: toHex(this.tree.root(n)),
      proof: this.tree.consistencyProof(from, n).map(toHex),
    };
  }

  /** Signs the checkpoint of the current size, chained to the latest stored one, and stores it. */
  private signAndStore(): SignedCheckpoint {
    const size = this.sync();
    const rootHash = this.tree.root(size);
    const previous = repo.latestCheckpoint(this.db);
    const extensions = [
      ...(previous ? [chainExtension(previous.note, this.hasher)] : []),
      ...(this.anchor ? [timeExtension(this.anchor)] : []),
    ];
    const note = signCheckpoint(
      { origin: this.origin, size, rootHash, extensions },
      this.key.signer
    );
    repo.insertCheckpoint(this.db, { size, rootHash, note });
    return { origin: this.origin, size, rootHash: toHex(rootHash), note };
  }

  /** Start-up self-check; signs the empty tree's checkpoint for a new log. */
  private checkStoredState(): void {
    const latest = repo.latestCheckpoint(this.db);
    if (!latest) {
      if (this.tree.size !== 0)
        throw new LogError('LOG_STATE_INVALID', 'the log has entries but no signed checkpoint');
      this.db.transaction(() => this.signAndStore()).immediate();
      return;
    }
    const r = verifyCheckpoint(latest.note, [this.key.verifier], this.origin);
    if (!r.ok)
      throw new LogError(
        'LOG_KEY_MISMATCH',
        `the latest checkpoint does not verify as ${this.key.vkey} (${r.code}); restore the log's key and LOG_ORIGIN`
      );
    const c = r.checkpoint;
    if (c.size !== this.tree.size || !equalBytes(c.rootHash, this.tree.root()))
      throw new LogError(
        'LOG_STATE_INVALID',
        `stored entries (${this.tree.size}) do not match the latest signed checkpoint (${c.size})`
      );
    // rounds never go back, across restarts too. A log whose latest checkpoint has no line (from
    // before time lines, or without a round yet) starts from the latest quicknet round its
    // draw.beacon entries hold (docs/PROTOCOL.md §Time line); once a line exists it is at least
    // that, so the scan is not needed again
    this.anchor = timeAnchorOf(c);
    if (this.anchor) return;
    for (const [, data] of repo.iterateIndexedDataOfType(this.db, 'draw', 'draw.beacon')) {
      const b = data as { chain?: unknown; round?: unknown; signature?: unknown } | null;
      if (b?.chain === 'quicknet' && typeof b.round === 'number' && typeof b.signature === 'string')
        this.noteVerifiedRound({ chain: 'quicknet', round: b.round, signature: b.signature });
    }
  }
}

function toRecord(e: repo.StoredEntry): LogEntryRecord {
  return {
    index: e.index,
    leafHash: toHex(e.leafHash),
    entry: JSON.parse(fromUtf8(e.data)) as LogEntry,
  };
}

/** Builds the log for a data folder: loads (or creates) the key and checks the stored state. */
export function createTransparencyLog(db: Db, dataDir: string, origin: string): TransparencyLog {
  return new TransparencyLog(db, loadOrCreateLogKey(dataDir, origin).key, origin, nodeHasher());
}

/**
 * Records `input` in the log inside the caller's transaction:
 *
 *   ctx.db.transaction(() => { changeState(); appendLogEntry(ctx, { type, actor, subject, data }); })();
 */
export function appendLogEntry(
  ctx: { tlog?: TransparencyLog; clock: () => Date },
  input: LogEntryInput
): AppendResult {
  if (!ctx.tlog) throw new LogError('LOG_UNAVAILABLE', 'the transparency log is not configured');
  const { at, ...rest } = input;
  return ctx.tlog.append({ v: 1, at: at ?? ctx.clock().toISOString(), ...rest });
}
