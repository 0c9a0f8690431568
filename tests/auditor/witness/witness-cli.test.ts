/**
 * `adal witness` as an outside organisation runs it: real processes (tsx on server/cli/main.ts) on
 * 127.0.0.1. The witness cosigns real checkpoints of the real server's log as the log grows, with
 * cosignatures checked by the independent node:crypto check written from the spec; it refuses a
 * fork (a second log with the same key and origin that diverges) with 422/409 and prints and keeps
 * the evidence; it keeps its state across a restart; and a SIGKILL while requests are in flight
 * loses nothing it acknowledged.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { fromHex, toBase64, utf8 } from '../../../shared/bytes.js';
import { signCheckpoint } from '../../../shared/checkpoint.js';
import { cosignerKeyFromNoteKey, parseCosignerKey } from '../../../shared/cosignature.js';
import { sha256 } from '../../../shared/hash.js';
import { consistencyProof, leafHash, rootHash } from '../../../shared/merkle.js';
import {
  ed25519Signer,
  formatVerifierKey,
  parseSignerKey,
  verifyNote,
  parseVerifierKey,
} from '../../../shared/note.js';
import {
  ConsistencyProofResponse,
  LogKeyResponse,
  SignedCheckpoint,
} from '../../../shared/schemas/log.js';
import { WitnessState } from '../../../shared/schemas/witness.js';
import { logKeyPath } from '../../../auditor/log-key-file.js';
import { appendLogEntry } from '../../../server/log/transparency-log.js';
import { runAdal } from '../../helpers/adal-cli.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { independentCosignatureCheck, noteTextOf } from '../../helpers/independent-cosignature.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const a of apps) await a.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'adal-witness-cli-'));
  dirs.push(d);
  return d;
}

interface WitnessProcess {
  child: ChildProcess;
  base: string;
  /** stderr lines so far */
  stderr: string[];
}

/** `adal witness serve …` in ONE node process (so SIGKILL hits the witness itself). */
async function serve(args: string[]): Promise<WitnessProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/cli/main.ts',
      'witness',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...args,
    ],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  children.push(child);
  const stderr: string[] = [];
  let errBuf = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    errBuf += d;
    let i: number;
    while ((i = errBuf.indexOf('\n')) >= 0) {
      stderr.push(errBuf.slice(0, i));
      errBuf = errBuf.slice(i + 1);
    }
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`witness exited ${code}: ${stderr.join('\n')}`)));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /serving \d+ log\(s\) on (http:\/\/127\.0\.0\.1:\d+)\/add-checkpoint\n/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  child.removeAllListeners('exit');
  return { child, base, stderr };
}

const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())
  );

