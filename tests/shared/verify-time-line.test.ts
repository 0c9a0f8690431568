/**
 * Bundle check 8a `time` (docs/PROTOCOL.md §Time line, shared/verify/time-line.ts) on bundles of real
 * draws (tests/helpers/verified-draws.ts: the real app and log, recorded real quicknet rounds): the
 * checkpoint of a draw whose round the log verified carries a time line, and verifyBundle checks it
 * right after the beacon check (and the CLI prints it); a line the log's key signed but that is not
 * true — a round before the draw's own round, a signature that is not the round's, a malformed line,
 * a second line — fails with CHECKPOINT_TIME_INVALID. Those checkpoints are re-signed with the log's
 * own key (what an operator holding it could do), so check 2 passes and only the line is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCheckpoint, signCheckpoint } from '../../shared/checkpoint.js';
import { VerificationError } from '../../shared/errors.js';
import { parseNote } from '../../shared/note.js';
import { verifyBundle, type VerifyCheck } from '../../shared/verify.js';
import type { Bundle } from '../../shared/schemas/bundle.js';
import { buildBundle } from '../../server/draws/bundle.js';
import { loadLogKey } from '../../server/log/log-key.js';
import { runAdal } from '../helpers/adal-cli.js';
import { ROUND } from '../helpers/draws.js';
import { runVerifiedDraws, type VerifiedDraws } from '../helpers/verified-draws.js';

const recorded = (
  JSON.parse(readFileSync(new URL('../fixtures/drand/quicknet.json', import.meta.url), 'utf8')) as {
    rounds: { round: number; signature: string }[];
  }
).rounds;
const signatureOf = (r: number) => recorded.find((x) => x.round === r)!.signature;

let d: VerifiedDraws;
let vkey: string;
let adal: Bundle;
const dir = mkdtempSync(join(tmpdir(), 'adal-time-bundle-'));

beforeAll(async () => {
  d = await runVerifiedDraws();
  vkey = d.t.ctx.tlog!.vkey;
  adal = buildBundle(d.t.ctx.tlog!, d.ids.adal);
}, 120_000);
afterAll(async () => {
  await d.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The bundle with its checkpoint's lines after the chain line replaced, re-signed by the log's key
 * (the entries are the built bundle's own objects: a structured clone of them does not verify).
 */
function withLines(b: Bundle, lines: string[]): Bundle {
  const c = parseCheckpoint(parseNote(b.log.checkpoint).text);
  const chain = c.extensions.filter((e) => e.startsWith('prev '));
  const key = loadLogKey(d.t.dataDir, b.log.origin);
  const checkpoint = signCheckpoint({ ...c, extensions: [...chain, ...lines] }, key.signer);
  return { ...b, log: { ...b.log, checkpoint } };
}

function verdict(b: Bundle): { code: string; message: string; ids: string[] } {
  const ids: string[] = [];
  try {
    verifyBundle(b, { trustedKeys: [vkey] }, (c: VerifyCheck) => ids.push(c.id));
    return { code: 'VERIFIED', message: '', ids };
  } catch (e) {
    if (!(e instanceof VerificationError)) throw e;
    return { code: e.code, message: e.message, ids };
  }
}

describe("a bundle's time line (check 8a)", () => {
  it('is checked right after the beacon when the checkpoint carries one, and printed by adal verify', async () => {
    const seen: VerifyCheck[] = [];
    verifyBundle(adal, { trustedKeys: [vkey] }, (c) => seen.push(c));
    expect(seen.map((c) => c.id).slice(7, 10)).toEqual(['beacon', 'time', 'seed']);
    const time = seen.find((c) => c.id === 'time')!;
    expect(time).toMatchObject({ ok: true, label: 'verify.check.time' });
    expect(time.detail).toMatch(new RegExp(`^drand quicknet round ${ROUND} verifies`));

    const file = join(dir, 'adal.bundle.json');
    writeFileSync(file, JSON.stringify(adal));
    const r = await runAdal(['verify', file, '--key', vkey]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/Checkpoint's time line \(drand round\)/);
  });

  it('is not reported for a checkpoint without one (verdicts of before)', () => {
    const none = withLines(adal, []);
    const v = verdict(none);
    expect(v.code).toBe('VERIFIED');
    expect(v.ids).not.toContain('time');
    expect(v.ids.slice(7, 9)).toEqual(['beacon', 'seed']);
  });

  it.each([
    [
      'a round before the draw’s own round',
      () => [`drand quicknet ${ROUND - 1} ${signatureOf(ROUND)}`],
      `before round ${ROUND} of a draw.beacon entry it covers`,
    ],
    [
      'a signature that is not the round’s',
      () => [`drand quicknet ${ROUND} ${signatureOf(recorded[0]!.round)}`],
      `the signature of drand quicknet round ${ROUND} in its time line does not verify`,
    ],
    [
      'a malformed line',
      () => [`drand quicknet 0${ROUND} ${signatureOf(ROUND)}`],
      'a malformed time line',
    ],
    [
      'a second line',
      () => [`drand quicknet ${ROUND} ${signatureOf(ROUND)}`, 'note: trust me'],
      'more extension lines than a time line',
    ],
  ])('fails with CHECKPOINT_TIME_INVALID on %s', async (_, lines, message) => {
    const b = withLines(adal, lines());
    const v = verdict(b);
    expect(v.code).toBe('CHECKPOINT_TIME_INVALID');
    expect(v.message).toContain(message);
    expect(v.ids.slice(-2)).toEqual(['beacon', 'time']);
    const file = join(dir, `bad-${lines().length}-${v.message.length}.json`);
    writeFileSync(file, JSON.stringify(b));
    const r = await runAdal(['verify', file, '--key', vkey]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /✗ Checkpoint's time line \(drand round\) — CHECKPOINT_TIME_INVALID: /
    );
  });
});
