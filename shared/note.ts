/**
 * C2SP signed notes (c2sp.org/signed-note, the golang.org/x/mod/sumdb/note format) with Ed25519:
 *
 *   signed note = text (ends in "\n") || "\n" || signature lines
 *   signature   = "— " name " " base64(key ID[4] || Ed25519 signature over text) "\n"
 *   key ID      = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]
 *   vkey        = name "+" hex(key ID) "+" base64(0x01 || public key)
 *   skey        = "PRIVATE+KEY+" name "+" hex(key ID) "+" base64(0x01 || 32-byte seed)
 *
 * keyId, formatVerifierKey and parseVerifierKey take the signature type byte (default 0x01), so
 * tlog-cosignature's Ed25519 cosigner keys (type 0x04, shared/cosignature.ts) use the same code.
 *
 * Signing takes a NoteSigner so the server can plug in a faster Ed25519 implementation that gives the
 * same bytes (Ed25519 is deterministic, RFC 8032 §5.1.6). Notes and keys arriving for verification are
 * attacker-controlled: verifyNote never throws and answers with a typed result; signatures by unknown
 * keys are ignored, as the spec requires.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  concatBytes,
  equalBytes,
  fromBase64,
  isWellFormedString,
  toBase64,
  toHex,
  utf8,
} from './bytes.js';
import { sha256 } from './hash.js';
import { InputError, VerificationError } from './errors.js';

/** Signature type identifier byte for Ed25519 (signed-note §Signature types). */
export const SIG_TYPE_ED25519 = 0x01;
/** Go's note.Open refuses more than 100 signatures; the spec asks for at least 16. */
const MAX_SIGNATURES = 100;
/** Generous upper bound on a note's size so hostile input cannot make us work forever. */
export const MAX_NOTE_BYTES = 1 << 20;

