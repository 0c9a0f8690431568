/**
 * The log asks its witnesses to cosign (docs/PROTOCOL.md §Cosigned checkpoints, docs/API.md
 * "Witnesses"). The log still signs one checkpoint per commit — every append is covered by a signed
 * checkpoint before it is acknowledged — but witnesses are asked only
 *   - at each draw milestone that matters: 'draw.announced', 'draw.result', 'draw.closed',
 *     'draw.cancelled' (right after the commit), and
 *   - otherwise at most once per WITNESS_INTERVAL_MS, and only when the log grew since the last ask,
 * always for the latest signed checkpoint. The lines that come back are verified and stored
 * (db/repos/cosignatures.repo.ts); the cosigned checkpoint of a size is its signed note plus them.
 *
 * Nothing here blocks a write or the event loop: every witness has its own channel (at most one
 * request in flight, a newer size waiting behind it, never a queue), requests are async with a
 * timeout, network failures are retried a bounded number of times, and a witness that is down only
 * misses its own line. A 409 re-syncs the size we believe the witness holds (from the answer) and
 * retries once; a 422, or a 409 naming a size our log does not have, means the witness holds another
 * history than ours: that is logged loudly, as an error.
 */
import type { Logger } from 'pino';
import { fromHex } from '../../shared/bytes.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import type { Db } from '../../db/connection.js';
import * as repo from '../../db/repos/cosignatures.repo.js';
import type { TransparencyLog } from './transparency-log.js';
import { exchange, type ExchangeOutcome } from './witness-client.js';
import type { ConfiguredWitness } from './witness-list.js';

/** The draw entries after whose commit witnesses are asked at once. */
export const MILESTONES: ReadonlySet<string> = new Set([
  'draw.announced',
  'draw.result',
  'draw.closed',
  'draw.cancelled',
]);

/** Attempts per request when the witness does not answer (then the next ask tries again). */
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;

/**
 * Subscribes to the types of log entries after they commit, returns the unsubscribe (the draw
 * event bus, adapted by the caller: the log sits below the draws and cannot import them).
 */
export type EntryFeed = (listener: (type: string) => void) => () => void;

export interface WitnessStatus {
  name: string;
  vkey: string;
  /** the latest tree size this witness cosigned for us, and when we got its line */
  cosignedSize: number | null;
  cosignedAt: string | null;
  /** the last request's failure, cleared by a success */
  lastError: string | null;
  /** true when the witness told us it holds another history (422, or a size we cannot reach) */
  conflict: boolean;
}

interface Channel {
  w: ConfiguredWitness;
  /** the size we believe the witness holds (its last cosigned size for us; 0 before any) */
  held: number;
  cosignedAt: string | null;
  inFlight: Promise<void> | null;
  /** a size asked for while a request was in flight */
  next: number | null;
  lastError: string | null;
  conflict: boolean;
}

export interface CosigningOptions {
  db: Db;
  tlog: TransparencyLog;
  log: Logger;
  clock: () => Date;
  witnesses: readonly ConfiguredWitness[];
  intervalMs: number;
  timeoutMs: number;
}

export class LogCosigning {
  private readonly channels: Channel[];
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** the size of the last ask (milestone or cadence) */
  private asked = -1;
  /** the size asked for at the latest draw milestone since start */
  private milestoneSize: number | null = null;
  /** grows with every stored line, by this process or another: caches of cosigned notes compare it */
  get generation(): number {
    return repo.cosignaturesMark(this.o.db);
  }

  constructor(private readonly o: CosigningOptions) {
    const known = new Map(repo.latestPerWitness(o.db).map((r) => [r.witness, r]));
    this.channels = o.witnesses.map((w) => ({
      w,
      held: known.get(w.name)?.size ?? 0,
      cosignedAt: known.get(w.name)?.receivedAt ?? null,
      inFlight: null,
      next: null,
      lastError: null,
      conflict: false,
    }));
  }

  /** Listens for milestones and starts the cadence; asks once at start for the latest checkpoint. */
  start(entries?: EntryFeed): void {
    if (this.channels.length === 0) return;
    this.unsubscribe =
      entries?.((type) => {
        if (!MILESTONES.has(type)) return;
        this.ask();
        this.milestoneSize = this.asked;
      }) ?? null;
    this.timer = setInterval(() => {
      if (this.o.tlog.size() > this.asked) this.ask();
    }, this.o.intervalMs);
    this.timer.unref();
    this.ask();
  }

