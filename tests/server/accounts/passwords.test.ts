/**
 * scrypt password hashing (server/accounts/passwords.ts): self-describing format with the parameters,
 * a fresh salt per hash, constant-time verification, and refusal of malformed or oversized hashes.
 */
import { describe, expect, it } from '@jest/globals';
import { scryptSync } from 'node:crypto';
import {
  SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../../server/accounts/passwords.js';

describe('passwords', () => {
  it('does store the parameters, a 16-byte salt and a 32-byte key', async () => {
    const h = await hashPassword('correct horse battery');
    const m = /^scrypt\$N=32768,r=8,p=3\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(h);
    expect(m).not.toBeNull();
    expect(Buffer.from(m![1]!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(m![2]!, 'base64url')).toHaveLength(32);
    expect(SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 3 });
  });

  it('does derive the key with RFC 7914 scrypt over the stored salt (independent recomputation)', async () => {
    const h = await hashPassword('пароль-құпия-сөз');
    const [, , salt, key] = h.split('$');
    const again = scryptSync('пароль-құпия-сөз', Buffer.from(salt!, 'base64url'), 32, {
      N: 32768,
      r: 8,
      p: 3,
      maxmem: 64 * 1024 * 1024,
    });
    expect(again.toString('base64url')).toBe(key);
  });

  it('does verify the right password and refuse a wrong one', async () => {
    const h = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('does salt each hash afresh', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(a).not.toBe(b);
  });

  it('does treat composed and decomposed Unicode forms as the same password (NFC)', async () => {
    const h = await hashPassword('Cafe\u0301-parol'); // e + combining acute accent
    expect(await verifyPassword('Caf\u00e9-parol', h)).toBe(true); // precomposed é
  });

  it('does refuse malformed, truncated or oversized stored hashes without throwing', async () => {
    const h = await hashPassword('pw-for-tamper-test');
    const bad = [
      '',
      'plain-text-password',
      h.replace('scrypt$', 'bcrypt$'),
      h.replace('N=32768', 'N=30000'),
      h.replace('N=32768', 'N=1073741824'),
      h.replace('r=8', 'r=0'),
      h.slice(0, h.lastIndexOf('$') + 5),
    ];
    for (const stored of bad)
      expect([stored, await verifyPassword('pw-for-tamper-test', stored)]).toEqual([stored, false]);
  });

  it('does ask for a re-hash when stored parameters are weaker than today’s', async () => {
    const weak = await hashPassword('pw', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('pw', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('pw'))).toBe(false);
  });
});
