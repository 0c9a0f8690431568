/**
 * WITNESSES (server/log/witness-list.ts through server/config.ts): the list parses into name, URL
 * prefix and cosigner key; a bad entry stops the configuration with one line naming the variable and
 * the entry, never echoing the whole value.
 */
import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { formatCosignerKey } from '../../../shared/cosignature.js';
import { formatVerifierKey } from '../../../shared/note.js';

const pub = (i: number) => ed25519.getPublicKey(new Uint8Array(32).fill(i));
const W1 = formatCosignerKey('ngo.example/w1', pub(1));
const W2 = formatCosignerKey('uni.example/w1', pub(2));

function errorOf(value: string): string {
  try {
    loadConfig({ WITNESSES: value });
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('no ConfigError');
}

describe('WITNESSES', () => {
  it('does default to none and parse entries separated by newlines or semicolons', () => {
    expect(loadConfig({}).WITNESSES).toEqual([]);
    const c = loadConfig({
      WITNESSES: `ngo https://w.ngo.example/ ${W1};\n  uni http://127.0.0.1:9000/tlog ${W2}\n`,
      WITNESS_INTERVAL_MS: '500',
    });
    expect(c.WITNESSES.map((w) => [w.name, w.url, w.key.vkey])).toEqual([
      ['ngo', 'https://w.ngo.example', W1],
      ['uni', 'http://127.0.0.1:9000/tlog', W2],
    ]);
    expect([c.WITNESS_INTERVAL_MS, c.WITNESS_TIMEOUT_MS]).toEqual([500, 10_000]);
    expect(loadConfig({}).WITNESS_INTERVAL_MS).toBe(60_000);
  });

  it.each([
    ['two fields', `ngo ${W1}`, 'entry 1: needs "<name> <url> <vkey>"'],
    ['a bad URL', `ngo not-a-url ${W1}`, 'entry 1: the URL does not parse'],
    ['another scheme', `ngo ftp://w.example ${W1}`, 'entry 1: the URL must be http or https'],
    [
      'a repeated name',
      `a http://x.example ${W1}; a http://y.example ${W2}`,
      'entry 2: the name a is repeated',
    ],
    [
      'a plain signed-note key',
      `ngo http://x.example ${formatVerifierKey('ngo.example/w1', pub(1))}`,
      'entry 1: invalid cosigner key: a signed-note key (type 0x01), not a cosignature/v1 key (type 0x04)',
    ],
  ])('does refuse %s with one line naming WITNESSES', (_what, value, message) => {
    expect(errorOf(value)).toBe(`invalid configuration: WITNESSES: ${message}`);
  });
});
