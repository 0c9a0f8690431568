/**
 * Issue 13's "Done when", as real processes on 127.0.0.1: three `adal witness serve` processes, the
 * server as its own process (`node server/index.ts`, WITNESSES pointing at them, a short cadence,
 * DRAND_URL the test's local relay of recorded rounds, and — since those rounds are of 2023 — its
 * clock read from a file the test writes, TEST_CLOCK_FILE: tests/helpers/server-process.ts) and an
 * `adal monitor` process watch real draws. The registry, lots and accounts are set up beforehand on
 * the same data folder by the services in this process, with no server running.
 *   - a full adal-v1 draw: its bundle verifies with `adal verify --witness` ×3 at threshold 2 (and 3);
 *   - a witness SIGKILLed in the middle of a second draw: that bundle still verifies at threshold 2,
 *     and fails at 3 with WITNESS_POLICY_UNMET;
 *   - a fork: a second server from a copy of the data folder (same key) diverging by one draw is
 *     refused by every witness that saw the first branch (422, their evidence printed), and the
 *     monitor's memory of the first branch makes `adal monitor` exit 1 naming the fork;
 *   - a truncated log (tail deleted in the SQLite file, triggers dropped first, the server stopped):
 *     `adal monitor` exits 1 naming it.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseCosignerKey } from '../../../shared/cosignature.js';
import { loadOrCreateLogKey } from '../../../server/log/log-key.js';
import { parseWitnessList, type ConfiguredWitness } from '../../../server/log/witness-list.js';
import { createLot } from '../../../server/lots/lots.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { startTestApp, withCsrf, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  ROUND,
  SECRET,
  baseDraft,
  drawApi,
  expert,
  seedLot,
  witnessApi,
} from '../../helpers/draws.js';
import {
  logSize,
  setClock,
  signIn,
  startServerProcess,
  until,
  untilWitnesses,
  witnessStatus,
  type ServerProcess,
} from '../../helpers/server-process.js';
import {
  eventually,
  exited,
  serveWitness,
  spawnAdal,
  type WitnessProcess,
} from '../../helpers/witness-process.js';

const ORIGIN = 'adal-draw.example/log';
const dirs: string[] = [];
const servers: ServerProcess[] = [];
const killers: (() => void)[] = [];
let relay: TestDrandRelay | undefined;
afterAll(async () => {
  for (const k of killers) k();
  for (const a of servers) await a.stop().catch(() => undefined);
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

/** Registry entries that make a log grow by n (experts added through the API: no milestone). */
async function grow(op: TestSession, n: number, from: number): Promise<void> {
  for (let i = 0; i < n; i++)
    ok(
      'expert',
      await op.agent
        .post('/api/experts')
        .set(withCsrf(op))
        .send(expert(from + i)),
      201
    );
}

/** The server process on a data folder, asking the witnesses, its clock read from `clock`. */
async function serve(name: string, dataDir: string, clock: string): Promise<ServerProcess> {
  const s = await startServerProcess(name, {
    DATA_DIR: dataDir,
    TEST_CLOCK_FILE: clock,
    LOG_ORIGIN: ORIGIN,
    DEMO: '0',
    DRAND_URL: relay!.url,
    WITNESSES: world.witnessList,
    WITNESS_INTERVAL_MS: '200',
  });
  servers.push(s);
  return s;
}