async function addCheckpoint(base: string, body: string) {
  const res = await fetch(`${base}/add-checkpoint`, { method: 'POST', body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const request = (old: number, proof: Uint8Array[], note: string) =>
  `old ${old}\n${proof.map((h) => toBase64(h) + '\n').join('')}\n${note}`;

/** Polls until `test` holds (the stderr of a child arrives on its own schedule). */
async function eventually(test: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(test()).toBe(true);
}

describe('adal witness key', () => {
  it('does create the key (0600) once with --name and print the cosigner key, never the secret', async () => {
    const file = join(tempDir(), 'witness.key');
    const missing = await runAdal(['witness', 'key', '--key', file]);
    expect([missing.status, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toMatch(
      /^adal: WITNESS_KEY_MISSING: no witness key at .+ --name NAME.*\n$/
    );

    const made = await runAdal([
      'witness',
      'key',
      '--key',
      file,
      '--name',
      'witness.adal.example/w1',
    ]);
    expect(made.status).toBe(0);
    const vkey = made.stdout.trim();
    expect(parseCosignerKey(vkey).name).toBe('witness.adal.example/w1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // the file is a plain signed-note private key; as a cosigner the same key has the 0x04 ID
    const skey = readFileSync(file, 'utf8').trim();
    expect(cosignerKeyFromNoteKey(parseSignerKey(skey).vkey).vkey).toBe(vkey);
    // PRIVATE+KEY+<name>+<keyid>+<base64>: the base64 may itself contain '+', so take all after the 4th
    expect(made.stdout + made.stderr).not.toContain(skey.split('+').slice(4).join('+'));

    const [again, renamed, badName] = await Promise.all([
      runAdal(['witness', 'key', '--key', file]),
      runAdal(['witness', 'key', '--key', file, '--name', 'someone.else/w']),
      runAdal(['witness', 'key', '--key', join(tempDir(), 'k'), '--name', 'has space']),
    ]);
    expect([again.status, again.stdout]).toEqual([0, `${vkey}\n`]);
    expect([renamed.status, renamed.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: WITNESS_KEY_NAME: /),
    ]);
    expect([badName.status, badName.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: WITNESS_KEY_NAME: /),
    ]);
    chmodSync(file, 0o644);
    const open = await runAdal(['witness', 'key', '--key', file]);
    expect([open.status, open.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: WITNESS_KEY_PERMISSIONS: /),
    ]);
  });

  it('does refuse bad serve usage with one line and exit 2', async () => {
    const dir = tempDir();
    const key = join(dir, 'w.key');
    await runAdal(['witness', 'key', '--key', key, '--name', 'w.example']);
    const vkey = formatVerifierKey('log.example', new Uint8Array(32).fill(7));
    const base = ['witness', 'serve', '--key', key, '--state', join(dir, 's.json'), '--port', '0'];
    const runs = await Promise.all([
      runAdal(base),
      runAdal([...base, '--log', 'log.example+00000000+AQ==']),
      runAdal([...base, '--log', vkey, '--port', '70000']),
      runAdal(['witness', 'serve', '--key', key, '--log', vkey, '--port', '0']),
    ]);
    for (const [i, r] of runs.entries()) {
      expect([i, r.status, r.stdout]).toEqual([i, 2, '']);
      expect([i, r.stderr.trim().split('\n')]).toEqual([
        i,
        [expect.stringMatching(/^(adal: |error: )/)],
      ]);
    }
  });
});

/** A log entry that makes the real server's log grow by one. */
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

async function latest(t: TestApp): Promise<SignedCheckpoint> {
  return SignedCheckpoint.parse(
    await (await fetch(`${t.baseUrl}/api/public/log/checkpoint`)).json()
  );
}

async function proofOf(t: TestApp, from: number, to: number): Promise<Uint8Array[]> {
  const r = ConsistencyProofResponse.parse(
    await (
      await fetch(`${t.baseUrl}/api/public/log/proof/consistency?from=${from}&to=${to}`)
    ).json()
  );
  return r.proof.map(fromHex);
}

describe('adal witness serve', () => {
  it('does cosign the real log as it grows, refuse and record a fork, and keep it all across a restart', async () => {
    const a = await startTestApp();
    apps.push(a);
    const logVkey = LogKeyResponse.parse(
      await (await fetch(`${a.baseUrl}/api/public/log/key`)).json()
    ).vkey;
    const dir = tempDir();
    const keyFile = join(dir, 'witness.key');
    const stateFile = join(dir, 'witness-state.json');
    const args = [
      '--key',
      keyFile,
      '--name',
      'witness.adal.example/w1',
      '--state',
      stateFile,
      '--log',
      logVkey,
    ];
    let w = await serve(args);
    const vkey = (await runAdal(['witness', 'key', '--key', keyFile])).stdout.trim();

    const cosigned = async (body: string, note: string) => {
      const before = BigInt(Math.floor(Date.now() / 1000));
      const r = await addCheckpoint(w.base, body);
      expect([r.status, r.text]).toEqual([
        200,
        expect.stringMatching(/^— witness\.adal\.example\/w1 \S+\n$/),
      ]);
      const t = independentCosignatureCheck(r.text.slice(0, -1), noteTextOf(note), vkey);
      expect(t).not.toBeNull();
      expect(t! >= before && t! <= BigInt(Math.ceil(Date.now() / 1000))).toBe(true);
    };

    grow(a, 3, 'A');
    const cp3 = await latest(a);
    expect(cp3.size).toBe(3);
    await cosigned(request(0, [], cp3.note), cp3.note);
    grow(a, 4, 'A2');
    const cp7 = await latest(a);
    await cosigned(request(3, await proofOf(a, 3, 7), cp7.note), cp7.note);
    const stale = await addCheckpoint(w.base, request(0, [], cp3.note));
    expect([stale.status, stale.type, stale.text]).toEqual([409, 'text/x.tlog.size', '7\n']);

    // a second log with the same key and origin that diverges from the first
    const bDir = tempDir();
    copyFileSync(logKeyPath(a.dataDir), logKeyPath(bDir));
    chmodSync(logKeyPath(bDir), 0o600);
    const b = await startTestApp({ dataDir: bDir });
    apps.push(b);
    grow(b, 7, 'B');
    const b7 = await latest(b);
    expect([b7.origin, b7.size, b7.rootHash === cp7.rootHash]).toEqual([cp7.origin, 7, false]);
    const sameSize = await addCheckpoint(w.base, request(7, [], b7.note));
    expect([sameSize.status, sameSize.text]).toEqual([
      422,
      expect.stringContaining('root differs'),
    ]);
    grow(b, 2, 'B2');
    const b9 = await latest(b);
    const badProof = await addCheckpoint(w.base, request(7, await proofOf(b, 7, 9), b9.note));
    expect([badProof.status, badProof.text]).toEqual([
      422,
      expect.stringContaining('consistency proof'),
    ]);
    const behind = await addCheckpoint(w.base, request(5, await proofOf(b, 5, 9), b9.note));
    expect([behind.status, behind.text]).toEqual([409, '7\n']);

    await eventually(() => w.stderr.filter((l) => l.includes('EVIDENCE')).length === 2);
    const printed = w.stderr.filter((l) => l.includes('EVIDENCE'));
    expect(printed[0]).toMatch(/^adal witness: FORK EVIDENCE \{.*\}$/);
    expect(printed[1]).toMatch(/^adal witness: POSSIBLE FORK EVIDENCE \{.*\}$/);
    const state = WitnessState.parse(JSON.parse(readFileSync(stateFile, 'utf8')));
    expect(state.forks).toEqual(printed.map((l) => JSON.parse(l.slice(l.indexOf('{')))));
    const logKey = parseVerifierKey(logVkey);
    expect(state.forks.map((f) => [f.kind, f.held, f.shown, f.oldSize])).toEqual([
      ['same-size-different-root', cp7.note, b7.note, 7],
      ['inconsistent-proof', cp7.note, b9.note, 7],
    ]);
    for (const f of state.forks) expect(verifyNote(f.shown, [logKey]).ok).toBe(true);

    // a restart keeps the latest checkpoint and the evidence, and goes on with the first view
    w.child.kill('SIGTERM');
    await exited(w.child);
    expect(w.child.exitCode).toBe(0);
    w = await serve(args);
    const kept = await addCheckpoint(w.base, request(0, [], cp3.note));
    expect([kept.status, kept.text]).toEqual([409, '7\n']);
    grow(a, 3, 'A3');
    const cp10 = await latest(a);
    await cosigned(request(7, await proofOf(a, 7, 10), cp10.note), cp10.note);
    const after = WitnessState.parse(JSON.parse(readFileSync(stateFile, 'utf8')));
    expect(after.forks).toEqual(state.forks);
    expect(after.logs[cp10.origin]!.size).toBe(10);
  }, 120_000);

  it('does lose nothing it acknowledged when SIGKILLed with requests in flight', async () => {
    const LOGS = 4;
    const logs = Array.from({ length: LOGS }, (_, l) => {
      const origin = `crash${l}.adal.example/log`;
      const seed = sha256(utf8(origin));
      const leaves = Array.from({ length: 400 }, (_, i) => leafHash(utf8(`${origin} ${i}`)));
      // the last log's key is not named after its origin: configured as --log "VKEY ORIGIN"
      const keyName = l === LOGS - 1 ? `key-of-crash${l}` : origin;
      const signer = ed25519Signer(keyName, seed);
      const vkey = formatVerifierKey(keyName, ed25519.getPublicKey(seed));
      const cp = (n: number) =>
        signCheckpoint(
          { origin, size: n, rootHash: rootHash(leaves.slice(0, n)), extensions: [] },
          signer
        );
      return { origin, vkey: keyName === origin ? vkey : `${vkey} ${origin}`, leaves, cp };
    });
    const dir = tempDir();
    const args = [
      '--key',
      join(dir, 'w.key'),
      '--name',
      'crash.witness',
      '--state',
      join(dir, 's.json'),
    ];
    for (const l of logs) args.push('--log', l.vkey);
    const w = await serve(args);

    const acked = new Array<number>(LOGS).fill(0);
    let total = 0;
    let killed = false;
    const feed = async (l: number) => {
      const { cp, leaves } = logs[l]!;
      for (let size = 1; !killed && size < leaves.length; size++) {
        const body = request(
          acked[l]!,
          consistencyProof(acked[l]!, leaves.slice(0, size)),
          cp(size)
        );
        try {
          const r = await addCheckpoint(w.base, body);
          if (r.status !== 200) throw new Error(`${l} ${size}: ${r.status} ${r.text}`);
          acked[l] = size;
          if (++total === 150) {
            killed = true;
            w.child.kill('SIGKILL');
          }
        } catch (e) {
          if (!killed) throw e;
        }
      }
    };
    await Promise.all(logs.map((_, l) => feed(l)));
    await exited(w.child);
    expect(w.child.signalCode).toBe('SIGKILL');

    const again = await serve(args);
    const state = WitnessState.parse(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')));
    const witnessVkey = (
      await runAdal(['witness', 'key', '--key', join(dir, 'w.key')])
    ).stdout.trim();
    for (const [l, { origin, cp }] of logs.entries()) {
      const r = await addCheckpoint(again.base, request(0, [], cp(1)));
      const held = Number(r.text);
      // every acknowledged checkpoint is kept; at most the one in flight got further
      expect([origin, r.status, held >= acked[l]! && held <= acked[l]! + 1]).toEqual([
        origin,
        409,
        true,
      ]);
      const rec = state.logs[origin]!;
      expect(rec.size).toBe(held);
      expect(independentCosignatureCheck(rec.cosignature, noteTextOf(cp(held)), witnessVkey)).toBe(
        BigInt(rec.cosignedAt)
      );
    }
  }, 120_000);
});
