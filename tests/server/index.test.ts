/**
 * The real entry point (server/index.ts) on an empty data folder: the first start creates the admin
 * and prints its generated password once on stdout (not as a log line); the password signs in; a
 * second start prints nothing of the kind. With ADMIN_PASSWORD set, nothing is printed.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
}

/** Starts the server on port 0 and resolves once its "serving" log line names the port. */
function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['server/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: '0',
      ...env,
    },
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => (err += String(d)));
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}`, stdout: () => out });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

function stop(r: Running): Promise<void> {
  return new Promise((resolve) => {
    r.child.removeAllListeners('exit');
    r.child.on('exit', () => resolve());
    r.child.kill('SIGTERM');
  });
}

let dataDir: string | undefined;
let running: Running | undefined;
afterEach(async () => {
  if (running) await stop(running);
  running = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('first start', () => {
  it('does print a generated admin password once, outside the logs, and it signs in', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'adal-first-'));
    running = await start({ DATA_DIR: dataDir });
    const m = /^ {2}password: (\S+)$/m.exec(running.stdout());
    expect(m).not.toBeNull();
    const password = m![1]!;
    const logLines = running
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => l.includes(password))).toBe(false);
    expect(running.stdout().split(password)).toHaveLength(2); // printed exactly once
    const res = await request(running.url)
      .post('/api/auth/login')
      .send({ username: 'admin', password });
    expect([res.status, res.body.user?.role]).toEqual([200, 'admin']);
    await stop(running);

    running = await start({ DATA_DIR: dataDir });
    expect(running.stdout()).not.toMatch(/password/i);
  });

  it('does use ADMIN_PASSWORD and print no password', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'adal-first-'));
    running = await start({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'admin-password-from-env' });
    expect(running.stdout()).not.toMatch(/password/i);
    await request(running.url)
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'admin-password-from-env' })
      .expect(200);
  });
});
