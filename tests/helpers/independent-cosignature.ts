/**
 * An independent check of a C2SP Ed25519 cosignature/v1 line, written in the test from the spec's
 * text (c2sp.org/tlog-cosignature) with node:crypto only — it shares no code with
 * shared/cosignature.ts or shared/note.ts, so a witness's cosignature that passes here is right by
 * the spec, not merely by our own reading of it.
 *
 *   vkey    = name "+" hex(key ID) "+" base64(0x04 || 32-byte Ed25519 public key)
 *   key ID  = SHA-256(name || "\n" || 0x04 || public key)[:4]
 *   line    = "— " name " " base64(key ID || uint64be(timestamp) || Ed25519 signature)
 *   message = "cosignature/v1\n" + "time " + decimal(timestamp) + "\n" + note text
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

/** The note text of a signed note: everything up to and including the newline before its last blank line. */
export function noteTextOf(note: string): string {
  return note.slice(0, note.lastIndexOf('\n\n') + 1);
}

/** The line's timestamp if it is a valid cosignature on `text` by `vkey`; null otherwise. */
export function independentCosignatureCheck(
  line: string,
  text: string,
  vkey: string
): bigint | null {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  const name = vkey.slice(0, first);
  const declaredId = vkey.slice(first + 1, second);
  const key = Buffer.from(vkey.slice(second + 1), 'base64');
  if (key.length !== 33 || key[0] !== 0x04) return null;
  const publicKey = key.subarray(1);
  const keyId = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, 0x04]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
  if (keyId.toString('hex') !== declaredId) return null;

  const prefix = `\u2014 ${name} `;
  if (!line.startsWith(prefix)) return null;
  const blob = Buffer.from(line.slice(prefix.length), 'base64');
  if (blob.length !== 4 + 8 + 64 || !blob.subarray(0, 4).equals(keyId)) return null;
  const timestamp = blob.readBigUInt64BE(4);
  if (timestamp >= 1n << 63n) return null;
  const message = Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  const ok = verify(
    null,
    message,
    createPublicKey({ key: spki, format: 'der', type: 'spki' }),
    blob.subarray(12)
  );
  return ok ? timestamp : null;
}
