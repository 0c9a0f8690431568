/**
 * Runs the real `adal` CLI in a child process (tsx on server/cli/main.ts, what `npx tsx` resolves to)
 * and returns its exit code and output. Used by the CLI tests; no part of the CLI is stubbed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `adal <args>`; independent runs may go in parallel (Promise.all) to keep suites quick. `env`
 * adds to (or, with undefined values, removes from) the test's environment.
 */
export function runAdal(
  args: string[],
  env: Record<string, string | undefined> = {}
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['server/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
