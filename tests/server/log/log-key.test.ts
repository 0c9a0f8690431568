import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../../shared/bytes.js';
import { ed25519Signer, parseSignerKey, signNote, verifyNote } from '../../../shared/note.js';
import { loadLogKey, loadOrCreateLogKey, nodeEd25519Signer } from '../../../server/log/log-key.js';
import { LogKeyError, logKeyPath, readVerifierKey } from '../../../auditor/log-key-file.js';
import { nodeEd25519Verifier } from '../../../auditor/node-crypto.js';
import vectors from '../../vectors/signed-note.json' with { type: 'json' };

const go = vectors.go_sumdb_note_sign;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'adal-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('node:crypto Ed25519 signer', () => {
  it('does the Go sumdb TestSign vector byte for byte, like the noble signer', () => {
    const { name, seed } = parseSignerKey(go.skey);
    expect(signNote(go.text, [nodeEd25519Signer(name, seed)])).toBe(go.want);
    const msg = utf8('adal.example/log\n7\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n');
    expect(nodeEd25519Signer(name, seed).sign(msg)).toEqual(ed25519Signer(name, seed).sign(msg));
  });

  it('does verify good signatures and refuse damaged ones', () => {
    const { name, seed } = parseSignerKey(go.skey);
    const signer = nodeEd25519Signer(name, seed);
    const pub = parseSignerKey(go.skey).vkey;
    const verify = nodeEd25519Verifier(
      new Uint8Array(Buffer.from(pub.split('+')[2]!, 'base64').subarray(1))
    );
    const msg = utf8(go.text);
    const sig = signer.sign(msg);
    expect(verify(msg, sig)).toBe(true);
    const bad = sig.slice();
    bad[10] ^= 1;
    expect(verify(msg, bad)).toBe(false);
    expect(verify(msg, sig.slice(0, 63))).toBe(false);
  });
});

describe('log key file', () => {
  it('does generate a key at first start with mode 0600, and load the same key after', () => {
    const dir = tempDir();
    const first = loadOrCreateLogKey(dir, 'adal.example/log');
    expect(first.created).toBe(true);
    expect(statSync(logKeyPath(dir)).mode & 0o777).toBe(0o600);
    const text = readFileSync(logKeyPath(dir), 'utf8');
    expect(text).toMatch(/^PRIVATE\+KEY\+adal\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
    const again = loadOrCreateLogKey(dir, 'adal.example/log');
    expect(again.created).toBe(false);
    expect(again.key.vkey).toBe(first.key.vkey);
    expect(readVerifierKey(dir)).toBe(first.key.vkey);
    // The signer signs for the published verifier key.
    const note = signNote('hello\n', [again.key.signer]);
    expect(verifyNote(note, [first.key.verifier]).ok).toBe(true);
  });

  it('does not expose the seed through the key object', () => {
    const dir = tempDir();
    const { key } = loadOrCreateLogKey(dir, 'adal.example/log');
    // PRIVATE+KEY+<name>+<keyid>+<base64>: the base64 may itself contain '+'
    const secret = readFileSync(logKeyPath(dir), 'utf8').trim().split('+').slice(4).join('+');
    expect(secret.length).toBeGreaterThan(40);
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(JSON.stringify(key)).not.toContain(secret.slice(4, 20));
  });

  it('when the key file is missing, throws LOG_KEY_MISSING and creates nothing', () => {
    const dir = tempDir();
    expect(() => readVerifierKey(dir)).toThrowWithCode(LogKeyError, 'LOG_KEY_MISSING');
    expect(() => loadLogKey(dir, 'adal.example/log')).toThrowWithCode(
      LogKeyError,
      'LOG_KEY_MISSING'
    );
    expect(() => statSync(logKeyPath(dir))).toThrow();
  });

  it('when others can read the key file, throws LOG_KEY_PERMISSIONS', () => {
    const dir = tempDir();
    loadOrCreateLogKey(dir, 'adal.example/log');
    chmodSync(logKeyPath(dir), 0o644);
    expect(() => loadLogKey(dir, 'adal.example/log')).toThrowWithCode(
      LogKeyError,
      'LOG_KEY_PERMISSIONS'
    );
  });

  it('when the key file is damaged, throws LOG_KEY_INVALID without echoing it', () => {
    const dir = tempDir();
    loadOrCreateLogKey(dir, 'adal.example/log');
    const text = readFileSync(logKeyPath(dir), 'utf8');
    const damaged = text.replace(/\+([0-9a-f])/, (_m, c: string) => `+${c === '0' ? '1' : '0'}`);
    writeFileSync(logKeyPath(dir), damaged, { mode: 0o600 });
    try {
      loadLogKey(dir, 'adal.example/log');
      throw new Error('loaded a damaged key');
    } catch (e) {
      expect(e).toBeInstanceOf(LogKeyError);
      expect((e as LogKeyError).code).toBe('LOG_KEY_INVALID');
      expect((e as Error).message).not.toContain(text.trim().split('+').at(-1)!);
    }
  });

  it('when the key signs for another origin, throws LOG_KEY_NAME', () => {
    const dir = tempDir();
    loadOrCreateLogKey(dir, 'adal.example/log');
    expect(() => loadOrCreateLogKey(dir, 'other.example/log')).toThrowWithCode(
      LogKeyError,
      'LOG_KEY_NAME'
    );
  });
});
