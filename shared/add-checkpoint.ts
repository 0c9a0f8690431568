/**
 * The wire format of C2SP tlog-witness `POST <prefix>/add-checkpoint` (c2sp.org/tlog-witness;
 * docs/PROTOCOL.md §Witnesses): the request body
 *
 *   "old " <size, decimal, no leading zeros> "\n"
 *   <base64 of one consistency-proof hash> "\n"        (0 to 63 lines, RFC 6962 §2.1.2 order)
 *   "\n"
 *   <the signed checkpoint note>
 *
 * and the answers: 200 with cosignature lines ("— name base64\n", one or more), 409 with the tree
 * size the witness holds ("<size>\n", Content-Type text/x.tlog.size). Used by our witness
 * (auditor/witness/) and by a log asking witnesses to cosign. Bodies are attacker-controlled: the
 * parsers are strict, bounded, and throw InputError ADD_CHECKPOINT_MALFORMED.
 */
import { fromBase64, toBase64 } from './bytes.js';
import { InputError } from './errors.js';
import { HASH_SIZE } from './merkle.js';
import { MAX_NOTE_BYTES, parseNote } from './note.js';

/** "The client MUST NOT send more than 63 consistency proof lines" (tlog-witness). */
export const MAX_PROOF_LINES = 63;
/**
 * Bound on a request body: the old size and 63 proof lines take under 3 KiB; the rest is a
 * checkpoint whose signatures a witness must accept at least 16 of (signed-note), some of them
 * post-quantum (~3.3 KiB each).
 */
export const MAX_ADD_CHECKPOINT_BYTES = 128 * 1024;
/** Content-Type of a 409 answer's body (tlog-witness). */
export const TREE_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

export type AddCheckpointErrorCode = 'ADD_CHECKPOINT_MALFORMED';

export interface AddCheckpointRequest {
  /** the size of the checkpoint the client believes the witness holds (0: none) */
  oldSize: number;
  /** consistency proof from oldSize to the checkpoint's size */
  proof: Uint8Array[];
  /** the signed checkpoint note, verbatim */
  checkpoint: string;
}

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

const malformed = (why: string) =>
  new InputError('ADD_CHECKPOINT_MALFORMED' satisfies AddCheckpointErrorCode, why);

function parseSize(text: string, what: string): number {
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw malformed(`${what}: a decimal without leading zeros`);
  return n;
}

export function formatAddCheckpointRequest(r: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(r.oldSize) || r.oldSize < 0)
    throw malformed('old size must be a non-negative integer');
  if (r.proof.length > MAX_PROOF_LINES) throw malformed(`more than ${MAX_PROOF_LINES} proof lines`);
  if (r.proof.some((h) => h.length !== HASH_SIZE))
    throw malformed(`proof hashes must be ${HASH_SIZE} bytes`);
  if (!r.checkpoint.endsWith('\n')) throw malformed('the checkpoint note must end with a newline');
  return `old ${r.oldSize}\n${r.proof.map((h) => toBase64(h) + '\n').join('')}\n${r.checkpoint}`;
}

/**
 * Splits a request body into old size, proof and checkpoint note. The note itself is not parsed
 * here: the witness tells a malformed request from a malformed note from a malformed checkpoint.
 */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  if (typeof body !== 'string') throw malformed('not text');
  if (body.length > MAX_ADD_CHECKPOINT_BYTES) throw malformed('request too large');
  let at = 0;
  const nextLine = (): string => {
    const end = body.indexOf('\n', at);
    if (end < 0) throw malformed('every line must end with a newline');
    const line = body.slice(at, end);
    at = end + 1;
    return line;
  };
  const first = nextLine();
  if (!first.startsWith('old ')) throw malformed('the first line must be "old <size>"');
  const oldSize = parseSize(first.slice(4), 'old size');
  const proof: Uint8Array[] = [];
  for (let line = nextLine(); line !== ''; line = nextLine()) {
    if (proof.length === MAX_PROOF_LINES)
      throw malformed(`more than ${MAX_PROOF_LINES} consistency proof lines`);
    let hash: Uint8Array;
    try {
      hash = fromBase64(line);
    } catch {
      throw malformed(`proof line ${proof.length + 1} is not base64`);
    }
    if (hash.length !== HASH_SIZE)
      throw malformed(`proof line ${proof.length + 1} is not a ${HASH_SIZE}-byte hash`);
    proof.push(hash);
  }
  const checkpoint = body.slice(at);
  if (checkpoint.length === 0) throw malformed('no checkpoint after the empty line');
  return { oldSize, proof, checkpoint };
}

/** A 200 answer: the cosignature lines, each ending in a newline. */
export function formatCosignatureResponse(lines: readonly string[]): string {
  if (lines.length === 0) throw malformed('a 200 answer carries at least one cosignature');
  return lines.map((l) => l + '\n').join('');
}

/**
 * The signature lines of a 200 answer (without newlines), checked against the signed-note line
 * grammar (the same parser as every note: the lines are parsed as the signatures of a stub note).
 */
export function parseCosignatureResponse(body: string): string[] {
  if (typeof body !== 'string' || body.length === 0) throw malformed('no cosignature lines');
  if (body.length > MAX_NOTE_BYTES - 3) throw malformed('answer too large');
  if (body.startsWith('\n') || body.includes('\n\n')) throw malformed('empty line in the answer');
  try {
    parseNote(`-\n\n${body}`);
  } catch (e) {
    throw malformed(`not signature lines: ${(e as Error).message}`);
  }
  return body.slice(0, -1).split('\n');
}

/**
 * The checkpoint note with cosignature lines appended, as tlog-witness suggests a client verify
 * them ("concatenate it to the checkpoint"). Throws InputError NOTE_MALFORMED when the result is not
 * a note (a line that is not a signature line, more than MAX_SIGNATURES lines).
 */
export function appendCosignatures(note: string, lines: readonly string[]): string {
  if (lines.some((l) => l.includes('\n'))) throw malformed('a signature line has a newline');
  // non-empty lines without newlines cannot move the note's last blank line, so its text stays
  const out = note + lines.map((l) => l + '\n').join('');
  parseNote(out);
  return out;
}

/** A 409 answer's body: the size of the witness's latest cosigned checkpoint. */
export function formatTreeSize(size: number): string {
  if (!Number.isSafeInteger(size) || size < 0) throw malformed('tree size must be non-negative');
  return `${size}\n`;
}

export function parseTreeSize(body: string): number {
  if (typeof body !== 'string' || !body.endsWith('\n')) throw malformed('tree size line');
  return parseSize(body.slice(0, -1), 'tree size');
}