  /** Stops asking and waits for requests in flight (their answers are still stored). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.settled();
  }

  /** Resolves when no request is in flight (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.channels.some((c) => c.inFlight)) {
      await Promise.all(this.channels.map((c) => c.inFlight));
    }
  }

  /** Asks every witness to cosign the latest signed checkpoint (non-blocking). */
  ask(): void {
    const size = this.o.tlog.latestCheckpoint().size;
    this.asked = size;
    for (const c of this.channels) this.want(c, size);
  }

  /** The cosigned note of a signed checkpoint: its note with every stored witness line of its size. */
  withCosignatures(cp: SignedCheckpoint): SignedCheckpoint {
    const lines = repo.cosignaturesOf(this.o.db, cp.size).map((c) => c.line + '\n');
    return lines.length === 0 ? cp : { ...cp, note: cp.note + lines.join('') };
  }

  /**
   * The cosigned checkpoint a bundle of entries below `minSize` uses: of the cosigned checkpoints at
   * least that large, the one with the most witness lines (the latest among equals).
   */
  witnessedCovering(minSize: number): SignedCheckpoint | undefined {
    const size = repo.bestCosignedSize(this.o.db, minSize);
    const cp = size === undefined ? undefined : this.o.tlog.checkpoint(size);
    return cp && this.withCosignatures(cp);
  }

  /** The latest milestone's checkpoint and which configured witnesses cosigned it. */
  milestone(): { size: number; cosignedBy: string[] } | null {
    const size = this.milestoneSize;
    if (size === null) return null;
    return { size, cosignedBy: repo.cosignaturesOf(this.o.db, size).map((c) => c.witness) };
  }

  status(): WitnessStatus[] {
    return this.channels.map((c) => ({
      name: c.w.name,
      vkey: c.w.key.vkey,
      cosignedSize: c.cosignedAt === null ? null : c.held,
      cosignedAt: c.cosignedAt,
      lastError: c.lastError,
      conflict: c.conflict,
    }));
  }

  private want(c: Channel, size: number): void {
    if (c.inFlight) {
      c.next = Math.max(c.next ?? 0, size);
      return;
    }
    if (c.cosignedAt !== null && c.held >= size) return;
    c.inFlight = this.cosign(c, size)
      .catch((err: unknown) => {
        c.lastError = (err as Error).message;
        this.o.log.error({ err, witness: c.w.name }, 'witness request failed');
      })
      .finally(() => {
        c.inFlight = null;
        const next = c.next;
        c.next = null;
        if (next !== null && next > c.held) this.want(c, next);
      });
  }

  private async cosign(c: Channel, size: number): Promise<void> {
    const cp = this.o.tlog.checkpoint(size);
    if (!cp) return;
    let resynced = false;
    for (let attempt = 1; ;) {
      const oldSize = c.held > size ? 0 : c.held;
      const proof =
        oldSize === 0 ? [] : this.o.tlog.consistencyProof(oldSize, size).proof.map(fromHex);
      const out: ExchangeOutcome = await exchange(
        c.w,
        { oldSize, proof, note: cp.note },
        this.o.timeoutMs
      );
      if (out.kind === 'cosigned') return this.keep(c, size, out.line);
      if (out.kind === 'size' && !resynced && out.size <= size) {
        // the witness holds another size (a lost answer, a restored state, or another history of
        // this log): re-sync once and send the proof from there; a witness that holds another
        // history then refuses it with 422 and keeps the evidence
        c.held = out.size;
        resynced = true;
        continue;
      }
      if (out.kind === 'size')
        return this.conflict(c, `holds size ${out.size}; we asked for ${size} from ${oldSize}`);
      if (out.kind === 'conflict') return this.conflict(c, out.message);
      c.lastError = out.message;
      if (!out.retry || attempt >= ATTEMPTS) {
        this.o.log.warn({ witness: c.w.name, size, error: out.message }, 'witness did not cosign');
        return;
      }
      attempt++;
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt).unref());
    }
  }

  private keep(c: Channel, size: number, line: string): void {
    const receivedAt = this.o.clock().toISOString();
    repo.insertCosignature(this.o.db, { size, witness: c.w.name, line, receivedAt });
    c.held = size;
    c.cosignedAt = receivedAt;
    c.lastError = null;
    c.conflict = false;
    this.o.log.info({ witness: c.w.name, size }, 'checkpoint cosigned');
  }

  private conflict(c: Channel, message: string): void {
    c.lastError = message;
    c.conflict = true;
    // Loud: a witness that saw another history of this log is evidence of a fork or a rollback.
    this.o.log.error(
      { witness: c.w.name, message },
      'WITNESS CONFLICT: the witness holds another history of this log'
    );
  }
}
