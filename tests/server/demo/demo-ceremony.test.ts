/**
 * The demo's finished ceremony (server/demo/ceremony.ts, run at first start after the demo
 * registry): every lot of GG-2025 drawn in one closed ceremony with two witnesses and the lottery's
 * numbers as its public source, no network at all; the same ceremony on every machine. Each lot is
 * as `adal draw replay` gives it from the published inputs, and the ceremony's bundle passes
 * `adal verify` with the log's key (both in a child process).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { seedDemoIfEmpty } from '../../../server/demo/seed.js';
import {
  DEMO_LOTTO_NUMBERS,
  demoClock,
  seedDemoCeremony,
  type DemoCeremony,
} from '../../../server/demo/ceremony.js';
import { PublicCeremonyDetail } from '../../../shared/api/ceremonies.js';
import { text } from '../../../shared/i18n/catalog.js';
import { binary, readPdf } from '../protocol/pdf-reader.js';

let t: TestApp;
let made: DemoCeremony | null;
let c: PublicCeremonyDetail;
const dir = mkdtempSync(join(tmpdir(), 'adal-demo-ceremony-'));

beforeAll(async () => {
  t = await startTestApp();
  const time = demoClock();
  seedDemoIfEmpty({ ...t.ctx, clock: time.clock });
  made = await seedDemoCeremony(t.ctx, time);
  c = PublicCeremonyDetail.parse((await t.agent.get(`/api/public/draws/${made!.drawId}`)).body);
}, 120_000);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo ceremony', () => {
  it('does close every lot of the 2025 competition, with witnesses and the lottery numbers', () => {
    expect(made).toEqual({ drawId: 'D-2026-0001', lots: 7 });
    expect(c.state).toBe('closed');
    expect(c.competitionCode).toBe('GG-2025');
    expect(c.lots.map((l) => [l.state, l.commission.length])).toEqual(
      Array.from({ length: 7 }, () => ['closed', 3])
    );
    expect(c.witnesses.map((w) => [w.name, w.secret !== null])).toEqual([
      ['Айгерім Сейітова', true],
      ['Данияр Омаров', true],
    ]);
    expect(c.publicSources).toEqual([{ id: 'lotto-6-49', value: DEMO_LOTTO_NUMBERS }]);
    expect(c.seedInput!.beacon).toBeNull();
    expect(c.lots[1]!.publicDeclines.map((d) => d.category)).toEqual(['unavailable']);
  });

  it('does give every lot as an independent replay of the published inputs', async () => {
    const input = {
      version: 1,
      kind: 'ceremony',
      drawId: c.id,
      lots: c.lots.map((l) => ({
        announcement: l.announcement,
        pool: l.pool.map(({ poolNo: _poolNo, ...entry }) => entry),
        declines: l.publicDeclines.map((x) => x.registryNo),
        expected: { lotSeed: l.lotSeed },
      })),
      material: { beacon: null, publicSources: c.publicSources, reveals: c.seedInput!.reveals },
      expected: { ceremonyHash: c.ceremonyHash, seed: c.seed },
    };
    const file = join(dir, 'replay.json');
    writeFileSync(file, JSON.stringify(input));
    const r = await runAdal(['draw', 'replay', '--json', file]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout) as {
      lots: { result: { commission: string[]; reserves: string[] } }[];
    };
    expect(out.lots.map((l) => [l.result.commission, l.result.reserves])).toEqual(
      c.lots.map((l) => [l.commission, l.reserves])
    );
  });

  it('does verify with adal verify and the log’s key', async () => {
    const bundle = (await t.agent.get(`/api/public/draws/${c.id}/bundle`).expect(200)).body;
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const r = await runAdal(['verify', file, '--key', t.ctx.tlog!.vkey]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/VERIFIED/);
  });

  it('does name in its PDF only the sources it used: witnesses and a public source, no drand', async () => {
    const res = await t.agent
      .get(`/api/public/draws/${c.id}/protocol.pdf?lang=ru`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const { words } = readPdf(res.body as Buffer);
    const parts = [text('ru', 'live.method.witnesses'), text('ru', 'live.method.sources')];
    expect(words).toContain(text('ru', 'live.method.adal', { parts: parts.join(', ') }));
    expect(words).not.toContain(text('ru', 'live.method.drand'));
  });
});
