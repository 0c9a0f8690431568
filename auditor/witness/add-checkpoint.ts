/**
 * The checks of C2SP tlog-witness add-checkpoint, in the order of the spec's text (docs/PROTOCOL.md
 * §Witnesses), as a pure decision over the request body, the trusted log keys and what the witness
 * holds — no I/O, no clock, no signing (auditor/witness/witness.ts does those):
 *
 *   400  the body, the note or the checkpoint is malformed
 *   404  the origin is not a configured log
 *   403  no signature by a trusted key of the log verifies, or one by a trusted key fails
 *   400  old size > checkpoint size
 *   409  old size ≠ the size of the checkpoint held (0 if none); the answer carries the held size
 *   422  the consistency proof from the held checkpoint does not verify (from 0: must be empty; a
 *        size-0 checkpoint must have the empty tree's root; same size: the root must be the held one)
 *
 * A 422 against a held checkpoint also returns the fork evidence to keep. Whatever passes is a
 * consistent extension of the held checkpoint (or the first one seen) and may be cosigned.
 */
import { concatBytes, equalBytes, fromHex, toBase64 } from '../../shared/bytes.js';
import { parseCheckpoint, type Checkpoint } from '../../shared/checkpoint.js';
import { AppError } from '../../shared/errors.js';
import {
  parseAddCheckpointRequest,
  type AddCheckpointRequest,
} from '../../shared/add-checkpoint.js';
import { emptyRoot, verifyConsistency } from '../../shared/merkle.js';
import { parseNote, verifyNote, type NoteVerifier } from '../../shared/note.js';
import type { ForkEvidence, WitnessLogRecord } from '../../shared/schemas/witness.js';

export type WitnessErrorCode =
  | 'WITNESS_REQUEST_MALFORMED'
  | 'WITNESS_CHECKPOINT_MALFORMED'
  | 'WITNESS_UNKNOWN_LOG'
  | 'WITNESS_BAD_SIGNATURE'
  | 'WITNESS_OLD_SIZE_TOO_LARGE'
  | 'WITNESS_OLD_SIZE_MISMATCH'
  | 'WITNESS_INCONSISTENT'
  | 'WITNESS_REQUEST_TOO_LARGE'
  | 'WITNESS_NOT_FOUND'
  | 'WITNESS_METHOD_NOT_ALLOWED'
  | 'WITNESS_INTERNAL';

/** A refused witness request; its HTTP status is WITNESS_STATUS[code]. */
export class WitnessError extends AppError<WitnessErrorCode> {}

export const WITNESS_STATUS: Record<WitnessErrorCode, number> = {
  WITNESS_REQUEST_MALFORMED: 400,
  WITNESS_CHECKPOINT_MALFORMED: 400,
  WITNESS_UNKNOWN_LOG: 404,
  WITNESS_BAD_SIGNATURE: 403,
  WITNESS_OLD_SIZE_TOO_LARGE: 400,
  WITNESS_OLD_SIZE_MISMATCH: 409,
  WITNESS_INCONSISTENT: 422,
  WITNESS_REQUEST_TOO_LARGE: 413,
  WITNESS_NOT_FOUND: 404,
  WITNESS_METHOD_NOT_ALLOWED: 405,
  WITNESS_INTERNAL: 500,
};

/** Trusted verifier keys by log origin (a log may have several, e.g. across a key rotation). */
export type TrustedLogs = ReadonlyMap<string, readonly NoteVerifier[]>;

export type AddCheckpointCheck =
  | {
      ok: true;
      origin: string;
      checkpoint: Checkpoint;
      /** the note's text (what a cosignature signs) */
      text: string;
      /** the note reduced to its text and the trusted keys' signature lines (what is kept) */
      note: string;
    }
  | {
      ok: false;
      error: WitnessError;
      /** 409: the size of the checkpoint held */
      heldSize?: number;
      /** 422 against a held checkpoint: what to keep and report */
      evidence?: Omit<ForkEvidence, 'seenAt'>;
    };

