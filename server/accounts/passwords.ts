/**
 * Password hashing with scrypt (RFC 7914) from node:crypto. Each hash gets a fresh 16-byte random salt
 * and is stored self-describing, so the parameters can be raised later without breaking old hashes:
 *
 *   scrypt$N=32768,r=8,p=3$<salt base64url>$<hash base64url>
 *
 * N=2^15, r=8, p=3 is one of the OWASP Password Storage Cheat Sheet's equivalent scrypt settings
 * (≈ 32 MiB of memory per hash). Comparison is constant-time (crypto.timingSafeEqual).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: "N=2^15 (32 MiB), r=8 (1024 bytes), p=3". */
// Exported for the test that pins the cost parameters.
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Upper bounds accepted when reading a stored hash, so a tampered row cannot exhaust memory. */
const MAX_N = 2 ** 20;
const MAX_RP = 64;

function derive(password: string, salt: Buffer, prm: ScryptParams, len: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; leave headroom above node's 32 MiB default.
  const opts: ScryptOptions = { N: prm.N, r: prm.r, p: prm.p, maxmem: 256 * prm.N * prm.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, len, opts, (err, key) =>
      err ? reject(err) : resolve(key)
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = SCRYPT_PARAMS
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const m = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > MAX_RP || p < 1 || p > MAX_RP) return null;
  const key = Buffer.from(m[5]!, 'base64url');
  if (key.length < 16) return null;
  return { params: { N, r, p }, salt: Buffer.from(m[4]!, 'base64url'), key };
}

/** True when the password matches; false for a mismatch or an unreadable stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash uses weaker parameters than today's, so it should be re-hashed at login. */
export function needsRehash(stored: string, params: ScryptParams = SCRYPT_PARAMS): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const p = parsed.params;
  return p.N < params.N || p.r < params.r || p.p < params.p;
}

let dummy: Promise<string> | undefined;
/**
 * A hash of a random password, computed once. Logins for unknown usernames are checked against it so
 * they take as long as logins for real ones (no timing oracle for which accounts exist).
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummy;
}
