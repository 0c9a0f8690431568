/**
 * `adal verify --witness VKEY … --witness-threshold K` on a frozen v1 bundle (tests/fixtures/v1, read
 * only): the policy's usage errors exit 2 with their codes, and a bundle without the cosignatures the
 * policy asks for fails check 2a with WITNESS_POLICY_UNMET (exit 1) after a passing checkpoint check.
 * The policy passing on real cosignatures is tests/server/log/witnessed-log.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { formatCosignerKey } from '../../../shared/cosignature.js';
import { formatVerifierKey } from '../../../shared/note.js';
import { runAdal } from '../../helpers/adal-cli.js';

const bundle = fileURLToPath(
  new URL('../../fixtures/v1/adal-declines-closed.bundle.json', import.meta.url)
);
const vkey = (JSON.parse(readFileSync(bundle, 'utf8')) as { log: { vkey: string } }).log.vkey;
const pub = ed25519.getPublicKey(new Uint8Array(32).fill(7));
const W = formatCosignerKey('w.example/w1', pub);

describe('adal verify with a witness policy', () => {
  it('does refuse bad policies (exit 2) and fail an uncosigned bundle with WITNESS_POLICY_UNMET', async () => {
    const base = ['verify', bundle, '--key', vkey];
    const [noKeys, plainKey, tooMany, unmet] = await Promise.all([
      runAdal([...base, '--witness-threshold', '1']),
      runAdal([...base, '--witness', formatVerifierKey('w.example/w1', pub)]),
      runAdal([...base, '--witness', W, '--witness-threshold', '2']),
      runAdal([...base, '--witness', W]),
    ]);
    expect([noKeys.status, noKeys.stderr]).toEqual([
      2,
      'adal: VERIFY_WITNESS_KEY_INVALID: --witness-threshold needs --witness keys\n',
    ]);
    expect([plainKey.status, plainKey.stderr]).toEqual([
      2,
      expect.stringMatching(
        /^adal: VERIFY_WITNESS_KEY_INVALID: --witness w\.example\/w1\+.*type 0x01.*\n$/
      ),
    ]);
    expect([tooMany.status, tooMany.stderr]).toEqual([
      2,
      'adal: VERIFY_WITNESS_THRESHOLD_INVALID: --witness-threshold must be a whole number from 1 to 1 (the --witness keys given)\n',
    ]);
    expect(unmet.status).toBe(1);
    expect(unmet.stdout.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^✓ Signed checkpoint — /),
      '✗ Witness cosignatures (your policy) — WITNESS_POLICY_UNMET: cosigned by 0 of the given witnesses, 1 required',
    ]);
    expect(unmet.stderr).toBe(
      'adal: WITNESS_POLICY_UNMET: cosigned by 0 of the given witnesses, 1 required\n'
    );
  }, 60_000);
});
