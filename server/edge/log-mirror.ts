/**
 * A remote edge's copy of the writer's log, and the edge's role as a monitor of it: it follows the
 * writer's public log API (docs/API.md) and stores nothing it has not verified. Each round it reads
 * the latest checkpoint and checks its signature under the pinned verifier key and its origin;
 * when the log grew, it checks the consistency proof from its own size to the new one against its
 * own root, fetches the new entries, hashes each (RFC 6962 leaf of the entry's canonical bytes),
 * recomputes the root over its leaves plus the new ones and compares it with the checkpoint's, and
 * only then stores entries and checkpoint in one transaction (the tables of db/migrations, so the
 * writer's own log code reads the copy). A checkpoint that does not verify, a proof that fails, a
 * smaller or different tree of a size it already holds: the edge stops taking anything new, prints
 * one line `FORK: …` and reports the problem to its health check (503), so haproxy stops sending it
 * viewers. Being unable to reach the writer is not a fork: the edge keeps serving what it holds.
 */
import type { Logger } from 'pino';
import { nodeHasher } from '../../auditor/node-crypto.js';
import type { Db } from '../../db/connection.js';
import * as repo from '../../db/repos/log.repo.js';
import { equalBytes, fromHex, toHex } from '../../shared/bytes.js';
import { canonicalBytes } from '../../shared/canonical.js';
import { verifyCheckpoint, type Checkpoint } from '../../shared/checkpoint.js';
import { leafHash, verifyConsistency } from '../../shared/merkle.js';
import { MerkleTree } from '../../shared/merkle-tree.js';
import { parseVerifierKey, type NoteVerifier } from '../../shared/note.js';
import {
  ConsistencyProofResponse,
  LOG_ENTRIES_MAX,
  LogEntriesResponse,
  LogEntry,
  SignedCheckpoint,
} from '../../shared/schemas/log.js';
import { EdgeError } from './edge-error.js';
import { upstreamJson } from './upstream.js';

export interface LogMirrorOptions {
  upstream: string;
  vkey: string;
  log: Logger;
  /** reports the line of a refused log (default: stderr) */
  printFork?: (line: string) => void;
}

export class LogMirror {
  private readonly tree: MerkleTree;
  private readonly verifier: NoteVerifier;
  private forkReason: string | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: Db,
    private readonly opts: LogMirrorOptions
  ) {
    this.verifier = parseVerifierKey(opts.vkey);
    this.tree = MerkleTree.from(repo.iterateLeafHashes(db), nodeHasher());
  }

  /** Set once the writer showed a log this edge must not serve. */
  get fork(): string | undefined {
    return this.forkReason;
  }

  get size(): number {
    return this.tree.size;
  }

  /** Whether the copy has a verified checkpoint yet (an edge serves nothing before). */
  get ready(): boolean {
    return repo.latestCheckpoint(this.db) !== undefined;
  }

  /** One round (rounds never overlap); resolves to the number of entries added. */
  sync(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves once no round is in flight (before the copy is closed). */
  idle(): Promise<void> {
    return (this.running ?? Promise.resolve(0)).then(
      () => undefined,
      () => undefined
    );
  }

  private refuse(reason: string): never {
    if (this.forkReason === undefined) {
      this.forkReason = reason;
      (this.opts.printFork ?? ((l: string) => process.stderr.write(`${l}\n`)))(`FORK: ${reason}`);
      this.opts.log.error({ reason }, 'edge refuses the upstream log');
    }
    throw new EdgeError('EDGE_LOG_FORKED', reason);
  }

  private async round(): Promise<number> {
    if (this.forkReason !== undefined) throw new EdgeError('EDGE_LOG_FORKED', this.forkReason);
    const { upstream } = this.opts;
    const signed = await upstreamJson(upstream, '/api/public/log/checkpoint', SignedCheckpoint);
    const v = verifyCheckpoint(signed.note, [this.verifier], this.verifier.name);
    if (!v.ok) this.refuse(`checkpoint does not verify under ${this.opts.vkey} (${v.code})`);
    const c = v.checkpoint;
    const have = this.tree.size;
    if (c.size < have) this.refuse(`the log shrank from ${have} to ${c.size}`);
    if (c.size === have) {
      if (!equalBytes(c.rootHash, this.tree.root()))
        this.refuse(`a different tree of size ${have} (root ${toHex(c.rootHash)})`);
      if (!this.ready) this.store(have, [], signed.note, c);
      return 0;
    }
    if (have > 0) {
      const p = await upstreamJson(
        upstream,
        `/api/public/log/proof/consistency?from=${have}&to=${c.size}`,
        ConsistencyProofResponse
      );
      const proof = p.proof.map(fromHex);
      if (!verifyConsistency(have, c.size, this.tree.root(), c.rootHash, proof, nodeHasher()))
        this.refuse(`no consistency from size ${have} to ${c.size}`);
    }
    const added = await this.fetchLeaves(have, c.size);
    for (const a of added) this.tree.append(a.leaf);
    if (!equalBytes(this.tree.root(), c.rootHash)) {
      this.tree.truncate(have);
      this.refuse(`entries ${have}…${c.size - 1} do not hash to the checkpoint's root`);
    }
    try {
      this.store(have, added, signed.note, c);
    } catch (e) {
      this.tree.truncate(have);
      throw e;
    }
    return added.length;
  }

  /** Entries [from, to), each checked against its leaf hash. */
  private async fetchLeaves(from: number, to: number) {
    const out: { data: Uint8Array; leaf: Uint8Array; entry: LogEntry }[] = [];
    while (from + out.length < to) {
      const start = from + out.length;
      const end = Math.min(to, start + LOG_ENTRIES_MAX);
      const page = await upstreamJson(
        this.opts.upstream,
        `/api/public/log/entries?start=${start}&end=${end}`,
        LogEntriesResponse
      );
      if (page.entries.length === 0) this.refuse(`the upstream has no entry ${start}`);
      for (const [i, r] of page.entries.entries()) {
        if (r.index !== start + i) this.refuse(`entry ${start + i} came as ${r.index}`);
        const data = canonicalBytes(r.entry);
        const leaf = leafHash(data, nodeHasher());
        if (toHex(leaf) !== r.leafHash) this.refuse(`entry ${r.index} does not hash to its leaf`);
        out.push({ data, leaf, entry: r.entry });
      }
    }
    return out.slice(0, to - from);
  }

  /** Stores verified entries from index `base` and their checkpoint, in one transaction. */
  private store(
    base: number,
    added: { data: Uint8Array; leaf: Uint8Array; entry: LogEntry }[],
    note: string,
    c: Checkpoint
  ): void {
    this.db.transaction(() => {
      added.forEach((a, i) =>
        repo.insertEntry(this.db, {
          index: base + i,
          leafHash: a.leaf,
          data: a.data,
          type: a.entry.type,
          subjectKind: a.entry.subject.kind,
          subjectId: a.entry.subject.id,
          at: a.entry.at,
        })
      );
      repo.insertCheckpoint(this.db, { size: c.size, rootHash: c.rootHash, note });
    })();
  }
}
