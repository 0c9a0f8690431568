import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVerifierKey } from '../../../shared/note.js';
import { loadOrCreateLogKey } from '../../../server/log/log-key.js';
import { logKeyPath } from '../../../auditor/log-key-file.js';
import { runAdal } from '../../helpers/adal-cli.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'adal-cli-key-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('adal log key', () => {
  it('does print the verifier key of the data folder and nothing secret (exit 0)', async () => {
    const dir = tempDir();
    const { key } = loadOrCreateLogKey(dir, 'adal.example/log');
    const r = await runAdal(['log', 'key', '--data-dir', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${key.vkey}\n`);
    expect(parseVerifierKey(r.stdout.trim()).name).toBe('adal.example/log');
    // PRIVATE+KEY+<name>+<keyid>+<base64>: the base64 may itself contain '+', so take all after the 4th
    const secret = readFileSync(logKeyPath(dir), 'utf8').trim().split('+').slice(4).join('+');
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('when there is no key, does exit 2 with one line and create nothing', async () => {
    const dir = tempDir();
    const r = await runAdal(['log', 'key', '--data-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^adal: LOG_KEY_MISSING: no log signing key at .+\n$/);
    expect(existsSync(logKeyPath(dir))).toBe(false);
  });
});
