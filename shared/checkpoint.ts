/**
 * C2SP transparency-log checkpoints (c2sp.org/tlog-checkpoint): the signed-note text
 *
 *   <origin>\n<tree size, decimal, no leading zeros>\n<base64 RFC 6962 root hash>\n[<extension>\n]*
 *
 * signed with the log's key, whose name is the origin. Parsing is strict (one text per checkpoint):
 * anything else is CHECKPOINT_MALFORMED. Checkpoints loaded for verification are attacker-controlled:
 * verifyCheckpoint never throws and answers with a typed result.
 *
 * Our log chains its checkpoints: every checkpoint after the first carries one extension line
 *   "prev " base64(taggedHash("prev-checkpoint", the previous signed note's UTF-8 bytes))
 * so the latest signature vouches for the exact bytes of every earlier checkpoint, and an audit checks
 * one signature plus a hash per checkpoint instead of a signature per checkpoint. After it a
 * checkpoint may carry one time line (docs/PROTOCOL.md §Time line)
 *   "drand quicknet " <round, decimal> " " <the round's BLS signature, 96 lowercase hex digits>
 * the latest drand round the log had verified when it signed: the text cannot have been written
 * before that round was produced. Its signature is checked where BLS is loaded
 * (auditor/checkpoint-time.ts); here it is only grammar.
 */
import { fromBase64, toBase64 } from './bytes.js';
import { InputError, VerificationError } from './errors.js';
import { nobleHasher, taggedTextHash, type Hasher } from './hash.js';
import { HASH_SIZE } from './merkle.js';
import {
  isValidKeyName,
  signNote,
  verifyNote,
  type NoteErrorCode,
  type NoteSigner,
  type NoteVerifier,
} from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** extension lines; ours carry the chain line (chainExtension) and maybe a time line (timeExtension) */
  extensions: string[];
}

export type CheckpointErrorCode = NoteErrorCode | 'CHECKPOINT_MALFORMED' | 'CHECKPOINT_ORIGIN';

export type CheckpointVerification =
  | { ok: true; checkpoint: Checkpoint; verifiedBy: string[] }
  | { ok: false; code: CheckpointErrorCode; message: string };

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** The checkpoint's note text (what gets signed). */
export function formatCheckpoint(c: Checkpoint): string {
  if (!isValidKeyName(c.origin))
    throw new InputError('CHECKPOINT_MALFORMED', 'origin must be a valid key name');
  if (!Number.isSafeInteger(c.size) || c.size < 0)
    throw new InputError('CHECKPOINT_MALFORMED', 'tree size must be a non-negative integer');
  if (c.rootHash.length !== HASH_SIZE)
    throw new InputError('CHECKPOINT_MALFORMED', `root hash must be ${HASH_SIZE} bytes`);
  if (c.extensions.some((e) => e.length === 0 || e.includes('\n')))
    throw new InputError('CHECKPOINT_MALFORMED', 'extension lines must be non-empty single lines');
  return [c.origin, String(c.size), toBase64(c.rootHash), ...c.extensions].join('\n') + '\n';
}