async function bundleFile(t: ServerProcess, drawId: string, dir: string): Promise<string> {
  const res = await fetch(`${t.url}/api/public/draws/${drawId}/bundle`);
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
  /** WITNESSES as the server's environment gives it */
  witnessList: '',
  stateFile: '',
  competitionId: 0,
  operator: '',
  t: undefined as unknown as ServerProcess,
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
    world.witnessList = world.witnesses
      .map((w, i) => `w${i + 1} ${w.base} ${world.vkeys[i]}`)
      .join('\n');
    world.config = parseWitnessList(world.witnessList);
    relay = await startDrandRelay();

    // the registry, two lots and the accounts, by the services on the data folder (no server yet)
    const setup = await startTestApp({ now: BEFORE_ROUND, dataDir: world.dataDir });
    const { lotId } = seedLot(setup);
    world.competitionId = (
      setup.ctx.db.prepare('SELECT competition_id FROM lots WHERE id = ?').get(lotId) as {
        competition_id: number;
      }
    ).competition_id;
    const lot2 = createLot(setup.ctx, 'setup', {
      competitionId: world.competitionId,
      directionCode: 'youth',
      titleKk: 'Екінші лот',
      titleRu: 'Второй лот',
      applicants: [],
    }).id;
    world.operator = (await setup.createUser('operator')).username;
    const observerName = (await setup.createUser('observer')).username;
    await setup.close();

    const clock = join(world.dir, 'clock-a.txt');
    setClock(clock, BEFORE_ROUND);
    const t = await serve('server-a', world.dataDir, clock);
    world.t = t;

    world.stateFile = join(world.dir, 'monitor.json');
    const monitor = spawnAdal([
      'monitor',
      '--url',
      t.url,
      '--key',
      world.logVkey,
      '--state',
      world.stateFile,
      '--interval',
      '0.2',
    ]);
    killers.push(() => monitor.child.kill('SIGKILL'));

    const op = await signIn(t.url, world.operator);
    const observer = await signIn(t.url, observerName);
    const api = drawApi(op);
    const w = witnessApi(observer);
    const adal = ok('create', await api.create(lotId, baseDraft()), 201).body.id as string;
    ok('invite', await api.invite(adal, observer.user.username), 201);
    ok('commit', await w.commit(adal, COMMITMENT));
    ok('announce', await api.announce(adal));
    ok('open', await api.openReveals(adal));
    ok('reveal', await w.reveal(adal, SECRET));
    ok('close reveals', await api.closeReveals(adal));

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

    // The server's beacon scheduler fetches a due round by itself: the relay holds the round back
    // until the scheduler has tried (and recorded the failure, which with the clock standing still
    // is not retried), so the fetch below is the one that gets it.
    relay.setHead('quicknet', ROUND - 1);
    setClock(clock, AFTER_ROUND);
    expect(
      await until(async () => {
        const d = (await api.get(adal)).body as { beaconStatus: { attempts: number } | null };
        return (d.beaconStatus?.attempts ?? 0) > 0;
      })
    ).toBe(true);
    relay.setHead('quicknet', undefined);
    ok('fetch beacon', await api.fetchBeacon(adal));
    ok('run', await api.run(adal));
    ok('close', await api.close(adal));
    const closed = await logSize(t.url);
    await untilWitnesses(op, (s) => s.every((x) => x.cosignedSize === closed));

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
    setClock(clock, '2023-08-24T15:00:00Z');
    const opLater = await signIn(t.url, world.operator);
    const later = drawApi(opLater);
    ok(
      'sources',
      await later.publicSources(rfc, [
        { id: 'stock', value: ['2911.54'] },
        { id: 'lotto', value: [33, 8, 41, 12, 2, 19] },
      ])
    );
    ok('run rfc', await later.run(rfc));
    ok('close rfc', await later.close(rfc));
    const rfcClosed = await logSize(t.url);
    await untilWitnesses(
      opLater,
      (s) => s.slice(0, 2).every((x) => x.cosignedSize === rfcClosed) && s[2]!.lastError !== null
    );

    const b = await bundleFile(t, rfc, world.dir);
    const [two, short] = await Promise.all([runAdal(verifyArgs(b, 2)), runAdal(verifyArgs(b, 3))]);
    expect([two.status, two.stderr]).toEqual([0, '']);
    expect(two.stdout).toMatch(
      /cosigned by 2 witnesses: ngo\.example\/w1, uni\.example\/w2 \(2 required\)/
    );
    expect(short.status).toBe(1);
    expect(short.stdout).toMatch(/✗ Witness cosignatures \(your policy\) — WITNESS_POLICY_UNMET: /);
    const status = await witnessStatus(opLater);
    expect(status.map((s) => [s.name, s.conflict])).toEqual([
      ['w1', false],
      ['w2', false],
      ['w3', false],
    ]);
    expect(status[2]!.lastError).not.toBeNull();

    // the monitor saw every checkpoint up to the last and verified both draws
    const size = await logSize(t.url);
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
      await fetch(`${t.url}/api/public/log/checkpoint/witnessed`)
    ).json()) as { note: string };
    expect(witnessed.note.match(/^— w\d /gm)).toBeNull();
    expect(witnessed.note.match(/^— \S+\/w\d /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(parseCosignerKey(world.vkeys[0]!).name).toBe('ngo.example/w1');
  }, 120_000);

  it('does have a forked server refused by every witness that saw the first branch, and the monitor name the fork', async () => {
    // stop the first server, copy its folder, start both: the same key, the same history so far
    await world.t.stop();
    const forkDir = join(world.dir, 'data-b');
    cpSync(world.dataDir, forkDir, { recursive: true });
    const clock = join(world.dir, 'clock-b.txt');
    setClock(clock, '2026-03-01T09:00:00Z');
    const a = await serve('server-a2', world.dataDir, clock);
    const b = await serve('server-b', forkDir, clock);
    world.t = a;
    const opA = await signIn(a.url, world.operator);
    const opB = await signIn(b.url, world.operator);
    const sizeBefore = await logSize(a.url);
    for (const op of [opA, opB])
      await untilWitnesses(op, (s) => s.slice(0, 2).every((x) => x.cosignedSize === sizeBefore));

    // the first branch grows and its witnesses cosign it (at the cadence: no milestone)
    await grow(opA, 3, 201);
    const sizeA = await logSize(a.url);
    const statusA = await untilWitnesses(opA, (s) =>
      s.slice(0, 2).every((x) => x.cosignedSize === sizeA)
    );
    expect(statusA.slice(0, 2).map((s) => s.cosignedSize)).toEqual([sizeA, sizeA]);

    // the fork diverges by one draw (created and cancelled) and grows past the first branch
    const api = drawApi(opB);
    const lot3 = ok(
      'lot',
      await opB.agent.post('/api/lots').set(withCsrf(opB)).send({
        competitionId: world.competitionId,
        directionCode: 'youth',
        titleKk: 'Үшінші лот',
        titleRu: 'Третий лот',
        applicants: [],
      }),
      201
    ).body.id as number;
    const forked = ok('create', await api.create(lot3, baseDraft()), 201).body.id as string;
    ok('cancel', await api.cancel(forked, 'a draw only the forked server shows'));
    await grow(opB, Math.max(0, sizeA - (await logSize(b.url)) + 2), 301);
    const refused = (
      await untilWitnesses(opB, (s) => s.slice(0, 2).every((x) => x.conflict))
    ).slice(0, 2);
    expect(refused.map((s) => [s.name, s.conflict])).toEqual([
      ['w1', true],
      ['w2', true],
    ]);
    for (const w of world.witnesses.slice(0, 2))
      expect(await eventually(() => w.stderr.some((l) => /fork/i.test(l)))).toBe(true);

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
    const onA = await once(a.url);
    expect([onA.status, onA.stderr]).toEqual([0, '']);
    const onB = await once(b.url);
    expect(onB.status).toBe(1);
    expect(onB.stderr).toMatch(/^adal monitor: FORK: .+\n$/);
  }, 120_000);

  it('does have the monitor catch a truncated log', async () => {
    const a = world.t;
    const size = await logSize(a.url);
    await a.stop();
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
    const again = await serve('server-a3', world.dataDir, join(world.dir, 'clock-b.txt'));
    expect(await logSize(again.url)).toBeLessThan(size);
    const r = await runAdal([
      'monitor',
      '--once',
      '--url',
      again.url,
      '--key',
      world.logVkey,
      '--state',
      world.stateFile,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^adal monitor: TRUNCATED: .+\n$/);
  }, 60_000);
});
