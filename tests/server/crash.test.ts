/**
 * Crash test: a writer is killed with SIGKILL while appends are in flight; after reopening the file,
 * the log verifies (every entry hashes to its leaf, the rebuilt root equals every signed checkpoint's
 * root, every signature is valid, the latest checkpoint covers every entry) and no acknowledged
 * append is lost. Two writers: the real server taking concurrent registry writes over HTTP, and a
 * child process hammering appendLogEntry directly (group commit plus plain transactions).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../db/connection.js';
import { fromHex } from '../../shared/bytes.js';
import { verifyCheckpoint } from '../../shared/checkpoint.js';
import { parseVerifierKey } from '../../shared/note.js';
import { readVerifierKey } from '../../auditor/log-key-file.js';
import { verifyStoredLog } from '../../auditor/stored-log.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'adal-crash-'));
  dirs.push(d);
  return d;
}

/** Starts a TypeScript entry point in ONE node process (so SIGKILL hits the writer itself). */
function start(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

/** Calls onLine for each stdout line. */
function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
}

const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())
  );

/** Opens the file after the crash and checks the whole log; returns its leaf hashes by index. */
function verifyAfterCrash(dir: string) {
  const db = openDb(join(dir, 'adal.sqlite'));
  try {
    const r = verifyStoredLog(db, { vkey: readVerifierKey(dir) });
    expect(r.problem).toBeUndefined();
    expect(r.ok).toBe(true);
    const rows = db
      .prepare('SELECT idx, leaf_hash, type, subject_id FROM log_entries ORDER BY idx')
      .all() as { idx: number; leaf_hash: Uint8Array; type: string; subject_id: string }[];
    return { entries: r.entries, checkpoints: r.checkpoints, rows };
  } finally {
    db.close();
  }
}

describe('crash safety of the log', () => {
  it('does keep every acknowledged append when a direct writer is SIGKILLed mid-stream', async () => {
    const dir = tempDir();
    const child = start('tests/helpers/log-append-child.ts', [dir]);
    const acked = new Map<number, string>();
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code, signal) =>
        reject(new Error(`writer exited early: ${code ?? signal}`))
      );
      lines(child, (line) => {
        const m = /^ack (\d+) ([0-9a-f]{64})$/.exec(line);
        if (!m) return;
        acked.set(Number(m[1]), m[2]!);
        if (acked.size === 1500) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    const { entries, rows } = verifyAfterCrash(dir);
    expect(entries).toBeGreaterThanOrEqual(acked.size);
    const lost = [...acked].filter(
      ([index, hex]) =>
        rows[index] === undefined || !Buffer.from(rows[index]!.leaf_hash).equals(fromHex(hex))
    );
    expect(lost).toEqual([]);
  });

  it('does keep every acknowledged registry write when the real server is SIGKILLed', async () => {
    const dir = tempDir();
    const password = 'crash-test-password-0123';
    const env = {
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_PASSWORD: password,
      DEMO: '0',
    };
    const boot = async () => {
      const server = start('server/index.ts', [], { ...env, LOG_LEVEL: 'info' });
      const port = await new Promise<number>((resolve, reject) => {
        server.once('exit', (code) => reject(new Error(`server exited: ${code}`)));
        lines(server, (line) => {
          const m = /"port":(\d+)/.exec(line);
          if (m && line.includes('serving on')) resolve(Number(m[1]));
        });
      });
      server.removeAllListeners('exit');
      return { server, base: `http://127.0.0.1:${port}` };
    };

    const { server, base } = await boot();
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
        body: JSON.stringify(body),
      });
    const dirRes = await post('/api/directions', {
      code: 'youth',
      nameKk: 'Жастар',
      nameRu: 'Молодёжь',
      nameEn: 'Youth',
    });
    expect(dirRes.status).toBe(201);

    const acked: string[] = [];
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const registryNo = `C-${String(next++).padStart(5, '0')}`;
        try {
          const res = await post('/api/experts', {
            registryNo,
            fullNameRu: `Эксперт ${registryNo}`,
            directions: ['youth'],
            region: 'KZ-33',
            languages: ['ru'],
            proposedBy: 'operator',
          });
          if (res.status === 201) acked.push(registryNo);
          else if (!killed) throw new Error(`POST /api/experts: ${res.status} ${await res.text()}`);
        } catch (e) {
          if (!killed) throw e;
        }
      }
    };
    const writers = Array.from({ length: 32 }, writer);
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    server.kill('SIGKILL');
    await Promise.all(writers);
    await exited(server);
    expect(server.signalCode).toBe('SIGKILL');

    const { rows, entries } = verifyAfterCrash(dir);
    const created = new Set(
      rows.filter((r) => r.type === 'registry.expert_created').map((r) => r.subject_id)
    );
    expect(acked.filter((no) => !created.has(no))).toEqual([]);

    // The restarted server accepts the log (start-up self-check) and serves a checkpoint of it all.
    const again = await boot();
    const cp = (await (await fetch(`${again.base}/api/public/log/checkpoint`)).json()) as {
      size: number;
      note: string;
    };
    const key = (await (await fetch(`${again.base}/api/public/log/key`)).json()) as {
      vkey: string;
    };
    expect(cp.size).toBe(entries);
    expect(key.vkey).toBe(readVerifierKey(dir));
    expect(verifyCheckpoint(cp.note, [parseVerifierKey(key.vkey)]).ok).toBe(true);
    again.server.kill('SIGTERM');
    await exited(again.server);
  });
});