/** Parses checkpoint note text strictly; throws InputError CHECKPOINT_MALFORMED. */
export function parseCheckpoint(text: string): Checkpoint {
  const bad = (why: string) =>
    new InputError('CHECKPOINT_MALFORMED', `malformed checkpoint: ${why}`);
  if (typeof text !== 'string' || !text.endsWith('\n')) throw bad('must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw bad('needs origin, size and root hash lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [
    string,
    string,
    string,
    ...string[],
  ];
  if (origin.length === 0) throw bad('empty origin');
  if (!DECIMAL.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw bad('tree size must be a decimal without leading zeros');
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(rootText);
  } catch {
    throw bad('root hash is not base64');
  }
  if (rootHash.length !== HASH_SIZE) throw bad(`root hash must be ${HASH_SIZE} bytes`);
  if (extensions.some((e) => e.length === 0)) throw bad('empty extension line');
  return { origin, size: Number(sizeText), rootHash, extensions };
}

/** Domain tag of the checkpoint chain hash (shared/hash.ts taggedHash). */
const CHAIN_TAG = 'prev-checkpoint';

/**
 * The extension line that chains a checkpoint to the signed note before it (the audit computes one
 * per stored checkpoint, hence the Hasher argument: shared/hash.ts).
 */
export function chainExtension(previousNote: string, hasher: Hasher = nobleHasher): string {
  return `prev ${toBase64(taggedTextHash(CHAIN_TAG, previousNote, hasher))}`;
}

/**
 * Whether `c` is chained to `previousNote` and carries nothing else of ours: its first extension
 * line is the chain line, and the only other one allowed is a time line.
 */
export function isChainedTo(
  c: Checkpoint,
  previousNote: string,
  hasher: Hasher = nobleHasher
): boolean {
  const [chain, ...rest] = c.extensions;
  return chain === chainExtension(previousNote, hasher) && hasOnlyTimeLine(rest);
}

/** Whether extension lines (after the chain line, if any) are none or exactly one time line. */
export function hasOnlyTimeLine(extensions: readonly string[]): boolean {
  return extensions.length === 0 || (extensions.length === 1 && isTimeLine(extensions[0]!));
}

/** The drand round of a time line: only quicknet, whose signed message is the round alone. */
export interface TimeAnchor {
  chain: 'quicknet';
  round: number;
  /** the round's BLS signature, lowercase hex (48 bytes) */
  signature: string;
}

const TIME_LINE = /^drand quicknet ([1-9][0-9]{0,15}) ([0-9a-f]{96})$/;

/** The time line of a checkpoint signed when the log had verified `anchor`. */
export function timeExtension(anchor: TimeAnchor): string {
  const line = `drand ${anchor.chain} ${anchor.round} ${anchor.signature}`;
  if (parseTimeLine(line) === null)
    throw new InputError('CHECKPOINT_MALFORMED', 'not a quicknet round with its signature');
  return line;
}

function isTimeLine(line: string): boolean {
  return parseTimeLine(line) !== null;
}

/** A time line's round and signature, or null when the line is not one (grammar only). */
export function parseTimeLine(line: string): TimeAnchor | null {
  const m = TIME_LINE.exec(line);
  if (!m || !Number.isSafeInteger(Number(m[1]))) return null;
  return { chain: 'quicknet', round: Number(m[1]), signature: m[2]! };
}

/** The time line among a checkpoint's extension lines, if it has one. */
export function timeAnchorOf(c: Pick<Checkpoint, 'extensions'>): TimeAnchor | null {
  for (const e of c.extensions) {
    const t = parseTimeLine(e);
    if (t) return t;
  }
  return null;
}

/** Formats and signs a checkpoint; returns the signed note. */
export function signCheckpoint(c: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(c), [signer]);
}

/**
 * Verifies a signed checkpoint against known keys and, when given, the log's origin (a log's key
 * signs only its own origin, so a checkpoint of another log never passes).
 */
export function verifyCheckpoint(
  note: string,
  known: NoteVerifier[],
  origin?: string
): CheckpointVerification {
  const r = verifyNote(note, known);
  if (!r.ok) return r;
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(r.text);
  } catch (e) {
    return { ok: false, code: 'CHECKPOINT_MALFORMED', message: (e as Error).message };
  }
  if (origin !== undefined && checkpoint.origin !== origin)
    return { ok: false, code: 'CHECKPOINT_ORIGIN', message: `checkpoint is not from ${origin}` };
  return { ok: true, checkpoint, verifiedBy: r.verifiedBy };
}

/** verifyCheckpoint for ordered verification steps: returns the checkpoint or throws. */
// Only tests call this (the C2SP vectors); no feature does.
export function openCheckpoint(note: string, known: NoteVerifier[], origin?: string): Checkpoint {
  const r = verifyCheckpoint(note, known, origin);
  if (!r.ok) throw new VerificationError(r.code, r.message);
  return r.checkpoint;
}