export interface NoteVerifier {
  name: string;
  /** 4-byte key ID */
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export interface NoteSigner {
  name: string;
  keyId: Uint8Array;
  /** Ed25519 signature (64 bytes) of the note text's UTF-8 bytes */
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** the signature bytes after the key ID */
  signature: Uint8Array;
}

export type NoteErrorCode = 'NOTE_MALFORMED' | 'NOTE_BAD_SIGNATURE' | 'NOTE_UNVERIFIED';

export type NoteVerification =
  /** verifiedBy lists `name+keyid` of each known key whose signature verified */
  | { ok: true; text: string; verifiedBy: string[]; unknown: NoteSignature[] }
  | { ok: false; code: NoteErrorCode; message: string };

/** Key names: non-empty, no Unicode spaces (Go's unicode.IsSpace), no '+'. */
/** Names already judged (bounded: names come from attacker-controlled notes too). */
const validNames = new Map<string, boolean>();

export function isValidKeyName(name: string): boolean {
  let ok = validNames.get(name);
  if (ok === undefined) {
    ok =
      name.length > 0 &&
      !/[\t\n\v\f\r \u0085\u00a0+]|\p{Z}/u.test(name) &&
      isWellFormedString(name);
    // a log has one name and checks it on every note (an audit: on every checkpoint)
    if (validNames.size < 64) validNames.set(name, ok);
  }
  return ok;
}

/** Valid note content: well-formed UTF-8 without ASCII control characters other than newline. */
function isValidNoteText(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return isWellFormedString(s) && !/[\x00-\x09\x0b-\x1f]/.test(s);
}

/** Splits on the first n−1 '+' signs: base64 key material may itself contain '+' (as in Go's chop). */
function splitPlus(s: string, n: number): string[] {
  const parts: string[] = [];
  let rest = s;
  while (parts.length < n - 1) {
    const i = rest.indexOf('+');
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * key ID = SHA-256(name || 0x0A || signature type || public key)[:4] (signed-note §Signatures). The
 * type is 0x01 for plain Ed25519 notes; tlog-cosignature's Ed25519 cosigners use 0x04 with the same
 * 32-byte key (shared/cosignature.ts).
 */
export function keyId(
  name: string,
  publicKey: Uint8Array,
  sigType: number = SIG_TYPE_ED25519
): Uint8Array {
  return sha256(concatBytes(utf8(name), new Uint8Array([0x0a, sigType]), publicKey)).slice(0, 4);
}

/** `name+hex(key ID)+base64(type || key)`: a verifier key of a 32-byte Ed25519 key of that type. */
export function formatVerifierKey(
  name: string,
  publicKey: Uint8Array,
  sigType: number = SIG_TYPE_ED25519
): string {
  if (!isValidKeyName(name)) throw new InputError('NOTE_BAD_KEY_NAME', 'invalid key name');
  if (publicKey.length !== 32) throw new InputError('NOTE_BAD_KEY', 'Ed25519 key must be 32 bytes');
  const enc = concatBytes(new Uint8Array([sigType]), publicKey);
  return `${name}+${toHex(keyId(name, publicKey, sigType))}+${toBase64(enc)}`;
}

/**
 * Parses `name+keyid+base64(type||key)` for a 32-byte Ed25519 key of signature type `sigType`
 * (default 0x01); throws InputError NOTE_BAD_VKEY on anything else.
 */
export function parseVerifierKey(vkey: string, sigType: number = SIG_TYPE_ED25519): NoteVerifier {
  const bad = (why: string) => new InputError('NOTE_BAD_VKEY', `invalid verifier key: ${why}`);
  if (typeof vkey !== 'string') throw bad('not a string');
  const parts = splitPlus(vkey, 3);
  if (parts.length !== 3) throw bad('want name+keyid+key');
  const [name, idHex, key64] = parts as [string, string, string];
  if (!isValidKeyName(name)) throw bad('key name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw bad('key ID must be 8 hex digits');
  let key: Uint8Array;
  try {
    key = fromBase64(key64);
  } catch {
    throw bad('key is not base64');
  }
  if (key.length !== 33 || key[0] !== sigType)
    throw bad(
      sigType === SIG_TYPE_ED25519
        ? 'not an Ed25519 key'
        : `not an Ed25519 key of type 0x${sigType.toString(16).padStart(2, '0')}`
    );
  const publicKey = key.slice(1);
  const id = keyId(name, publicKey, sigType);
  if (toHex(id) !== idHex.toLowerCase()) throw bad('key ID does not match the key');
  return { name, keyId: id, publicKey };
}

export function formatSignerKey(name: string, seed: Uint8Array): string {
  if (seed.length !== 32) throw new InputError('NOTE_BAD_KEY', 'Ed25519 seed must be 32 bytes');
  const vkey = formatVerifierKey(name, ed25519.getPublicKey(seed));
  const id = vkey.split('+')[1]!;
  return `PRIVATE+KEY+${name}+${id}+${toBase64(concatBytes(new Uint8Array([SIG_TYPE_ED25519]), seed))}`;
}

/** Parses a Go-style private key; the error never echoes the key text. */
export function parseSignerKey(skey: string): { name: string; seed: Uint8Array; vkey: string } {
  const bad = (why: string) => new InputError('NOTE_BAD_SKEY', `invalid signer key: ${why}`);
  const parts = typeof skey === 'string' ? splitPlus(skey, 5) : [];
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw bad('want PRIVATE+KEY+name+keyid+key');
  const [, , name, idHex, key64] = parts as [string, string, string, string, string];
  let key: Uint8Array;
  try {
    key = fromBase64(key64);
  } catch {
    throw bad('key is not base64');
  }
  if (!isValidKeyName(name)) throw bad('key name');
  if (key.length !== 33 || key[0] !== SIG_TYPE_ED25519) throw bad('not an Ed25519 key');
  const seed = key.slice(1);
  const vkey = formatVerifierKey(name, ed25519.getPublicKey(seed));
  if (vkey.split('+')[1] !== idHex.toLowerCase()) throw bad('key ID does not match the key');
  return { name, seed, vkey };
}

/** A NoteSigner with noble's Ed25519 (pure JS: works in the browser and the CLI). */
// Exported for the tests, which sign the C2SP vectors (the server signs with node:crypto).
export function ed25519Signer(name: string, seed: Uint8Array): NoteSigner {
  if (seed.length !== 32) throw new InputError('NOTE_BAD_KEY', 'Ed25519 seed must be 32 bytes');
  const secret = seed.slice();
  return {
    name,
    keyId: keyId(name, ed25519.getPublicKey(secret)),
    sign: (message) => ed25519.sign(message, secret),
  };
}

/** Signs `text` (which must end in a newline) with each signer, in order. */
export function signNote(text: string, signers: NoteSigner[]): string {
  if (!text.endsWith('\n') || !isValidNoteText(text))
    throw new InputError('NOTE_MALFORMED', 'note text must be valid and end with a newline');
  const message = utf8(text);
  const lines = signers.map((s) => {
    if (!isValidKeyName(s.name)) throw new InputError('NOTE_BAD_KEY_NAME', 'invalid key name');
    return `— ${s.name} ${toBase64(concatBytes(s.keyId, s.sign(message)))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Whether `text` is an Ed25519 signature line's base64 (key ID, 4 bytes, and signature, 64) in the
 * strict form fromBase64 accepts: 68 bytes are 92 characters, the last '=' and the one before it with
 * its two low bits zero — decided without decoding (an audit checks the form of many signatures it
 * does not verify).
 */
export function isEd25519SignatureBase64(text: string): boolean {
  // /^[A-Za-z0-9+/]{90}[AEIMQUYcgkosw048]=$/ as a loop over a table: a third of the regex's time
  if (text.length !== 92 || text.charCodeAt(91) !== 0x3d /* = */) return false;
  for (let i = 0; i < 90; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE64_LOW_BITS[c]! < 0) return false;
  }
  const last = text.charCodeAt(90);
  return last < 128 && BASE64_LOW_BITS[last] === 0;
}
/** Per ASCII code: -1 if not a base64 digit, else the two low bits of the digit's value. */
const BASE64_LOW_BITS = new Int8Array(128).fill(-1);
for (const [i, c] of [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
].entries())
  BASE64_LOW_BITS[c.charCodeAt(0)] = i & 3;

/** Splits a signed note into its text and signature lines; throws InputError NOTE_MALFORMED. */
export function parseNote(msg: string): { text: string; signatures: NoteSignature[] } {
  const bad = (why: string) => new InputError('NOTE_MALFORMED', `malformed note: ${why}`);
  if (typeof msg !== 'string') throw bad('not a string');
  if (msg.length > MAX_NOTE_BYTES) throw bad('too large');
  if (!isValidNoteText(msg)) throw bad('control characters or invalid UTF-8');
  // The text is separated from the signatures by the LAST blank line (signed-note §Format).
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw bad('no signature block');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw bad('signature block must end in newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw bad('too many signatures');
  const signatures = lines.map((line) => {
    const m = /^— ([^ ]+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!m || !isValidKeyName(m[1]!)) throw bad('signature line');
    let raw: Uint8Array;
    try {
      raw = fromBase64(m[2]!);
    } catch {
      throw bad('signature is not base64');
    }
    if (raw.length < 5) throw bad('signature too short');
    return { name: m[1]!, keyId: raw.slice(0, 4), signature: raw.slice(4) };
  });
  return { text, signatures };
}

/** Strict RFC 8032 Ed25519 verification (no ZIP-215 leniency); false on any malformed input. */
export function verifyEd25519(
  sig: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array
): boolean {
  if (sig.length !== 64) return false;
  try {
    return ed25519.verify(sig, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Verifies a signed note against known keys (signed-note §Signatures): signatures from unknown keys
 * are ignored; a known key's signature that fails rejects the note; at least one must verify.
 */
export function verifyNote(msg: string, known: NoteVerifier[]): NoteVerification {
  let parsed: ReturnType<typeof parseNote>;
  try {
    parsed = parseNote(msg);
  } catch (e) {
    return { ok: false, code: 'NOTE_MALFORMED', message: (e as Error).message };
  }
  const message = utf8(parsed.text);
  const verifiedBy: string[] = [];
  const unknown: NoteSignature[] = [];
  for (const s of parsed.signatures) {
    const k = known.find((v) => v.name === s.name && equalBytes(v.keyId, s.keyId));
    if (!k) {
      unknown.push(s);
      continue;
    }
    if (!verifyEd25519(s.signature, message, k.publicKey))
      return {
        ok: false,
        code: 'NOTE_BAD_SIGNATURE',
        message: `signature by ${s.name}+${toHex(s.keyId)} does not verify`,
      };
    const id = `${s.name}+${toHex(s.keyId)}`;
    if (!verifiedBy.includes(id)) verifiedBy.push(id);
  }
  if (verifiedBy.length === 0)
    return { ok: false, code: 'NOTE_UNVERIFIED', message: 'no signature by a known key' };
  return { ok: true, text: parsed.text, verifiedBy, unknown };
}

/** verifyNote for ordered verification steps: returns the text or throws VerificationError. */
// Only tests call this (the C2SP vectors); no feature does.
export function openNote(msg: string, known: NoteVerifier[]): string {
  const r = verifyNote(msg, known);
  if (!r.ok) throw new VerificationError(r.code, r.message);
  return r.text;
}
