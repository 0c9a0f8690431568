/**
 * Previous attempts in a later attempt's bundle (docs/PROTOCOL.md §Previous attempts, v4), with a real
 * server, real HTTP and real checkpoints. A lot whose first attempt was cancelled early gets a second
 * attempt declared version 4: its bundle carries the first attempt's entries proven under the same
 * checkpoint and verifies. A lot whose first attempt a modified server cancelled after its reveals
 * closed (a re-roll): the second attempt's bundle ALONE fails check 3 with DRAW_RE_ROLLED naming the
 * first attempt. Leaving the previous attempt out fails with PREVIOUS_ATTEMPTS_MISSING; leaving out its
 * draw.reveals_closed entry (to hide the re-roll) fails with HISTORY_INCOMPLETE; the audit, which
 * checks every draw itself, passes the honest lot's bundles as it assembles them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { auditDatabase } from '../../auditor/audit.js';
import { VerificationError } from '../../shared/errors.js';
import type { Bundle } from '../../shared/schemas/bundle.js';
import { verifyBundle } from '../../shared/verify.js';
import { cancelAnyway } from '../helpers/cancel-anyway.js';
import { startTestApp, type TestApp, type TestSession } from '../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../helpers/drand-relay.js';
import { BEFORE_ROUND, baseDraft, drawApi, driveTo, seedLot } from '../helpers/draws.js';

let dir: string;
let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let vkey: string;
let lotIds: number[];

async function bundleOf(id: string): Promise<Bundle> {
  return (await t.agent.get(`/api/public/draws/${id}/bundle`).expect(200)).body as Bundle;
}

/** The first failing check's code and id, or 'VERIFIED'. */
function verdict(b: unknown): string {
  try {
    verifyBundle(b, { trustedKeys: [vkey] });
    return 'VERIFIED';
  } catch (e) {
    if (!(e instanceof VerificationError)) throw e;
    return e.code;
  }
}

const REF = fileURLToPath(new URL('../conformance/adal_ref.py', import.meta.url));

/** The independent Python verifier's verdict on a bundle: 'VERIFIED' or its code. */
function pythonVerdict(b: unknown, name: string): string {
  const file = join(dir, `${name}.bundle.json`);
  writeFileSync(file, JSON.stringify(b));
  const r = spawnSync('python3', [REF, 'verify-bundle', file, '--key', vkey, '--no-fairness'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = JSON.parse(r.stdout) as { ok: boolean; code?: string };
  return out.ok ? 'VERIFIED' : out.code!;
}

/** A version 2 draft (a dated public source), so the first attempt's entries carry their history. */
function v2Draft() {
  const d = baseDraft();
  d.entropy = {
    ...d.entropy!,
    publicSources: [{ id: 'lotto', description: 'State lottery', date: '2023-08-24' }],
  };
  return d;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-previous-'));
  relay = await startDrandRelay();
  t = await startTestApp({ dataDir: dir, config: { DRAND_URL: relay.url } });
  lotIds = seedLot(t, 2).lotIds;
  op = await t.loginAs('operator');
  vkey = t.ctx.tlog!.vkey;
}, 60_000);
afterAll(async () => {
  await t.close();
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a later attempt's bundle and its lot's previous attempts", () => {
  let honestFirst: string;
  let honestSecond: string;
  it('does carry an early-cancelled attempt, declared version 4, and verify', async () => {
    const witness = await t.loginAs('observer');
    honestFirst = await driveTo(t, op, witness, lotIds[0]!, 'announced', v2Draft());
    t.clock.set(BEFORE_ROUND.getTime() + 60_000);
    await drawApi(op).cancel(honestFirst, 'rules revised').expect(200);
    honestSecond = await driveTo(t, op, witness, lotIds[0]!, 'drawn');
    const b = await bundleOf(honestSecond);
    const announced = b.entries.find((e) => e.entry.type === 'draw.announced')!.entry.data as {
      announcement: { spec: { version: number } };
    };
    expect(announced.announcement.spec.version).toBe(4);
    expect(b.previousAttempts!.map((a) => a.drawId)).toEqual([honestFirst]);
    expect(b.previousAttempts![0]!.entries.map((e) => e.entry.type).at(-1)).toBe('draw.cancelled');
    const v = verifyBundle(b, { trustedKeys: [vkey] });
    expect(v.checks.find((c) => c.id === 'entries')!.detail).toContain('1 previous attempt(s)');
    expect(pythonVerdict(b, 'honest-second')).toBe('VERIFIED');
    // a first attempt's bundle is as before: no previous attempts
    expect((await bundleOf(honestFirst)).previousAttempts).toBeUndefined();
  });

  it('when the previous attempt is left out, fails with PREVIOUS_ATTEMPTS_MISSING', async () => {
    const b = await bundleOf(honestSecond);
    delete b.previousAttempts;
    expect(verdict(b)).toBe('PREVIOUS_ATTEMPTS_MISSING');
    expect(pythonVerdict(b, 'left-out')).toBe('PREVIOUS_ATTEMPTS_MISSING');
    const other = await bundleOf(honestSecond);
    other.previousAttempts![0]!.drawId = honestSecond;
    expect(verdict(other)).toBe('PREVIOUS_ATTEMPTS_MISSING');
  });

  let rerolled: string;
  let second: string;
  it("does show the previous attempt's late cancel from the later attempt's bundle alone", async () => {
    const witness = await t.loginAs('observer');
    rerolled = await driveTo(t, op, witness, lotIds[1]!, 'reveals_closed', v2Draft());
    cancelAnyway(t, op.user.username, rerolled, 'try again');
    second = await driveTo(t, op, witness, lotIds[1]!, 'announced');
    const b = await bundleOf(second);
    expect(() => verifyBundle(b, { trustedKeys: [vkey] })).toThrowWithCode(
      VerificationError,
      'DRAW_RE_ROLLED'
    );
    expect(pythonVerdict(b, 'rerolled-second')).toBe('DRAW_RE_ROLLED');
    try {
      verifyBundle(b, { trustedKeys: [vkey] });
    } catch (e) {
      expect((e as VerificationError).message).toContain(
        `draw ${rerolled} was cancelled after its reveals were closed`
      );
    }
  });

  it('when the late attempt is hidden by leaving out its draw.reveals_closed, fails with HISTORY_INCOMPLETE', async () => {
    const b = await bundleOf(second);
    const prev = b.previousAttempts![0]!;
    prev.entries = prev.entries.filter((e) => e.entry.type !== 'draw.reveals_closed');
    expect(verdict(b)).toBe('HISTORY_INCOMPLETE');
    expect(pythonVerdict(b, 'hidden')).toBe('HISTORY_INCOMPLETE');
  });

  it('does leave the audit of the honest lot passing, and flag the re-rolled one', () => {
    const db = new Database(join(dir, 'adal.sqlite'), { readonly: true });
    try {
      expect(auditDatabase(db, { vkey }).problem).toMatchObject({
        code: 'DRAW_RE_ROLLED',
        drawId: rerolled,
      });
    } finally {
      db.close();
    }
  });
});
