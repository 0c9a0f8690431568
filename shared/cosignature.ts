/**
 * Witness cosignatures of checkpoints: C2SP tlog-cosignature, Ed25519 `cosignature/v1`
 * (c2sp.org/tlog-cosignature; docs/PROTOCOL.md §Witnesses). A cosignature is an ordinary signed-note
 * signature line on the checkpoint:
 *
 *   line     = "— " name " " base64(key ID[4] || timestamp[8, uint64 big-endian] || signature[64])
 *   key ID   = SHA-256(name || 0x0A || 0x04 || 32-byte Ed25519 public key)[:4]
 *   vkey     = name "+" hex(key ID) "+" base64(0x04 || public key)
 *   message  = "cosignature/v1\n" "time " <timestamp, decimal, no leading zeros> "\n" <note text>
 *
 * where the note text is the checkpoint's whole body (origin, size, root and any extension lines,
 * each ending in "\n") and nothing else. The timestamp is seconds since the epoch, at most 2^63 − 1.
 *
 * Parsing reuses shared/note.ts (note and signature-line grammar, key IDs, vkeys) and
 * shared/checkpoint.ts (the body). Notes and keys arriving for verification are attacker-controlled:
 * verifyCosignatures never throws. Only the cosignatures are checked here — the log's own signature
 * is verifyCheckpoint's job.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes, equalBytes, toBase64, toHex, uint64be, utf8 } from './bytes.js';
import { parseCheckpoint, type Checkpoint } from './checkpoint.js';
import { InputError } from './errors.js';
import {
  formatVerifierKey,
  isValidKeyName,
  keyId,
  parseNote,
  parseVerifierKey,
  SIG_TYPE_ED25519,
  verifyEd25519,
  type NoteSigner,
} from './note.js';

/** Signature type byte of Ed25519 cosignature/v1 (signed-note §Signature types, tlog-cosignature). */
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;
/** The header line of the signed message: "provides domain separation" (tlog-cosignature). */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
/** Bytes after the key ID in a cosignature line: timestamp (8) and Ed25519 signature (64). */
const TIMESTAMPED_SIGNATURE_BYTES = 8 + 64;
/**
 * The spec caps timestamps at 2^63 − 1 and lets verifiers refuse timestamps in the future; we refuse
 * anything above 2^53 − 1 (some 285 million years away) so every timestamp is an exact JS number.
 */
export const MAX_COSIGNATURE_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** A cosigner's Ed25519 key, as configured by whoever checks its cosignatures. */
export interface CosignerKey {
  name: string;
  /** 4-byte key ID over type 0x04 */
  keyId: Uint8Array;
  publicKey: Uint8Array;
  /** name+keyid+base64(0x04||key) */
  vkey: string;
}

export interface VerifiedCosignature {
  /** the cosigner's vkey */
  vkey: string;
  name: string;
  /** seconds since the epoch at which the cosigner vouched for the checkpoint */
  timestamp: number;
}

export type CosignatureErrorCode =
  'NOTE_MALFORMED' | 'CHECKPOINT_MALFORMED' | 'COSIGNATURE_INVALID';

export type CosignatureVerification =
  /** cosignatures: one per known cosigner whose line verified (its latest timestamp) */
  | { ok: true; text: string; checkpoint: Checkpoint; cosignatures: VerifiedCosignature[] }
  | { ok: false; code: CosignatureErrorCode; message: string };

export function cosignerKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return keyId(name, publicKey, SIG_TYPE_COSIGNATURE_V1);
}

export function formatCosignerKey(name: string, publicKey: Uint8Array): string {
  return formatVerifierKey(name, publicKey, SIG_TYPE_COSIGNATURE_V1);
}

/** Parses `name+keyid+base64(0x04||key)`; throws InputError NOTE_BAD_VKEY on anything else. */
export function parseCosignerKey(vkey: string): CosignerKey {
  let k;
  try {
    k = parseVerifierKey(vkey, SIG_TYPE_COSIGNATURE_V1);
  } catch (e) {
    // A plain signed-note key of a witness is a common mix-up: say so rather than "wrong type".
    let plain = false;
    try {
      parseVerifierKey(vkey);
      plain = true;
    } catch {
      // not that either: keep the first error
    }
    if (plain)
      throw new InputError(
        'NOTE_BAD_VKEY',
        'invalid cosigner key: a signed-note key (type 0x01), not a cosignature/v1 key (type 0x04)'
      );
    throw e;
  }
  return { ...k, vkey: formatCosignerKey(k.name, k.publicKey) };
}

/**
 * The cosigner key of a witness published as a plain signed-note Ed25519 vkey (type 0x01), as some
 * witness lists do: the same name and 32-byte key, key ID recomputed over 0x04 (what
 * transparency-dev/formats' NewVerifierForCosignatureV1 does). Only for keys known to be cosigners.
 */
