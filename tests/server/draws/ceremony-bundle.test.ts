/**
 * A closed ceremony's bundle (docs/PROTOCOL.md §Ceremony bundles): served by the bundle route, it
 * verifies with the real `adal verify`; each lot's published commission and reserves are what
 * `adal draw replay` computes from the published inputs alone; a tampered lot's result, pool or
 * lot seed fails naming that lot; the same verifier still answers a single draw's bundle as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import { AFTER_ROUND, baseDraft, seedLot } from '../../helpers/draws.js';
import { ceremonyApi, ceremonyReplayInput, driveCeremony } from '../../helpers/ceremonies.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { verifyBundle } from '../../../shared/verify.js';
import type { Bundle } from '../../../shared/schemas/bundle.js';
import { VerificationError } from '../../../shared/errors.js';

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let lotIds: number[];
let id: string;
let bundle: Bundle;
let dir: string;

type Data = Record<string, unknown> & {
  lots?: { lotId: number; result: { commission: string[] } }[];
};
const entry = (b: Bundle, type: string) => b.entries.filter((e) => e.entry.type === type);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adal-ceremony-'));
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URLS: ['http://127.0.0.1:9'] } });
  ({ lotIds } = seedLot(t, 7));
  op = await t.loginAs('operator');
  const witnesses = [await t.loginAs('observer'), await t.loginAs('observer')];
  id = await driveCeremony(t, op, witnesses, relay, lotIds, baseDraft({ reserves: 3 }));
  const api = ceremonyApi(op);
  const lot = (await api.get(id).expect(200)).body.lots[2];
  await api.declineIn(id, lotIds[2]!, lot.commission[1]).expect(200);
  for (const lotId of lotIds) await api.closeLot(id, lotId).expect(200);
  bundle = (await t.agent.get(`/api/public/draws/${id}/bundle`).expect(200)).body as Bundle;
}, 90_000);

afterAll(async () => {
  await t?.close();
  await relay?.close();
  rmSync(dir, { recursive: true, force: true });
});

const verify = (b: unknown) => verifyBundle(b, { trustedKeys: [t.ctx.tlog.vkey] });
function failure(b: unknown): VerificationError {
  try {
    verify(b);
  } catch (e) {
    if (e instanceof VerificationError) return e;
    throw e;
  }
  throw new Error('the bundle verified');
}

describe('a ceremony bundle', () => {
  it('does verify with adal verify, every check passing', async () => {
    const file = join(dir, 'ceremony.bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const r = await runAdal(['verify', file, '--key', t.ctx.tlog.vkey]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).not.toContain('✗');
    const v = verify(bundle);
    expect(v.lastEvent).toBe('draw.closed');
    expect(v.ceremony!.lots.map((l) => l.lotId)).toEqual(lotIds);
    expect(v.checks.find((c) => c.id === 'inclusion')!.detail).toContain('history complete');
  });

  it('does give each lot the commission adal draw replay computes from the published inputs', async () => {
    const published = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    const input = ceremonyReplayInput(bundle);
    const file = join(dir, 'ceremony.replay.json');
    writeFileSync(file, JSON.stringify(input));
    const r = await runAdal(['draw', 'replay', file, '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout) as {
      lots: { lotId: string; result: { commission: string[]; reserves: string[] } }[];
    };
    expect(out.lots.map((l) => l.lotId)).toEqual(lotIds.map(String));
    out.lots.forEach((l, i) => {
      expect(l.result.commission).toEqual(published.lots[i].commission);
      expect(l.result.reserves).toEqual(published.lots[i].reserves);
    });
  });

  it('does fail a tampered lot naming that lot', () => {
    const lotId = lotIds[4]!;
    const swapped = structuredClone(bundle);
    const r = entry(swapped, 'draw.result')[0]!.entry.data as Data;
    const lot = r.lots![4]!;
    lot.result.commission = [...lot.result.commission].reverse();
    const e = failure(swapped);
    expect(e.code).toBe('RESULT_MISMATCH');
    expect(e.message).toMatch(new RegExp(`^lot ${lotId}: `));

    const pool = structuredClone(bundle);
    const s = entry(pool, 'draw.lot_sealed')[4]!.entry.data as { pool: unknown[] };
    s.pool = s.pool.slice(1);
    const p = failure(pool);
    expect(p.code).toBe('POOL_ROOT_MISMATCH');
    expect(p.message).toMatch(new RegExp(`^lot ${lotId}: `));

    const seed = structuredClone(bundle);
    const rs = entry(seed, 'draw.result')[0]!.entry.data as { lots: { lotSeed: string }[] };
    rs.lots[4]!.lotSeed = rs.lots[3]!.lotSeed;
    const q = failure(seed);
    expect(q.code).toBe('SEED_MISMATCH');
    expect(q.message).toMatch(new RegExp(`^lot ${lotId}: `));
  });

  it('does refuse lots out of order or a closed ceremony with an open lot', () => {
    const order = structuredClone(bundle);
    const sealed = entry(order, 'draw.lot_sealed');
    [sealed[0]!.entry, sealed[1]!.entry] = [sealed[1]!.entry, sealed[0]!.entry];
    expect(failure(order).code).toBe('BUNDLE_ENTRIES_INVALID');
    const open = structuredClone(bundle);
    open.entries = open.entries.filter(
      (e) => !(e.entry.type === 'draw.lot_closed' && (e.entry.data as Data)['lotId'] === lotIds[0])
    );
    expect(failure(open).code).toBe('BUNDLE_ENTRIES_INVALID');
  });

  it('does pass adal audit --url against the running server', async () => {
    const r = await runAdal(['audit', '--url', t.baseUrl, '--key', t.ctx.tlog.vkey]);
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('does refuse a ceremony cancelled once its drand round’s time had come (no re-roll)', () => {
    const late = structuredClone(bundle);
    const k = late.entries.findIndex((e) => e.entry.type === 'draw.announced');
    const announced = late.entries[k]!;
    late.entries = [
      ...late.entries.slice(0, k + 1),
      {
        index: announced.index + 1,
        proof: [],
        entry: {
          ...announced.entry,
          type: 'draw.cancelled',
          at: AFTER_ROUND.toISOString(),
          data: { drawId: id, reason: 'try again' },
        },
      },
    ];
    expect(failure(late).code).toBe('DRAW_RE_ROLLED');
  });
});
