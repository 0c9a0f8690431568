/**
 * The durable record of a log witness (auditor/witness/, docs/PROTOCOL.md §Witnesses): per log
 * origin the latest checkpoint it verified and cosigned, and the evidence of every fork it was
 * shown. The file is JSON; it is read back at start and by anyone examining a witness's findings, so
 * the schema is strict and each record re-checked against its own checkpoint on load.
 */
import { z } from 'zod';
import { MAX_PROOF_LINES } from '../add-checkpoint.js';
import { LogHash } from './log.js';

export const WITNESS_STATE_VERSION = 1;

/** A signed checkpoint note as the witness keeps it: the text and the log's signature lines. */
const Note = z
  .string()
  .min(1)
  .max(256 * 1024);
const Seconds = z.int().min(1);

export const WitnessLogRecord = z.strictObject({
  /** the latest checkpoint verified and cosigned for this origin */
  checkpoint: Note,
  size: z.int().min(0),
  rootHash: LogHash,
  /** our cosignature line on it (no newline) and its timestamp */
  cosignature: z.string().min(1).max(1024),
  cosignedAt: Seconds,
});
export type WitnessLogRecord = z.infer<typeof WitnessLogRecord>;

/**
 * What a conflicting checkpoint looked like. `same-size-different-root`: two checkpoints of one size
 * with different roots, both signed by the log — proof of a fork by itself. `inconsistent-proof`: the
 * consistency proof given from the held checkpoint to the shown one did not verify — a fork, or a bad
 * proof; the log's own proof between the two settles which.
 */
export const ForkEvidence = z.strictObject({
  origin: z.string().min(1),
  kind: z.enum(['same-size-different-root', 'inconsistent-proof']),
  /** when the witness was shown it, by its clock (seconds since the epoch) */
  seenAt: Seconds,
  /** the checkpoint the witness held (and had cosigned) */
  held: Note,
  /** the conflicting checkpoint, with the signature lines of the log's trusted keys */
  shown: Note,
  /** the request's old size and consistency proof lines (base64), as given */
  oldSize: z.int().min(0),
  proof: z.array(z.string().max(64)).max(MAX_PROOF_LINES),
});
export type ForkEvidence = z.infer<typeof ForkEvidence>;

export const WitnessState = z.strictObject({
  version: z.literal(WITNESS_STATE_VERSION),
  /** by checkpoint origin */
  logs: z.record(z.string(), WitnessLogRecord),
  forks: z.array(ForkEvidence),
});
export type WitnessState = z.infer<typeof WitnessState>;