export function cosignerKeyFromNoteKey(vkey: string): CosignerKey {
  const k = parseVerifierKey(vkey, SIG_TYPE_ED25519);
  return parseCosignerKey(formatCosignerKey(k.name, k.publicKey));
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new InputError(
      'COSIGNATURE_BAD_TIMESTAMP',
      'timestamp must be a whole number of seconds'
    );
}

/** The bytes a cosigner signs: header line, time line and the checkpoint's note text. */
export function cosignatureMessage(text: string, timestamp: number | bigint): Uint8Array {
  if (typeof timestamp === 'number') checkTimestamp(timestamp);
  return utf8(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp.toString()}\n${text}`);
}

/** A cosigner over noble's Ed25519: a NoteSigner whose key ID is the type-0x04 one. */
export function ed25519Cosigner(name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new InputError('NOTE_BAD_KEY_NAME', 'invalid key name');
  if (seed.length !== 32) throw new InputError('NOTE_BAD_KEY', 'Ed25519 seed must be 32 bytes');
  const secret = seed.slice();
  return {
    name,
    keyId: cosignerKeyId(name, ed25519.getPublicKey(secret)),
    sign: (message) => ed25519.sign(message, secret),
  };
}

/**
 * Cosigns a checkpoint's note text (which must parse as a checkpoint) at `timestamp`, seconds since
 * the epoch; returns the signature line without its newline. A zero timestamp is refused: a witness
 * must not send one (tlog-witness), and nothing else here signs.
 */
export function cosignCheckpoint(text: string, cosigner: NoteSigner, timestamp: number): string {
  parseCheckpoint(text);
  checkTimestamp(timestamp);
  if (timestamp === 0 || timestamp > MAX_COSIGNATURE_TIMESTAMP)
    throw new InputError('COSIGNATURE_BAD_TIMESTAMP', 'timestamp must be from 1 to 2^53 − 1');
  if (!isValidKeyName(cosigner.name)) throw new InputError('NOTE_BAD_KEY_NAME', 'invalid key name');
  const ts = uint64be(BigInt(timestamp));
  const sig = cosigner.sign(cosignatureMessage(text, timestamp));
  return `— ${cosigner.name} ${toBase64(concatBytes(cosigner.keyId, ts, sig))}`;
}

function readUint64(b: Uint8Array): bigint {
  let n = 0n;
  for (const byte of b) n = (n << 8n) | BigInt(byte);
  return n;
}

/**
 * Verifies the cosignature lines of a signed checkpoint against known cosigner keys. Lines whose
 * name and key ID do not both match a known key are skipped (signed-note §Signatures), the log's own
 * signature among them. A line that matches a known key must verify — or the note is refused, as
 * verifyNote refuses a bad signature by a known key — with a timestamp of at most 2^53 − 1.
 */
export function verifyCosignatures(
  note: string,
  keys: readonly CosignerKey[]
): CosignatureVerification {
  let parsed: ReturnType<typeof parseNote>;
  let checkpoint: Checkpoint;
  try {
    parsed = parseNote(note);
  } catch (e) {
    return { ok: false, code: 'NOTE_MALFORMED', message: (e as Error).message };
  }
  try {
    checkpoint = parseCheckpoint(parsed.text);
  } catch (e) {
    return { ok: false, code: 'CHECKPOINT_MALFORMED', message: (e as Error).message };
  }
  const verified = new Map<string, VerifiedCosignature>();
  for (const s of parsed.signatures) {
    const k = keys.find((v) => v.name === s.name && equalBytes(v.keyId, s.keyId));
    if (!k) continue;
    const bad = (why: string): CosignatureVerification => ({
      ok: false,
      code: 'COSIGNATURE_INVALID',
      message: `cosignature by ${s.name}+${toHex(s.keyId)} ${why}`,
    });
    if (s.signature.length !== TIMESTAMPED_SIGNATURE_BYTES)
      return bad(`is ${4 + s.signature.length} bytes, not ${4 + TIMESTAMPED_SIGNATURE_BYTES}`);
    const ts = readUint64(s.signature.subarray(0, 8));
    if (ts > BigInt(MAX_COSIGNATURE_TIMESTAMP)) return bad('has a timestamp beyond 2^53 − 1');
    const message = cosignatureMessage(parsed.text, ts);
    if (!verifyEd25519(s.signature.subarray(8), message, k.publicKey))
      return bad('does not verify');
    const timestamp = Number(ts);
    const seen = verified.get(k.vkey);
    if (!seen || seen.timestamp < timestamp)
      verified.set(k.vkey, { vkey: k.vkey, name: k.name, timestamp });
  }
  return {
    ok: true,
    text: parsed.text,
    checkpoint,
    cosignatures: [...verified.values()],
  };
}

/**
 * The witness policy helper: how many distinct known cosigners vouch for this checkpoint. 0 when
 * the note must be refused (malformed, or a known cosigner's line that does not verify), so a
 * threshold check fails closed.
 */
export function countValidCosignatures(note: string, keys: readonly CosignerKey[]): number {
  const r = verifyCosignatures(note, keys);
  return r.ok ? r.cosignatures.length : 0;
}
