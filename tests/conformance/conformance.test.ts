/**
 * Conformance: tests/conformance/adal_ref.py is an independent re-implementation of
 * docs/PROTOCOL.md in Python 3.11 (standard library only), written from the document and the
 * vectors without reading shared/. It must reproduce every published value exactly: each case of
 * the draw golden vectors (announcement hash, seed input, seed, order, every step, commission,
 * reserves), the worked example of PROTOCOL.md line by line, the RFC 3797 §6 example, the log
 * example, the RFC 6962 and signed-note vectors, the recorded drand rounds (all but the BLS
 * pairing), and bundles of real draws taken through the real API — version 1 draws and a version 2
 * draw with a region cap — where its verdict and its failure codes on tampered bundles must equal
 * verifyBundle's. python3 is required: without it every test here fails.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { appendCosignatures } from '../../shared/add-checkpoint.js';
import { fromBase64, toBase64 } from '../../shared/bytes.js';
import { cosignCheckpoint, ed25519Cosigner, formatCosignerKey } from '../../shared/cosignature.js';
import { parseNote } from '../../shared/note.js';
import { verifyBundle, type VerifyCheck } from '../../shared/verify.js';
import { VerificationError } from '../../shared/errors.js';
import type { Bundle } from '../../shared/schemas/bundle.js';
import { runAdal } from '../helpers/adal-cli.js';
import { runVerifiedDraws, type VerifiedDraws } from '../helpers/verified-draws.js';
import { runRegionDraw, seedRegionLot } from '../helpers/region-draw.js';
import golden from '../vectors/draw-golden.json' with { type: 'json' };
import rfc3797 from '../vectors/rfc3797-section6.json' with { type: 'json' };
import logExample from '../vectors/log-example.json' with { type: 'json' };
import rfc6962 from '../vectors/rfc6962.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'tests/conformance/adal_ref.py');
const at = (p: string) => join(root, p);

interface PyRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the Python implementation; a missing python3 rejects (the test then fails loudly). */
function py(args: string[]): Promise<PyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (x: string) => (stdout += x));
    child.stderr.setEncoding('utf8').on('data', (x: string) => (stderr += x));
    child.on('error', (e) =>
      reject(
        new Error(`python3 could not be started (${e.message}): the conformance suite needs it`)
      )
    );
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs a command that must succeed and returns its JSON answer. */
async function pyJson<T>(args: string[]): Promise<T> {
  const r = await py(args);
  if (r.status !== 0)
    throw new Error(`adal_ref.py ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout) as T;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'adal-conformance-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('python3', () => {
  it('does run Python 3.11 or newer', async () => {
    const r = await new Promise<PyRun>((resolve, reject) => {
      const c = spawn('python3', ['-c', 'import sys; print(sys.version_info >= (3, 11))']);
      let stdout = '';
      c.stdout.setEncoding('utf8').on('data', (x: string) => (stdout += x));
      c.on('error', (e) => reject(new Error(`python3 is required: ${e.message}`)));
      c.on('close', (status) => resolve({ status, stdout, stderr: '' }));
    });
    expect([r.status, r.stdout.trim()]).toEqual([0, 'True']);
  });
});

describe('draw golden vectors (tests/vectors/draw-golden.json)', () => {
  it('does hold every case this suite replays', () => {
    expect(golden.cases.map((c) => c.id)).toEqual(['plain', 'quotas', 'declines', 'rfc3797']);
  });

  it.each(golden.cases.map((c) => [c.id, c] as const))(
    'does reproduce case %s exactly: hash, seed input, seed, order, steps, commission, reserves',
    async (id, c) => {
      const out = await pyJson<unknown>(['replay', save(`golden-${id}.json`, c)]);
      expect(out).toEqual(c.output);
    }
  );

  it('when the expected seed and result are given, does exit 0, and 1 with RESULT_MISMATCH for a changed step', async () => {
    const c = golden.cases.find((x) => x.id === 'declines')!;
    const expected = { seed: c.output.seed, result: c.output.result };
    const ok = await py(['replay', save('exp-ok.json', { ...c.input, expected })]);
    expect(ok.status).toBe(0);
    const steps = c.output.result.steps.map((s, i) => (i === 5 ? { ...s, position: 99 } : s));
    const bad = await py([
      'replay',
      save('exp-bad.json', {
        ...c.input,
        expected: { ...expected, result: { ...c.output.result, steps } },
      }),
    ]);
    expect([bad.status, (JSON.parse(bad.stdout) as { code: string }).code]).toEqual([
      1,
      'RESULT_MISMATCH',
    ]);
  });
});

describe('docs/PROTOCOL.md worked example', () => {
  it('does recompute every `name = value` line of the document', async () => {
    const doc = readFileSync(at('docs/PROTOCOL.md'), 'utf8');
    const lines = [...doc.matchAll(/^```text example-values\n([\s\S]*?)^```$/gm)].flatMap((m) =>
      m[1]!.trimEnd().split('\n')
    );
    expect(lines.length).toBeGreaterThan(60);
    const out = await pyJson<{ lines: string[] }>(['example', at('docs/PROTOCOL.md')]);
    expect(out.lines).toEqual(lines);
  });
});

describe('RFC 3797 §6 (tests/vectors/rfc3797-section6.json)', () => {
  it('does give the key string and all 25 selections, the first 16 as the RFC prints them', async () => {
    const out = await pyJson<{
      cases: {
        key: string;
        selections: { index: number; digest: string; divisor: number; position: number }[];
      }[];
    }>(['rfc3797', at('tests/vectors/rfc3797-section6.json')]);
    const c = rfc3797.cases[0]!;
    expect(out.cases[0]!.key).toBe(c.key_string);
    expect(out.cases[0]!.selections).toHaveLength(c.pool_size);
    expect(out.cases[0]!.selections.slice(0, c.expected.length)).toEqual(
      c.expected.map((e) => ({
        index: e.index,
        digest: e.md5,
        divisor: e.div,
        position: e.selected,
      }))
    );
    expect(out.cases[0]!.selections.slice(0, 10).map((s) => c.names[s.position - 1])).toEqual(
      c.first_10_selected_names
    );
  });
});

describe('Merkle log vectors', () => {
  it('does reproduce the log example: canonical entries, leaves, key ID, checkpoints, chain lines, proofs', async () => {
    const out = await pyJson<{
      key_id_hex: string;
      public_key_hex: string;
      vkey: string;
      canonical: string[];
      leaf_hash_hex: string[];
      checkpoints: {
        size: number;
        root_hex: string;
        mth_hex: string;
        verifiedBy: string[];
        extensions: string[];
        expectedPrev: string[];
      }[];
      inclusion: { proof_hex: string[]; verifies: boolean };
      consistency: { proof_hex: string[]; verifies: boolean };
    }>(['log-example', at('tests/vectors/log-example.json')]);
    const v = logExample;
    expect([out.key_id_hex, out.public_key_hex, out.vkey]).toEqual([
      v.key_id_hex,
      v.public_key_hex,
      v.vkey,
    ]);
    expect(out.canonical).toEqual(v.entries.map((e) => e.canonical));
    expect(out.leaf_hash_hex).toEqual(v.entries.map((e) => e.leaf_hash_hex));
    expect(out.checkpoints.map((c) => [c.size, c.root_hex, c.mth_hex])).toEqual(
      v.checkpoints.map((c) => [c.size, c.root_hex, c.root_hex])
    );
    for (const c of out.checkpoints) {
      expect(c.verifiedBy).toEqual([`${v.origin}+${v.key_id_hex}`]);
      expect(c.extensions).toEqual(c.expectedPrev);
    }
    expect(out.inclusion).toEqual({ proof_hex: v.inclusion.proof_hex, verifies: true });
    expect(out.consistency).toEqual({ proof_hex: v.consistency.proof_hex, verifies: true });
  });

  it('does decide every feasibility vector, the 1,954-expert hard case too, with the expected calls of the reference search, within its bound', async () => {
    const v = JSON.parse(readFileSync(at('tests/vectors/feasibility.json'), 'utf8')) as {
      cases: { id: string; expected: { complete: boolean; calls: number; bound: number } }[];
    };
    const out = await pyJson<{ cases: { id: string; complete: boolean; calls: number }[] }>([
      'feasibility',
      at('tests/vectors/feasibility.json'),
    ]);
    expect(out.cases).toEqual(
      v.cases.map((c) => ({ id: c.id, complete: c.expected.complete, calls: c.expected.calls }))
    );
    for (const c of v.cases) expect(c.expected.calls).toBeLessThanOrEqual(c.expected.bound);
  });

  it('does give every malformed-bundle vector its code (JSON text, formats, precedence)', async () => {
    const v = JSON.parse(readFileSync(at('tests/vectors/malformed-bundles.json'), 'utf8')) as {
      cases: { id: string; code: string }[];
    };
    const out = await pyJson<{ cases: { id: string; code: string }[] }>([
      'malformed',
      at('tests/vectors/malformed-bundles.json'),
    ]);
    expect(out.cases).toEqual(v.cases.map((c) => ({ id: c.id, code: c.code })));
  }, 60_000);

  it('does reproduce the RFC 6962 vectors: unit hashes, roots of every size, inclusion and consistency proofs', async () => {
    const out = await pyJson<{
      unit: Record<string, string>;
      roots_hex_by_size: Record<string, string>;
      inclusion: { index: number; tree_size: number; proof_hex: string[]; verifies: boolean }[];
      consistency: { size1: number; size2: number; proof_hex: string[]; verifies: boolean }[];
    }>(['merkle', at('tests/vectors/rfc6962.json')]);
    const u = rfc6962.hashing.unit_vectors as Record<string, string>;
    for (const [k, want] of Object.entries(out.unit)) expect([k, want]).toEqual([k, u[k]]);
    const c = rfc6962.classic_ct_8_leaves;
    expect(out.roots_hex_by_size).toEqual(c.roots_hex_by_size);
    expect(out.inclusion).toEqual(c.inclusion.map((p) => ({ ...p, verifies: true })));
    expect(out.consistency).toEqual(c.consistency.map((p) => ({ ...p, verifies: true })));
  });

  it('does verify the signed-note vectors (key IDs and Ed25519 signatures)', async () => {
    const out = await pyJson<Record<string, { keyIdMatches: boolean; verifiedBy: string[] }>>([
      'signed-note',
      at('tests/vectors/signed-note.json'),
    ]);
    expect(out).toEqual({
      c2sp_signed_note_example: { keyIdMatches: true, verifiedBy: ['example.com/foo+530d903a'] },
      go_sumdb_note_sign: { keyIdMatches: true, verifiedBy: ['PeterNeumann+c74f20a3'] },
    });
  });
});

describe('recorded drand rounds (tests/fixtures/drand)', () => {
  interface DrandOut {
    chainHash: string;
    pinned: unknown;
    rounds: { round: number; randomness: string; checks: boolean; message: string; time: number }[];
  }
  it.each(['quicknet', 'default'])(
    'does derive the %s chain hash, match the pinned info and every round’s randomness',
    async (chain) => {
      const file = `tests/fixtures/drand/${chain}.json`;
      const fixture = JSON.parse(readFileSync(at(file), 'utf8')) as {
        info: { hash: string };
        rounds: { round: number; randomness: string }[];
      };
      const out = await pyJson<DrandOut>(['drand', at(file)]);
      expect(out.chainHash).toBe(fixture.info.hash);
      expect(out.pinned).toEqual(fixture.info);
      expect(out.rounds.map((r) => [r.round, r.randomness, r.checks])).toEqual(
        fixture.rounds.map((r) => [r.round, r.randomness, true])
      );
    }
  );

  it('does compute the signed messages and round times of docs/PROTOCOL.md §drand beacon verification', async () => {
    const [q, d] = await Promise.all(
      ['quicknet', 'default'].map((c) =>
        pyJson<DrandOut>(['drand', at(`tests/fixtures/drand/${c}.json`)])
      )
    );
    const r123 = q!.rounds.find((r) => r.round === 123)!;
    expect([r123.message, r123.time]).toEqual([
      '41f1c4ddd1183083b48396129dec579e9b7ae61bcf24b743cfe59b7d558a2676',
      1692803733,
    ]);
    expect(d!.rounds.find((r) => r.round === 1)!.message).toBe(
      '3bdd496a35f3c3b6b4318da8b77d3ce4793cbdf26e08156f6fd8c49e85b727cb'
    );
  });
});

interface PyVerified {
  ok: boolean;
  code?: string;
  drawId?: string;
  treeSize?: number;
  rootHash?: string;
  lastEvent?: string;
  announcementHash?: string | null;
  seed?: string | null;
  result?: unknown;
  checks: { id: string; ok: boolean; skipped?: boolean }[];
}

interface Entry {
  index: number;
  entry: { type: string; data: Record<string, unknown> };
}

describe('bundles of real draws', () => {
  let d: VerifiedDraws;
  let vkey: string;
  const bundles: Record<string, Bundle> = {};
  const files: Record<string, string> = {};

  beforeAll(async () => {
    d = await runVerifiedDraws();
    vkey = (await d.t.agent.get('/api/public/log/key').expect(200)).body.vkey as string;
    // a protocol version 2 draw with a region cap (tests/helpers/region-draw.ts)
    const { id: competitionId } = d.t.ctx.db
      .prepare('SELECT id FROM competitions ORDER BY id LIMIT 1')
      .get() as { id: number };
    const lot = seedRegionLot(d.t, competitionId);
    const region = await runRegionDraw(d.t, d.op, lot);
    for (const [name, id] of Object.entries({ ...d.ids, region })) {
      bundles[name] = (await d.t.agent.get(`/api/public/draws/${id}/bundle`).expect(200))
        .body as Bundle;
      files[name] = save(`bundle-${name}.json`, bundles[name]);
    }
  }, 180_000);
  afterAll(async () => {
    await d.close();
  });

  const data = (b: Bundle, type: string) =>
    (b.entries as unknown as Entry[]).filter((e) => e.entry.type === type).map((e) => e.entry.data);

  it('does hold a version 2 draw whose walk skipped by the region cap', () => {
    const ann = data(bundles.region!, 'draw.announced')[0]!.announcement as {
      spec: { version: number; perRegionMax: number };
    };
    expect([ann.spec.version, ann.spec.perRegionMax]).toEqual([2, 1]);
    const steps = (
      data(bundles.region!, 'draw.result')[0]!.result as { steps: { rule?: string }[] }
    ).steps;
    expect(steps.some((s) => s.rule === 'REGION_LIMIT')).toBe(true);
  });

  it.each(['adal', 'rfc3797', 'cancelled', 'region'])(
    'does verify the %s bundle with every check, fairness included, as verifyBundle does',
    async (name) => {
      const b = bundles[name]!;
      const out = await pyJson<PyVerified>(['verify-bundle', files[name]!, '--key', vkey]);
      const ts = verifyBundle(b, { trustedKeys: [vkey], checkFairness: true });
      expect(out.ok).toBe(true);
      expect({
        drawId: out.drawId,
        treeSize: out.treeSize,
        rootHash: out.rootHash,
        lastEvent: out.lastEvent,
        announcementHash: out.announcementHash,
        seed: out.seed,
        result: out.result,
      }).toEqual({
        drawId: ts.drawId,
        treeSize: ts.treeSize,
        rootHash: ts.rootHash,
        lastEvent: ts.lastEvent,
        announcementHash: ts.announcementHash,
        seed: ts.seed,
        result: ts.result,
      });
      expect(out.checks.map((c) => [c.id, c.ok, c.skipped === true])).toEqual(
        ts.checks.map((c) => [c.id, c.ok, c.skipped === true])
      );
    },
    120_000
  );

  it('does reproduce the logged seed and the result after the decline of the adal-v1 draw', async () => {
    const b = bundles.adal!;
    const out = await pyJson<PyVerified>([
      'verify-bundle',
      files.adal!,
      '--key',
      vkey,
      '--no-fairness',
    ]);
    expect(out.seed).toBe(data(b, 'draw.result')[0]!.seed);
    expect(out.result).toEqual(data(b, 'draw.declined').at(-1)!.result);
    expect(out.checks.filter((c) => c.skipped).map((c) => c.id)).toEqual(['fairness']);
  });

  it('does replay the adal-v1 draw from its published inputs exactly as `adal draw replay --json`', async () => {
    const b = bundles.adal!;
    const ann = data(b, 'draw.announced')[0]!;
    const beacon = data(b, 'draw.beacon')[0]! as Record<string, string | number>;
    const input = {
      version: 1,
      announcement: ann.announcement,
      pool: ann.pool,
      material: {
        beacon: { chainHash: beacon.chainHash, round: beacon.round, randomness: beacon.randomness },
        publicSources: [],
        reveals: data(b, 'draw.revealed').map((r) => ({
          witnessId: r.witnessId,
          secret: r.secret,
        })),
      },
      beaconRound: {
        chain: beacon.chain,
        round: beacon.round,
        signature: beacon.signature,
        randomness: beacon.randomness,
      },
      declines: data(b, 'draw.declined').map((x) => x.registryNo),
    };
    const file = save('replay-adal.json', input);
    const [p, cli] = await Promise.all([
      pyJson<{ announcementHash: string; seed: string; result: unknown }>(['replay', file]),
      runAdal(['draw', 'replay', file, '--json']),
    ]);
    expect(cli.status).toBe(0);
    const ts = JSON.parse(cli.stdout) as {
      announcementHash: string;
      seed: string;
      result: unknown;
    };
    expect({ announcementHash: p.announcementHash, seed: p.seed, result: p.result }).toEqual(ts);
    expect(p.result).toEqual(data(b, 'draw.declined').at(-1)!.result);
  }, 60_000);

  /** The same one-field changes to the adal-v1 bundle must fail both verifiers with the same code. */
  const tampers: [string, (b: Bundle) => void][] = [
    [
      'a step of the result',
      (b) => {
        const r = data(b, 'draw.result')[0]!.result as { steps: { outcome: string }[] };
        r.steps[3]!.outcome = 'skipped';
      },
    ],
    [
      'a pool entry',
      (b) => {
        (data(b, 'draw.announced')[0]!.pool as { region: string }[])[0]!.region = 'KZ-10';
      },
    ],
    [
      'the announcement',
      (b) => {
        (data(b, 'draw.announced')[0]!.announcement as { exclusions: unknown[] }).exclusions = [];
      },
    ],
    [
      'a revealed secret',
      (b) => {
        data(b, 'draw.revealed')[0]!.secret = '5f'.repeat(32);
      },
    ],
    [
      'the beacon randomness',
      (b) => {
        data(b, 'draw.beacon')[0]!.randomness = '00'.repeat(32);
      },
    ],
    [
      'the seed',
      (b) => {
        data(b, 'draw.result')[0]!.seed = '00'.repeat(32);
      },
    ],
    [
      'a fairness count',
      (b) => {
        const f = data(b, 'draw.announced')[0]!.fairness as { entries: { count: number }[] };
        f.entries[0]!.count += 1;
      },
    ],
    [
      'the declined member',
      (b) => {
        data(b, 'draw.declined')[0]!.registryNo = 'R-0001';
      },
    ],
    [
      'an inclusion proof',
      (b) => {
        b.entries[2]!.proof[0] = '00'.repeat(32);
      },
    ],
    [
      'the order of two entries',
      (b) => {
        [b.entries[1], b.entries[2]] = [b.entries[2]!, b.entries[1]!];
      },
    ],
    [
      'the tree size',
      (b) => {
        b.log.treeSize += 1;
      },
    ],
    [
      'an entry time',
      (b) => {
        (b.entries[0]!.entry as { at: string }).at = '2023-08-23T14:45:34.000Z';
      },
    ],
  ];

  /** One-field changes to the version 2 draw, each with the code both verifiers must give. */
  const regionTampers: [string, (b: Bundle) => void, string][] = [
    [
      'the protocol version (to 3, a ceremony lot’s, refused for a single draw)',
      (b) => {
        (data(b, 'draw.announced')[0]!.announcement as { spec: { version: number } }).spec.version =
          3;
      },
      'SPEC_VERSION_UNKNOWN',
    ],
    [
      'the protocol version (to 5, not known)',
      (b) => {
        (data(b, 'draw.announced')[0]!.announcement as { spec: { version: number } }).spec.version =
          5;
      },
      'SPEC_VERSION_UNKNOWN',
    ],
    [
      'the protocol version (to 1, which has no region cap)',
      (b) => {
        (data(b, 'draw.announced')[0]!.announcement as { spec: { version: number } }).spec.version =
          1;
      },
      'BUNDLE_ENTRIES_INVALID',
    ],
    [
      'the region cap',
      (b) => {
        (
          data(b, 'draw.announced')[0]!.announcement as { spec: { perRegionMax: number } }
        ).spec.perRegionMax = 2;
      },
      'ANNOUNCEMENT_HASH_MISMATCH',
    ],
    [
      'the count of a REGION_LIMIT skip',
      (b) => {
        const r = data(b, 'draw.result')[0]!.result as {
          steps: { rule?: string; detail?: { regions?: { count: number }[] } }[];
        };
        r.steps.find((s) => s.rule === 'REGION_LIMIT')!.detail!.regions![0]!.count += 1;
      },
      'RESULT_MISMATCH',
    ],
    [
      'a decline left out (complete histories)',
      (b) => {
        // a JSON copy: structuredClone's objects (another realm under jest) are not plain JSON
        // objects to the canonical encoder, so every entry would fail inclusion (check 13) first
        b.entries = JSON.parse(
          JSON.stringify(b.entries.filter((e) => e.entry.type !== 'draw.declined'))
        ) as Bundle['entries'];
      },
      'HISTORY_INCOMPLETE',
    ],
    [
      'the history head of the last entry',
      (b) => {
        b.entries = JSON.parse(JSON.stringify(b.entries)) as Bundle['entries'];
        const d = b.entries.at(-1)!.entry.data as { history: { head: string } };
        d.history.head = '00'.repeat(32);
      },
      'INCLUSION_PROOF_INVALID',
    ],
  ];

  it.each([
    // every row has four members: jest passes a done callback for a parameter a row leaves out
    ...tampers.map(([what, f]) => [what, 'adal', f, ''] as const),
    ...regionTampers.map(([what, f, code]) => [what, 'region', f, code] as const),
  ])(
    'when %s is changed (%s draw), does fail with the same code as verifyBundle',
    async (what, name, change, code: string) => {
      // a JSON copy: structuredClone's objects (another realm under jest) are not plain JSON, so
      // verifyBundle would refuse any clone at check 13 whatever the change
      const b = JSON.parse(JSON.stringify(bundles[name]!)) as Bundle;
      change(b);
      let want = '';
      try {
        verifyBundle(b, { trustedKeys: [vkey], checkFairness: true });
      } catch (e) {
        if (!(e instanceof VerificationError)) throw e;
        want = e.code;
      }
      expect(want).not.toBe('');
      if (code) expect(want).toBe(code);
      const r = await py([
        'verify-bundle',
        save(`tampered-${name}-${what.replace(/\W+/g, '-')}.json`, b),
        '--key',
        vkey,
      ]);
      expect([r.status, (JSON.parse(r.stdout) as PyVerified).code]).toEqual([1, want]);
    },
    60_000
  );

  it.each([
    ['two of three cosigned, threshold 2', 2, 2, false],
    ['two of three cosigned, threshold 3', 2, 3, false],
    ["a given witness's line altered", 3, 1, true],
  ] as const)(
    'does apply the witness policy (%s) as verifyBundle does',
    async (what, cosigners, threshold, alter) => {
      const names = ['w1.example/w', 'w2.example/w', 'w3.example/w'];
      const seeds = names.map((_, i) => new Uint8Array(32).fill(i + 1));
      const keys = seeds.map((sd, i) => formatCosignerKey(names[i]!, ed25519.getPublicKey(sd)));
      // a JSON copy: structuredClone under jest makes objects of another realm, which canonical
      // JSON (shared/canonical.ts) refuses as non-plain
      const b = JSON.parse(JSON.stringify(bundles.adal!)) as Bundle;
      const text = parseNote(b.log.checkpoint).text;
      const lines = seeds
        .slice(0, cosigners)
        .map((sd, i) => cosignCheckpoint(text, ed25519Cosigner(names[i]!, sd), 1767139200 + i));
      if (alter) {
        const [dash, name, b64] = lines[0]!.split(' ') as [string, string, string];
        const raw = fromBase64(b64);
        raw[raw.length - 1]! ^= 1;
        lines[0] = `${dash} ${name} ${toBase64(raw)}`;
      }
      b.log.checkpoint = appendCosignatures(b.log.checkpoint, lines);
      let want = '';
      let ts: VerifyCheck[] = [];
      try {
        ts = verifyBundle(b, {
          trustedKeys: [vkey],
          witnessPolicy: { keys, threshold },
        }).checks;
      } catch (e) {
        if (!(e instanceof VerificationError)) throw e;
        want = e.code;
      }
      const r = await py([
        'verify-bundle',
        save(`witnessed-${what.replace(/\W+/g, '-')}.json`, b),
        '--key',
        vkey,
        '--no-fairness',
        ...keys.flatMap((k) => ['--witness', k]),
        '--witness-threshold',
        String(threshold),
      ]);
      const out = JSON.parse(r.stdout) as PyVerified;
      expect([r.status, out.code ?? '']).toEqual([want ? 1 : 0, want]);
      expect(want).toBe(threshold > cosigners || alter ? 'WITNESS_POLICY_UNMET' : '');
      if (!want) expect(out.checks.map((c) => [c.id, c.ok])).toEqual(ts.map((c) => [c.id, c.ok]));
    },
    60_000
  );
});
