/**
 * Issue 13's "Done when", as real processes on 127.0.0.1: three `adal witness serve` processes, the
 * server (the real app on a real HTTP server, WITNESSES pointing at them, a short cadence) and an
 * `adal monitor` process watch real draws.
 *   - a full adal-v1 draw: its bundle verifies with `adal verify --witness` ×3 at threshold 2 (and 3);
 *   - a witness SIGKILLed in the middle of a second draw: that bundle still verifies at threshold 2,
 *     and fails at 3 with WITNESS_POLICY_UNMET;
 *   - a fork: a second server from a copy of the data folder (same key) diverging by one draw is
 *     refused by every witness that saw the first branch (422, their evidence printed), and the
 *     monitor's memory of the first branch makes `adal monitor` exit 1 naming the fork;
 *   - a truncated log (tail deleted in the SQLite file, triggers dropped first): `adal monitor`
 *     exits 1 naming it.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseCosignerKey } from '../../../shared/cosignature.js';
import { loadOrCreateLogKey } from '../../../server/log/log-key.js';
import { parseWitnessList, type ConfiguredWitness } from '../../../server/log/witness-list.js';
import { appendLogEntry } from '../../../server/log/transparency-log.js';
import { createLot } from '../../../server/lots/lots.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  SECRET,
  baseDraft,
  drawApi,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import {
  eventually,
  exited,
  serveWitness,
  spawnAdal,
  type WitnessProcess,
} from '../../helpers/witness-process.js';

const ORIGIN = 'adal-draw.example/log';
const dirs: string[] = [];
const apps: TestApp[] = [];
const killers: (() => void)[] = [];
let relay: TestDrandRelay | undefined;
afterAll(async () => {
  for (const k of killers) k();
  for (const a of apps) await a.close().catch(() => undefined);
  await relay?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'adal-witnessed-'));
  dirs.push(d);
  return d;
}

function ok<T extends { status: number; body: unknown }>(what: string, res: T, status = 200): T {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res;
}

/** Registry entries that make a log grow by n (not draws: no milestone). */
function grow(t: TestApp, n: number, tag: string): void {
  for (let i = 0; i < n; i++)
    t.ctx.db.transaction(() =>
      appendLogEntry(t.ctx, {
        type: 'registry.expert_created',
        actor: 'admin',
        subject: { kind: 'expert', id: `${tag}-${i}` },
        data: { registryNo: `${tag}-${i}`, regions: ['KZ-ALA'] },
      })
    )();
}

async function bundleFile(t: TestApp, drawId: string, dir: string): Promise<string> {
  const res = await fetch(`${t.baseUrl}/api/public/draws/${drawId}/bundle`);
  expect(res.status).toBe(200);
  const file = join(dir, `${drawId}.bundle.json`);
  writeFileSync(file, await res.text());
  return file;
}

// shared by the steps below, in order
const world = {
  dir: '',
  dataDir: '',
  logVkey: '',
  witnesses: [] as WitnessProcess[],
  vkeys: [] as string[],
  config: [] as ConfiguredWitness[],
  stateFile: '',
  t: undefined as unknown as TestApp,
};

const verifyArgs = (file: string, threshold: number) => [
  'verify',
  file,
  '--key',
  world.logVkey,
  ...world.vkeys.flatMap((v) => ['--witness', v]),
  '--witness-threshold',
  String(threshold),
];

