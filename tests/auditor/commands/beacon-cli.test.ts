import { describe, expect, it } from '@jest/globals';
import { runAdal } from '../../helpers/adal-cli.js';
import vectors from '../../vectors/drand.json' with { type: 'json' };

const quicknet = vectors.rounds.find((r) => r.chain === 'quicknet')!;
const mainnet = vectors.rounds.find((r) => r.chain === 'default' && 'previous_signature' in r)! as {
  round: number;
  signature: string;
  previous_signature: string;
  randomness: string;
};
const q = ['beacon', 'verify', '--chain', 'quicknet', '--round', String(quicknet.round)];

describe('adal beacon verify', () => {
  it('does verify a quicknet round and print its randomness (exit 0)', async () => {
    const r = await runAdal([...q, '--signature', quicknet.signature]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`VERIFIED drand quicknet round ${quicknet.round}`);
    expect(r.stdout).toContain(`randomness ${quicknet.randomness}\n`);
  });

  it('does verify a default-chain round with its previous signature and print JSON', async () => {
    const r = await runAdal([
      'beacon',
      'verify',
      '--chain',
      'default',
      '--round',
      String(mainnet.round),
      '--signature',
      mainnet.signature.toUpperCase(),
      '--previous-signature',
      mainnet.previous_signature,
      '--randomness',
      mainnet.randomness,
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      verified: true,
      chain: 'default',
      round: mainnet.round,
      signature: mainnet.signature,
      previousSignature: mainnet.previous_signature,
      randomness: mainnet.randomness,
    });
  });

  it('when the signature is for another round, does exit 1 naming the reason', async () => {
    const r = await runAdal([
      'beacon',
      'verify',
      '--chain',
      'quicknet',
      '--round',
      String(quicknet.round + 1),
      '--signature',
      quicknet.signature,
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^adal: BEACON_SIGNATURE_INVALID: .*\n$/m);
  });

  it('when the published randomness does not match, does exit 1', async () => {
    const wrong = (quicknet.randomness[0] === '0' ? '1' : '0') + quicknet.randomness.slice(1);
    const r = await runAdal([...q, '--signature', quicknet.signature, '--randomness', wrong]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BEACON_RANDOMNESS_MISMATCH');
  });

  it('does exit 2 on unusable input: unknown chain, missing options, bad hex, missing previous signature', async () => {
    const cases: [string[], RegExp][] = [
      [['beacon', 'verify', '--chain', 'testnet', '--round', '1', '--signature', 'aa'], /testnet/],
      [['beacon', 'verify', '--chain', 'quicknet', '--signature', quicknet.signature], /--round/],
      [[...q, '--signature', 'xyz'], /BEACON_MALFORMED/],
      [
        ['beacon', 'verify', '--chain', 'quicknet', '--round', '1.5', '--signature', 'aa'],
        /--round/,
      ],
      [
        [
          'beacon',
          'verify',
          '--chain',
          'default',
          '--round',
          '2',
          '--signature',
          mainnet.signature,
        ],
        /BEACON_PREVIOUS_SIGNATURE_REQUIRED/,
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => runAdal(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = runs[i]!;
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});
