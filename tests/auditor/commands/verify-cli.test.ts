/**
 * `adal verify` spawned as a real process (tsx server/cli/main.ts) on bundles of real draws: from a
 * file with the published key, from the real server's URL (with and without --key), tampered bundles
 * (exit 1 and the failing check's code), and usage and I/O errors (exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatVerifierKey } from '../../../shared/note.js';
import { VERIFY_CHECKS } from '../../../shared/verify.js';
import type { Bundle } from '../../../shared/schemas/bundle.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { runVerifiedDraws, type VerifiedDraws } from '../../helpers/verified-draws.js';

let d: VerifiedDraws;
let dir: string;
let vkey: string;
let bundle: Bundle;
let url: string;
let good: string;

beforeAll(async () => {
  d = await runVerifiedDraws();
  dir = mkdtempSync(join(tmpdir(), 'adal-verify-cli-'));
  vkey = d.t.ctx.tlog!.vkey;
  url = `${d.t.baseUrl}/api/public/draws/${d.ids.adal}/bundle`;
  bundle = (await d.t.agent.get(`/api/public/draws/${d.ids.adal}/bundle`).expect(200))
    .body as Bundle;
  good = save('good.json', bundle);
}, 120_000);
afterAll(async () => {
  await d.close();
  rmSync(dir, { recursive: true, force: true });
});

function save(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** A copy of the good bundle with one change made by `change`. */
function tampered(name: string, change: (b: Bundle) => void): string {
  // a JSON copy, as every tamper test makes (structuredClone's objects are of another realm under jest)
  const b = JSON.parse(JSON.stringify(bundle)) as Bundle;
  change(b);
  return save(`${name}.json`, b);
}

const data = (b: Bundle, type: string) =>
  b.entries.find((e) => e.entry.type === type)!.entry.data as Record<string, unknown>;

describe('adal verify', () => {
  it('does print every check and VERIFIED for a real bundle file with the published key', async () => {
    const r = await runAdal(['verify', good, '--key', vkey]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // every check, check 8a (the checkpoint carries a time line: the log verified the round) and VERIFIED
    expect(lines).toHaveLength(VERIFY_CHECKS.length + 2);
    expect(lines).toContainEqual(
      expect.stringMatching(/^✓ Checkpoint's time line \(drand round\) — /)
    );
    expect(lines.slice(0, -1).every((l) => /^[✓–] /.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^VERIFIED draw ${d.ids.adal} .*last event draw.closed`)
    );
  }, 60_000);

  it('does fetch a bundle URL, with the pinned key or, with a warning, the server key', async () => {
    const [pinned, served] = await Promise.all([
      runAdal(['verify', url, '--key', vkey]),
      runAdal(['verify', url]),
    ]);
    expect([pinned.status, pinned.stderr]).toEqual([0, '']);
    expect(served.status).toBe(0);
    expect(served.stderr).toMatch(
      /^warning: using the key served by http:\/\/127\.0\.0\.1:\d+ itself/
    );
    expect(served.stdout).toMatch(/\nVERIFIED draw /);
  }, 60_000);

  it('when trusting the bundle key, does verify and warn that it proves less', async () => {
    const r = await runAdal(['verify', good, '--trust-bundle-key']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: trusting the key written inside the bundle/);
  }, 60_000);

  it('does exit 1 with the failing check and its code for tampered bundles', async () => {
    const cases: [string, string][] = [
      [
        'SEED_MISMATCH',
        tampered('seed', (b) => {
          const r = data(b, 'draw.result');
          r.seed = (r.seed as string).replace(/^./, (c) => (c === '0' ? '1' : '0'));
        }),
      ],
      [
        'RESULT_MISMATCH',
        tampered('result', (b) => {
          const r = data(b, 'draw.result').result as { commission: string[]; reserves: string[] };
          [r.commission[0], r.reserves[0]] = [r.reserves[0]!, r.commission[0]!];
        }),
      ],
      [
        'INCLUSION_PROOF_INVALID',
        tampered('actor', (b) => (b.entries[0]!.entry.actor = 'mallory')),
      ],
      [
        'CHECKPOINT_SIGNATURE_INVALID',
        tampered('checkpoint', (b) => {
          b.log.checkpoint = b.log.checkpoint.replace(
            /\n(\d+)\n/,
            (_m, n) => `\n${Number(n) + 1}\n`
          );
          b.log.treeSize += 1;
        }),
      ],
    ];
    const runs = await Promise.all(
      cases.map(([, file]) => runAdal(['verify', file, '--key', vkey]))
    );
    runs.forEach((r, i) => {
      const code = cases[i]![0];
      expect([code, r.status]).toEqual([code, 1]);
      expect(r.stderr).toBe(`adal: ${code}: ${r.stdout.match(/✗ .* — [A-Z_]+: (.*)\n/)![1]}\n`);
      expect(r.stdout).not.toMatch(/VERIFIED/);
    });
  }, 120_000);

  it('when the key is not the log key, does exit 1 with CHECKPOINT_KEY_UNKNOWN; a malformed key exits 2', async () => {
    const stranger = formatVerifierKey(d.t.ctx.config.LOG_ORIGIN, new Uint8Array(32).fill(9));
    const [other, bad] = await Promise.all([
      runAdal(['verify', good, '--key', stranger]),
      runAdal(['verify', good, '--key', vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')]),
    ]);
    expect([other.status, other.stderr]).toEqual([
      1,
      expect.stringMatching(/^adal: CHECKPOINT_KEY_UNKNOWN: /),
    ]);
    expect([bad.status, bad.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: VERIFY_KEY_INVALID: /),
    ]);
  }, 60_000);

  it('does exit 2 for usage and input errors, with one line on stderr', async () => {
    const runs = await Promise.all([
      runAdal(['verify', good]),
      runAdal(['verify', save('not-json.json', '{"version": 1,')]),
      runAdal(['verify', join(dir, 'missing.json'), '--key', vkey]),
      runAdal(['verify', 'ftp://example.org/bundle.json', '--key', vkey]),
      runAdal(['verify', `${d.t.baseUrl}/api/public/draws/D-2023-9999/bundle`, '--key', vkey]),
    ]);
    expect(runs.map((r) => r.status)).toEqual([2, 2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr.match(/^adal: ([A-Z_]+):/)?.[1])).toEqual([
      'VERIFY_NO_KEY',
      'BUNDLE_NOT_JSON',
      'VERIFY_READ_FAILED',
      'VERIFY_URL_SCHEME',
      'VERIFY_FETCH_FAILED',
    ]);
    for (const r of runs) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('does refuse, as not a bundle, a text whose JSON repeats a member name or writes a number other than as an integer', async () => {
    const text = JSON.stringify(bundle);
    expect(text.startsWith('{"version":1,')).toBe(true);
    const runs = await Promise.all([
      runAdal([
        'verify',
        save('dup.json', text.replace('{"version":1,', '{"version":1,"version":1,')),
        '--key',
        vkey,
      ]),
      runAdal([
        'verify',
        save('float.json', text.replace('{"version":1,', '{"version":1.0,')),
        '--key',
        vkey,
      ]),
    ]);
    expect(runs.map((r) => [r.status, r.stderr.trim()])).toEqual([
      [2, expect.stringMatching(/^adal: BUNDLE_NOT_JSON: .*duplicate member name "version"/)],
      [2, expect.stringMatching(/^adal: BUNDLE_NOT_JSON: .*1\.0 is not an integer/)],
    ]);
  }, 60_000);
});
