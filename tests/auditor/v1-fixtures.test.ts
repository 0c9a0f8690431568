/**
 * Protocol version 1 regression data (tests/fixtures/v1, README.md there): real v1 bundles, two
 * tampered copies, a v1 database and the log's verifier key, frozen with the exact output of the
 * `adal` CLI that made them. Every later version of the code must give the same verdicts on them,
 * byte for byte:
 *   - each golden file's CLI run (`adal verify …`, `adal audit --db …`) is run again through the real
 *     CLI (tests/helpers/adal-cli.ts) and must give the same exit status, stdout and stderr;
 *   - each bundle is verified in-process with shared/verify.ts and must give the golden verdict.
 * No normalisation: the output holds no clock time, absolute path or thread count (the goldens'
 * file arguments are relative to the repository root, where runAdal runs the CLI).
 *
 * The fixtures are never regenerated. If this test fails, the change under test alters what v1 data
 * verifies to — fix the change, do not touch the fixtures.
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VerificationError } from '../../shared/errors.js';
import { verifyBundle } from '../../shared/verify.js';
import { runAdal } from '../helpers/adal-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'tests/fixtures/v1');
const read = (name: string) => readFileSync(join(dir, name));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Golden {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
  /** verify goldens: what verifyBundle gave (see verdict below) */
  verdict?: unknown;
}

const goldens: [string, Golden][] = readdirSync(dir)
  .filter((f) => f.endsWith('.golden.json'))
  .sort()
  .map((f) => [f, JSON.parse(read(f).toString('utf8')) as Golden]);
const verifies = goldens.filter(([, g]) => g.args[0] === 'verify');
const audits = goldens.filter(([, g]) => g.args[0] === 'audit');
const vkey = read('v1.vkey').toString('utf8').trim();
const DB = 'v1.sqlite';

/** SHA256SUMS as [hash, file] pairs. */
const sums = read('SHA256SUMS')
  .toString('utf8')
  .trimEnd()
  .split('\n')
  .map((l) => /^([0-9a-f]{64}) {2}(\S+)$/.exec(l)!.slice(1, 3) as [string, string]);

/**
 * verifyBundle's verdict in the shape the generator recorded (tests/fixtures/v1/make-v1-fixtures.ts):
 * the checks reported in order and, when verified, the values an auditor reads; else the code.
 */
function verdict(bundle: unknown, fairness: boolean): unknown {
  const checks: { id: string; ok: boolean; skipped?: boolean }[] = [];
  try {
    const r = verifyBundle(bundle, { trustedKeys: [vkey], checkFairness: fairness }, (c) =>
      checks.push({ id: c.id, ok: c.ok, ...(c.skipped ? { skipped: true } : {}) })
    );
    return {
      ok: true,
      drawId: r.drawId,
      origin: r.origin,
      treeSize: r.treeSize,
      rootHash: r.rootHash,
      lastEvent: r.lastEvent,
      announcementHash: r.announcementHash,
      seed: r.seed,
      commission: r.result?.commission ?? null,
      reserves: r.result?.reserves ?? null,
      checks,
    };
  } catch (e) {
    if (!(e instanceof VerificationError)) throw e;
    return { ok: false, code: e.code, checks };
  }
}

describe('the frozen v1 files (tests/fixtures/v1)', () => {
  it('are unchanged: each file of SHA256SUMS has its hash, and nothing else is there', () => {
    const listed = sums.map(([, f]) => f);
    expect(readdirSync(dir).sort()).toEqual(
      [...listed, 'README.md', 'SHA256SUMS', 'make-v1-fixtures.ts'].sort()
    );
    expect(sums.map(([, f]) => [f, sha256(read(f))])).toEqual(sums.map(([h, f]) => [f, h]));
  });

  it('hold eight bundles with a golden CLI run each with and without --fairness, and the database with two, each on its own file and the log’s key', () => {
    const bundles = readdirSync(dir).filter((f) => f.endsWith('.bundle.json'));
    expect(bundles).toHaveLength(8);
    expect(verifies.map(([f]) => f).sort()).toEqual(
      bundles
        .flatMap((b) => [
          b.replace('.bundle.json', '.verify'),
          b.replace('.bundle.json', '.verify-fairness'),
        ])
        .map((x) => `${x}.golden.json`)
        .sort()
    );
    for (const [f, g] of verifies) {
      const bundle = `tests/fixtures/v1/${f.replace(/\.verify(-fairness)?\.golden\.json$/, '.bundle.json')}`;
      const fairness = f.includes('.verify-fairness.') ? ['--fairness'] : [];
      expect([f, g.args]).toEqual([f, ['verify', bundle, '--key', vkey, ...fairness]]);
    }
    expect(audits.map(([, g]) => g.args)).toEqual([
      ['audit', '--db', `tests/fixtures/v1/${DB}`, '--key', vkey, '--fairness'],
      ['audit', '--db', `tests/fixtures/v1/${DB}`, '--key', vkey],
    ]);
  });

  it('do not hold the log’s private key', () => {
    for (const [, f] of sums) expect([f, read(f).includes('PRIVATE+KEY')]).toEqual([f, false]);
  });
});

describe('adal CLI on the v1 fixtures gives the golden status, stdout and stderr', () => {
  it.concurrent.each(verifies)(
    '%s',
    async (_name, g) => {
      const r = await runAdal(g.args);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: g.status,
        stdout: g.stdout,
        stderr: g.stderr,
      });
    },
    90_000
  );

  it.concurrent.each(audits)(
    '%s (and the read-only audit leaves the file as it was)',
    async (_name, g) => {
      const r = await runAdal(g.args);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: g.status,
        stdout: g.stdout,
        stderr: g.stderr,
      });
      expect(['-wal', '-shm', '-journal'].filter((x) => existsSync(join(dir, DB + x)))).toEqual([]);
      expect(sha256(read(DB))).toBe(sums.find(([, f]) => f === DB)![0]);
    },
    90_000
  );
});

describe('shared/verify.ts on the v1 bundles gives the golden verdict', () => {
  it.each(verifies)('%s', (_name, g) => {
    const bundle = JSON.parse(readFileSync(join(root, g.args[1]!), 'utf8')) as unknown;
    expect(verdict(bundle, g.args.includes('--fairness'))).toEqual(g.verdict);
  });
});