const refuse = (code: WitnessErrorCode, message: string): AddCheckpointCheck => ({
  ok: false,
  error: new WitnessError(code, message),
});

/**
 * The note with only the signature lines of trusted keys (all of which verified): what the witness
 * keeps. Lines by unknown keys are the client's to add and could pad a kept record without bound.
 */
function trustedNote(note: string, keys: readonly NoteVerifier[]): string {
  const { text, signatures } = parseNote(note);
  const lines = signatures
    .filter((s) => keys.some((k) => k.name === s.name && equalBytes(k.keyId, s.keyId)))
    .map((s) => `— ${s.name} ${toBase64(concatBytes(s.keyId, s.signature))}\n`);
  return `${text}\n${[...new Set(lines)].join('')}`;
}

export function checkAddCheckpoint(
  body: string,
  logs: TrustedLogs,
  held: (origin: string) => WitnessLogRecord | undefined
): AddCheckpointCheck {
  let req: AddCheckpointRequest;
  let text: string;
  let checkpoint: Checkpoint;
  try {
    req = parseAddCheckpointRequest(body);
    text = parseNote(req.checkpoint).text;
  } catch (e) {
    return refuse('WITNESS_REQUEST_MALFORMED', `invalid input: ${(e as Error).message}`);
  }
  try {
    checkpoint = parseCheckpoint(text);
  } catch (e) {
    return refuse('WITNESS_CHECKPOINT_MALFORMED', `invalid checkpoint: ${(e as Error).message}`);
  }
  const { origin, size, rootHash } = checkpoint;
  const keys = logs.get(origin);
  if (!keys)
    return refuse('WITNESS_UNKNOWN_LOG', `unknown log: no key is configured for ${origin}`);
  const v = verifyNote(req.checkpoint, [...keys]);
  if (!v.ok) return refuse('WITNESS_BAD_SIGNATURE', `invalid signature: ${v.message}`);

  if (req.oldSize > size)
    return refuse(
      'WITNESS_OLD_SIZE_TOO_LARGE',
      `old size ${req.oldSize} > checkpoint size ${size}`
    );
  const h = held(origin);
  const heldSize = h?.size ?? 0;
  if (req.oldSize !== heldSize)
    return {
      ok: false,
      error: new WitnessError(
        'WITNESS_OLD_SIZE_MISMATCH',
        `old size ${req.oldSize} is not ${heldSize}, the size of the latest checkpoint cosigned for ${origin}`
      ),
      heldSize,
    };

  const oldRoot = h ? fromHex(h.rootHash) : emptyRoot();
  if (verifyConsistency(req.oldSize, size, oldRoot, rootHash, req.proof))
    return { ok: true, origin, checkpoint, text, note: trustedNote(req.checkpoint, keys) };

  let why: string;
  let kind: ForkEvidence['kind'] | undefined;
  if (size === 0) why = 'a checkpoint of size 0 must carry the empty tree root';
  else if (req.oldSize === 0) why = 'the consistency proof from size 0 must be empty';
  else if (size === req.oldSize && !equalBytes(rootHash, oldRoot)) {
    why = `the root differs from the checkpoint of size ${size} cosigned before (consistency proof impossible)`;
    kind = 'same-size-different-root';
  } else if (size === req.oldSize) why = 'the consistency proof between equal sizes must be empty';
  else {
    why = `the consistency proof from size ${req.oldSize} to ${size} does not verify`;
    kind = 'inconsistent-proof';
  }
  const error = new WitnessError('WITNESS_INCONSISTENT', why);
  if (!h || !kind) return { ok: false, error };
  return {
    ok: false,
    error,
    evidence: {
      origin,
      kind,
      held: h.checkpoint,
      shown: trustedNote(req.checkpoint, keys),
      oldSize: req.oldSize,
      proof: req.proof.map(toBase64),
    },
  };
}
