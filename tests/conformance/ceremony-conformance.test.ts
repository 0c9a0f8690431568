/**
 * Ceremonies (docs/PROTOCOL.md §Ceremonies) against the independent Python reference
 * (tests/conformance/adal_ref.py, written from the document): the two-lot worked example line by
 * line, and ceremony replays — every lot in full, one lot alone, and broken inputs — give the same
 * values and codes as shared/draw/ceremony-replay.ts. python3 is required.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayCeremony } from '../../shared/draw/ceremony-replay.js';
import { VerificationError } from '../../shared/errors.js';
import { CeremonyReplayInput } from '../../shared/schemas/ceremony.js';
import { CeremonyExampleInput, lotAnnouncementOf } from '../helpers/ceremony-example.js';
import drand from '../vectors/drand.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../', import.meta.url));
const docPath = join(root, 'docs/PROTOCOL.md');
const doc = readFileSync(docPath, 'utf8');
const example = CeremonyExampleInput.parse(
  JSON.parse(/^```json ceremony-example-input\n([\s\S]*?)^```$/m.exec(doc)![1]!)
);

function py(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [join(root, 'tests/conformance/adal_ref.py'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (x: string) => (stdout += x));
    child.stderr.setEncoding('utf8').on('data', (x: string) => (stderr += x));
    child.on('error', (e) => reject(new Error(`python3 could not be started: ${e.message}`)));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'adal-ceremony-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** The Python replay's answer: its JSON on success, else `CODE` from its failure line. */
async function pyReplay(input: unknown): Promise<unknown> {
  const file = join(dir, `c${n++}.json`);
  writeFileSync(file, JSON.stringify(input));
  const r = await py(['ceremony-replay', file]);
  if (r.status === 0) return JSON.parse(r.stdout);
  if (r.status === 1) return (JSON.parse(r.stdout) as { code: string }).code;
  throw new Error(`adal_ref.py ceremony-replay exited ${r.status}: ${r.stderr}`);
}
function tsReplay(input: unknown): unknown {
  try {
    // the reference does not verify BLS, so it does not report beaconVerified
    const { beaconVerified: _, ...rest } = replayCeremony(CeremonyReplayInput.parse(input));
    return JSON.parse(JSON.stringify(rest));
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    throw e;
  }
}

/** The example as a replay input; `edit` changes a copy of the example first. */
function replayOf(edit: (x: CeremonyExampleInput) => void = () => {}) {
  const x = JSON.parse(JSON.stringify(example)) as CeremonyExampleInput;
  edit(x);
  return {
    version: 1,
    kind: 'ceremony',
    drawId: x.drawId,
    lots: x.lots.map((l) => ({
      announcement: lotAnnouncementOf(x.drawId, l),
      pool: l.pool,
      declines: l.declines,
    })),
    material: x.material,
  };
}

describe('adal_ref.py on ceremonies', () => {
  it('does recompute every line of the two-lot worked example', async () => {
    const lines = [...doc.matchAll(/^```text ceremony-example-values\n([\s\S]*?)^```$/gm)].flatMap(
      (m) => m[1]!.trimEnd().split('\n')
    );
    const r = await py(['ceremony-example', docPath]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { lines: string[] }).lines).toEqual(lines);
  });

  it('does replay the ceremony, and each lot alone, as our code does', async () => {
    const full = replayOf();
    const ours = tsReplay(full) as { lots: { announcementHash: string }[] };
    expect(await pyReplay(full)).toEqual(ours);
    for (const k of [0, 1]) {
      const alone = {
        ...full,
        lots: full.lots.map((l, i) =>
          i === k ? l : { announcementHash: ours.lots[i]!.announcementHash }
        ),
      };
      const r = tsReplay(alone);
      expect((r as { lots: { result: unknown }[] }).lots[k]!.result).not.toBeNull();
      expect(await pyReplay(alone)).toEqual(r);
    }
  });

  it('does accept the announced beacon round and refuse another, as our code does', async () => {
    const round = drand.rounds.find((r) => r.chain === 'quicknet' && r.round === 123)!;
    const beaconRound = {
      chain: 'quicknet',
      round: 123,
      signature: round.signature,
      randomness: example.material.beacon!.randomness,
    };
    const good = { ...replayOf(), beaconRound };
    expect(await pyReplay(good)).toEqual(tsReplay(good));
    const other = { ...replayOf(), beaconRound: { ...beaconRound, round: 124 } };
    expect([await pyReplay(other), tsReplay(other)]).toEqual([
      'BEACON_MISMATCH',
      'BEACON_MISMATCH',
    ]);
  });

  it('does give the same code for broken ceremonies', async () => {
    const cases = [
      replayOf((x) => (x.lots[1]!.spec.revealDeadline = '2026-12-01T09:30:00Z')),
      replayOf((x) => (x.lots[1]!.spec.lotId = 'ECO-2026-01')),
      { ...replayOf(), expected: { seed: '00'.repeat(32) } },
      { ...replayOf(), expected: { ceremonyHash: '00'.repeat(32) } },
      {
        ...replayOf(),
        lots: replayOf().lots.map((l, i) =>
          i === 0 ? { ...l, expected: { lotSeed: '00'.repeat(32) } } : l
        ),
      },
    ];
    const codes = [];
    for (const c of cases) {
      const ours = tsReplay(c);
      expect([cases.indexOf(c), await pyReplay(c)]).toEqual([cases.indexOf(c), ours]);
      codes.push(ours);
    }
    expect(codes).toEqual([
      'CEREMONY_INVALID',
      'CEREMONY_INVALID',
      'SEED_MISMATCH',
      'ANNOUNCEMENT_HASH_MISMATCH',
      'SEED_MISMATCH',
    ]);
  });
});