describe('a witnessed log', () => {
  it('does get a full draw cosigned by three witness processes, and one killed mid-draw costs only its line', async () => {
    world.dir = tempDir();
    world.dataDir = join(world.dir, 'data-a');
    mkdirSync(world.dataDir);
    world.logVkey = loadOrCreateLogKey(world.dataDir, ORIGIN).key.vkey;
    const names = ['ngo.example/w1', 'uni.example/w2', 'press.example/w3'];
    // keys, then witnesses, three at once (every `adal` run is a process start)
    const keyFiles = names.map((_, i) => join(world.dir, `w${i}.key`));
    const made = await Promise.all(
      names.map((name, i) => runAdal(['witness', 'key', '--key', keyFiles[i]!, '--name', name]))
    );
    expect(made.map((r) => r.status)).toEqual([0, 0, 0]);
    world.vkeys = made.map((r) => r.stdout.trim());
    world.witnesses = await Promise.all(
      keyFiles.map((key, i) =>
        serveWitness([
          '--key',
          key,
          '--state',
          join(world.dir, `w${i}.state`),
          '--log',
          world.logVkey,
        ])
      )
    );
    for (const w of world.witnesses) killers.push(() => w.child.kill('SIGKILL'));
    world.config = parseWitnessList(
      world.witnesses.map((w, i) => `w${i + 1} ${w.base} ${world.vkeys[i]}`).join('\n')
    );
    relay = await startDrandRelay();
    const t = await startTestApp({
      now: BEFORE_ROUND,
      dataDir: world.dataDir,
      config: { DRAND_URL: relay.url, WITNESSES: world.config, WITNESS_INTERVAL_MS: 200 },
    });
    apps.push(t);
    world.t = t;

    world.stateFile = join(world.dir, 'monitor.json');
    const monitor = spawnAdal([
      'monitor',
      '--url',
      t.baseUrl,
      '--key',
      world.logVkey,
      '--state',
      world.stateFile,
      '--interval',
      '0.2',
    ]);
    killers.push(() => monitor.child.kill('SIGKILL'));

    const { lotId } = seedLot(t);
    const op = await t.loginAs('operator');
    const observer = await t.loginAs('observer');
    const api = drawApi(op);
    const w = witnessApi(observer);
    const adal = ok('create', await api.create(lotId, baseDraft()), 201).body.id as string;
    ok('invite', await api.invite(adal, observer.user.username), 201);
    ok('commit', await w.commit(adal, COMMITMENT));
    ok('announce', await api.announce(adal));
    ok('open', await api.openReveals(adal));
    ok('reveal', await w.reveal(adal, SECRET));
    ok('close reveals', await api.closeReveals(adal));

    const lot2 = createLot(t.ctx, 'setup', {
      competitionId: (
        t.ctx.db.prepare('SELECT competition_id FROM lots WHERE id = ?').get(lotId) as {
          competition_id: number;
        }
      ).competition_id,
      directionCode: 'youth',
      titleKk: 'Екінші лот',
      titleRu: 'Второй лот',
      applicants: [],
    }).id;
    const rfcDraft = baseDraft({
      method: 'rfc3797',
      entropy: {
        publicSources: [
          { id: 'lotto', description: 'Лото 6 из 49, тираж', date: '2023-08-24', time: '20:00' },
          { id: 'stock', description: 'KASE index close', date: '2023-08-24' },
        ],
      },
    });
    const rfc = ok('create rfc', await api.create(lot2, rfcDraft), 201).body.id as string;
    ok('announce rfc', await api.announce(rfc));
    ok('open rfc', await api.openReveals(rfc));
    ok('close rfc', await api.closeReveals(rfc));

    t.clock.set(AFTER_ROUND);
    ok('fetch beacon', await api.fetchBeacon(adal));
    ok('run', await api.run(adal));
    ok('close', await api.close(adal));
    await t.ctx.cosigning!.settled();

    // all three witnesses cosigned the close: the bundle carries their lines
    const a = await bundleFile(t, adal, world.dir);
    const [three, all] = await Promise.all([runAdal(verifyArgs(a, 2)), runAdal(verifyArgs(a, 3))]);
    expect([three.status, three.stderr]).toEqual([0, '']);
    expect(three.stdout).toMatch(
      /Witness cosignatures \(your policy\) — cosigned by 3 witnesses: /
    );
    expect(three.stdout).toMatch(/^VERIFIED draw /m);
    expect(all.status).toBe(0);

    // the third witness dies in the middle of the second draw
    world.witnesses[2]!.child.kill('SIGKILL');
    await exited(world.witnesses[2]!.child);
    // the sources' values exist from their dates on (the later: 2023-08-24 20:00 Kazakhstan time)
    // a day later the operator signs in again (sessions expire after 2 h idle)
    t.clock.set(new Date('2023-08-24T15:00:00Z'));
    const later = drawApi(
      await t.loginAs('operator', { username: op.user.username, password: op.password })
    );
    ok(
      'sources',
      await later.publicSources(rfc, [
        { id: 'stock', value: ['2911.54'] },
        { id: 'lotto', value: [33, 8, 41, 12, 2, 19] },
      ])
    );
    ok('run rfc', await later.run(rfc));
    ok('close rfc', await later.close(rfc));
    await t.ctx.cosigning!.settled();

    const b = await bundleFile(t, rfc, world.dir);
    const [two, short] = await Promise.all([runAdal(verifyArgs(b, 2)), runAdal(verifyArgs(b, 3))]);
    expect([two.status, two.stderr]).toEqual([0, '']);
    expect(two.stdout).toMatch(
      /cosigned by 2 witnesses: ngo\.example\/w1, uni\.example\/w2 \(2 required\)/
    );
    expect(short.status).toBe(1);
    expect(short.stdout).toMatch(/✗ Witness cosignatures \(your policy\) — WITNESS_POLICY_UNMET: /);
    const status = t.ctx.cosigning!.status();
    expect(status.map((s) => [s.name, s.conflict])).toEqual([
      ['w1', false],
      ['w2', false],
      ['w3', false],
    ]);
    expect(status[2]!.lastError).not.toBeNull();

    // the monitor saw every checkpoint up to the last and verified both draws
    const size = t.ctx.tlog.size();
    expect(
      await eventually(() => monitor.stdout.some((l) => l.startsWith(`ok size ${size}:`)))
    ).toBe(true);
    const verified = monitor.stdout
      .map((l) => /(\d+) draws verified$/.exec(l)?.[1])
      .reduce((n, d) => n + Number(d ?? 0), 0);
    expect(verified).toBe(2);
    expect(monitor.stderr).toEqual([]);
    monitor.child.kill('SIGTERM');
    await exited(monitor.child);
    // the public checkpoint carries the lines of the latest cosigned checkpoint
    const witnessed = (await (
      await fetch(`${t.baseUrl}/api/public/log/checkpoint/witnessed`)
    ).json()) as { note: string };
    expect(witnessed.note.match(/^— w\d /gm)).toBeNull();
    expect(witnessed.note.match(/^— \S+\/w\d /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(parseCosignerKey(world.vkeys[0]!).name).toBe('ngo.example/w1');
  }, 120_000);

  it('does have a forked server refused by every witness that saw the first branch, and the monitor name the fork', async () => {
    const a0 = world.t;
    // stop the first server, copy its folder, start both: the same key, the same history so far
    await a0.close();
    const forkDir = join(world.dir, 'data-b');
    cpSync(world.dataDir, forkDir, { recursive: true });
    const config = { DRAND_URL: relay!.url, WITNESSES: world.config, WITNESS_INTERVAL_MS: 200 };
    const a = await startTestApp({ dataDir: world.dataDir, config });
    apps.push(a);
    const b = await startTestApp({ dataDir: forkDir, config });
    apps.push(b);
    world.t = a;
    await a.ctx.cosigning!.settled();
    await b.ctx.cosigning!.settled();

    // the first branch grows and its witnesses cosign it
    grow(a, 3, 'first');
    a.ctx.cosigning!.ask();
    await a.ctx.cosigning!.settled();
    const sizeA = a.ctx.tlog.size();
    expect(
      a.ctx
        .cosigning!.status()
        .slice(0, 2)
        .map((s) => s.cosignedSize)
    ).toEqual([sizeA, sizeA]);

    // the fork diverges by one draw (created and cancelled) and grows past the first branch
    const lots = b.ctx.db.prepare('SELECT id FROM lots ORDER BY id').all() as { id: number }[];
    const op = await b.loginAs('operator');
    const api = drawApi(op);
    const lot3 = createLot(b.ctx, 'setup', {
      competitionId: (
        b.ctx.db.prepare('SELECT competition_id FROM lots WHERE id = ?').get(lots[0]!.id) as {
          competition_id: number;
        }
      ).competition_id,
      directionCode: 'youth',
      titleKk: 'Үшінші лот',
      titleRu: 'Третий лот',
      applicants: [],
    }).id;
    const forked = ok('create', await api.create(lot3, baseDraft()), 201).body.id as string;
    ok('cancel', await api.cancel(forked, 'a draw only the forked server shows'));
    grow(b, Math.max(0, sizeA - b.ctx.tlog.size() + 2), 'fork');
    b.ctx.cosigning!.ask();
    await b.ctx.cosigning!.settled();
    const refused = b.ctx.cosigning!.status().slice(0, 2);
    expect(refused.map((s) => [s.name, s.conflict])).toEqual([
      ['w1', true],
      ['w2', true],
    ]);
    for (const w of world.witnesses.slice(0, 2))
      expect(await eventually(() => w.stderr.some((l) => /fork/i.test(l)))).toBe(true);

    // a monitor that remembers the first branch: fine on it, FORK on the fork
    // a monitor that remembers the first branch (it looks at it first): FORK on the fork
    const once = (url: string) =>
      runAdal([
        'monitor',
        '--once',
        '--url',
        url,
        '--key',
        world.logVkey,
        '--state',
        world.stateFile,
      ]);
    const onA = await once(a.baseUrl);
    expect([onA.status, onA.stderr]).toEqual([0, '']);
    const onB = await once(b.baseUrl);
    expect(onB.status).toBe(1);
    expect(onB.stderr).toMatch(/^adal monitor: FORK: .+\n$/);
  }, 120_000);

  it('does have the monitor catch a truncated log', async () => {
    const a = world.t;
    const size = a.ctx.tlog.size();
    await a.close();
    // an attacker with the file: drop the triggers, delete the tail and its checkpoints
    const db = new Database(join(world.dataDir, 'adal.sqlite'));
    const keepSize = size - 4;
    db.exec(`
      DROP TRIGGER log_entries_append_only_delete;
      DROP TRIGGER log_checkpoints_append_only_delete;
      DELETE FROM log_cosignatures WHERE size > ${keepSize};
      DELETE FROM log_entries WHERE idx >= ${keepSize};
      DELETE FROM log_checkpoints WHERE size > ${keepSize};
    `);
    const left = db.prepare('SELECT MAX(size) AS s FROM log_checkpoints').get() as { s: number };
    db.prepare('DELETE FROM log_entries WHERE idx >= ?').run(left.s);
    db.close();
    const again = await startTestApp({
      dataDir: world.dataDir,
      config: { DRAND_URL: relay!.url, WITNESSES: world.config, WITNESS_INTERVAL_MS: 200 },
    });
    apps.push(again);
    expect(again.ctx.tlog.size()).toBeLessThan(size);
    const r = await runAdal([
      'monitor',
      '--once',
      '--url',
      again.baseUrl,
      '--key',
      world.logVkey,
      '--state',
      world.stateFile,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^adal monitor: TRUNCATED: .+\n$/);
  }, 60_000);
});
