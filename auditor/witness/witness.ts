/**
 * A C2SP log witness (c2sp.org/tlog-witness; docs/PROTOCOL.md §Witnesses): answers add-checkpoint
 * requests with Ed25519 cosignature/v1 lines, keeping per log origin the latest checkpoint it
 * verified and cosigned, and the evidence of every fork it is shown.
 *
 * addCheckpoint is synchronous from the check of the old size to the durable write of the new state
 * (auditor/witness/witness-state.ts): no other request can run in between, which is the atomicity
 * tlog-witness demands (no rollback by a slower request). It serializes every log's updates, which a
 * witness's request rate (one per log checkpoint) easily allows. The state is written before the
 * answer, so whatever was acknowledged survives a crash.
 */
import { sha256 } from '../../shared/hash.js';
import { toHex, utf8 } from '../../shared/bytes.js';
import { cosignCheckpoint } from '../../shared/cosignature.js';
import { formatTreeSize, TREE_SIZE_CONTENT_TYPE } from '../../shared/add-checkpoint.js';
import { parseNote } from '../../shared/note.js';
import type { ForkEvidence, WitnessLogRecord } from '../../shared/schemas/witness.js';
import {
  checkAddCheckpoint,
  WITNESS_STATUS,
  WitnessError,
  type TrustedLogs,
} from './add-checkpoint.js';
import type { WitnessKey } from './witness-key.js';
import { loadWitnessState, saveWitnessState, type WitnessMemory } from './witness-state.js';

/** Evidence kept per log and kind; more is printed but not kept, so no one can grow the file. */
export const MAX_EVIDENCE_PER_KIND: Record<ForkEvidence['kind'], number> = {
  // needs two checkpoints of one size signed by the log: only the log's key can make these
  'same-size-different-root': 1000,
  // anyone can pair a real checkpoint with a wrong proof; the first few tell the story
  'inconsistent-proof': 100,
};

export interface WitnessOptions {
  key: WitnessKey;
  logs: TrustedLogs;
  stateFile: string;
  /** seconds since the epoch; the cosignatures' timestamps */
  clock: () => number;
  /** one line about a fork or a failure (the CLI writes it to stderr) */
  report: (line: string) => void;
}

export interface WitnessAnswer {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = 'text/plain; charset=utf-8';

export class Witness {
  private memory: WitnessMemory;
  /** origin, kind and shown text of each kept or reported piece of evidence */
  private readonly evidenceSeen = new Set<string>();

  constructor(private readonly opts: WitnessOptions) {
    this.memory = loadWitnessState(opts.stateFile);
    for (const e of this.memory.forks) this.evidenceSeen.add(evidenceKey(e));
    // write it now: an unwritable state file stops the witness before it cosigns anything
    saveWitnessState(opts.stateFile, this.memory);
  }

  get vkey(): string {
    return this.opts.key.vkey;
  }

  /** The latest checkpoint cosigned per origin. */
  latest(origin: string): WitnessLogRecord | undefined {
    return this.memory.logs.get(origin);
  }

  get forks(): readonly ForkEvidence[] {
    return this.memory.forks;
  }

  private now(): number {
    const t = this.opts.clock();
    // a cosignature timestamp must never be 0 (tlog-witness) and must be whole seconds
    if (!Number.isSafeInteger(t) || t < 1)
      throw new WitnessError(
        'WITNESS_INTERNAL',
        `the clock gave ${t}, not seconds since the epoch`
      );
    return t;
  }

  /** POST add-checkpoint: the answer to send. Throws only on an internal failure (no write, no answer). */
  addCheckpoint(body: string): WitnessAnswer {
    const check = checkAddCheckpoint(body, this.opts.logs, (o) => this.memory.logs.get(o));
    if (!check.ok) {
      if (check.evidence) this.keepEvidence({ ...check.evidence, seenAt: this.now() });
      if (check.heldSize !== undefined)
        return {
          status: WITNESS_STATUS[check.error.code],
          contentType: TREE_SIZE_CONTENT_TYPE,
          body: formatTreeSize(check.heldSize),
        };
      return {
        status: WITNESS_STATUS[check.error.code],
        contentType: TEXT,
        body: `${check.error.message}\n`,
      };
    }
    const t = this.now();
    const line = cosignCheckpoint(check.text, this.opts.key.cosigner, t);
    const record: WitnessLogRecord = {
      checkpoint: check.note,
      size: check.checkpoint.size,
      rootHash: toHex(check.checkpoint.rootHash),
      cosignature: line,
      cosignedAt: t,
    };
    const next: WitnessMemory = {
      logs: new Map(this.memory.logs).set(check.origin, record),
      forks: this.memory.forks,
    };
    saveWitnessState(this.opts.stateFile, next);
    this.memory = next;
    return { status: 200, contentType: TEXT, body: `${line}\n` };
  }

  /**
   * The latest cosigned checkpoint of the log whose origin hashes to `originHash` (lowercase hex
   * SHA-256), with the log's signature and ours — the monitoring read of tlog-witness.
   */
  cosignedCheckpoint(originHash: string): string | undefined {
    for (const [origin, r] of this.memory.logs)
      if (toHex(sha256(utf8(origin))) === originHash) return `${r.checkpoint}${r.cosignature}\n`;
    return undefined;
  }

  private keepEvidence(e: ForkEvidence): void {
    const key = evidenceKey(e);
    if (this.evidenceSeen.has(key)) return;
    this.evidenceSeen.add(key);
    const same = this.memory.forks.filter((f) => f.origin === e.origin && f.kind === e.kind);
    const keep = same.length < MAX_EVIDENCE_PER_KIND[e.kind];
    const what = e.kind === 'same-size-different-root' ? 'FORK' : 'POSSIBLE FORK';
    const note = keep ? '' : ' (not kept: the state holds enough of this kind for this log)';
    this.opts.report(`${what} EVIDENCE${note} ${JSON.stringify(e)}`);
    if (!keep) return;
    const next: WitnessMemory = { logs: this.memory.logs, forks: [...this.memory.forks, e] };
    try {
      saveWitnessState(this.opts.stateFile, next);
      this.memory = next;
    } catch (err) {
      // the refusal stands either way; the evidence is at least in the printed line above, and a
      // later showing of it gets another try at keeping it
      this.evidenceSeen.delete(key);
      this.opts.report(`cannot keep the fork evidence: ${(err as Error).message}`);
    }
  }
}

function evidenceKey(e: ForkEvidence): string {
  return `${e.origin}\n${e.kind}\n${parseNote(e.shown).text}`;
}
