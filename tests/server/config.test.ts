/**
 * Configuration (server/config.ts): defaults, validation naming the variable, and the server refusing
 * to start on a bad value with exactly one line on stderr and a non-zero exit code.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, drandRelays, loadConfig } from '../../server/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The child gets only what it needs: PATH and HOME, plus the variables under test. */
function runServer(env: Record<string, string>) {
  return spawnSync(`${ROOT}node_modules/.bin/tsx`, ['server/index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('does refuse the test clock outside tests', () => {
    expect(configErrorOf({ TEST_CLOCK_FILE: '/tmp/clock.txt' })).toBe(
      'invalid configuration: TEST_CLOCK_FILE: for tests only: it needs NODE_ENV=test'
    );
    expect(configErrorOf({ TEST_CLOCK_FILE: '/tmp/clock.txt', NODE_ENV: 'production' })).toMatch(
      /^invalid configuration: TEST_CLOCK_FILE: /
    );
    expect(
      loadConfig({ TEST_CLOCK_FILE: '/tmp/clock.txt', NODE_ENV: 'test' }).TEST_CLOCK_FILE
    ).toBe('/tmp/clock.txt');
  });

  it('does apply the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      DEMO: true,
      LOG_LEVEL: 'info',
      SECURE_COOKIES: false,
    });
    expect(c.ADMIN_PASSWORD).toBeUndefined();
  });

  it('does read good values and treat empty strings as unset', () => {
    const c = loadConfig({
      PORT: '8080',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: '/srv/adal',
      ADMIN_PASSWORD: 'a-long-admin-pw',
    });
    expect(c).toMatchObject({ PORT: 8080, DEMO: false, LOG_LEVEL: 'warn', DATA_DIR: '/srv/adal' });
    expect(loadConfig({ PORT: '', DATA_DIR: '' })).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
    });
  });

  it('does refuse each bad value with one line naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PORT: '80.5' }, 'PORT'],
      [{ DEMO: 'yes' }, 'DEMO'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
      [{ SECURE_COOKIES: 'true' }, 'SECURE_COOKIES'],
      [{ DRAND_URLS: 'https://api.drand.sh, not-a-url' }, 'DRAND_URLS'],
      [{ DRAND_URLS: 'ftp://relay.example' }, 'DRAND_URLS'],
      [{ DRAND_URLS: ' , ' }, 'DRAND_URLS'],
      [{ DRAND_URL: 'nowhere' }, 'DRAND_URL'],
    ];
    for (const [env, name] of cases) {
      const message = configErrorOf(env);
      expect([name, message.startsWith(`invalid configuration: ${name}: `)]).toEqual([name, true]);
      expect(message).not.toContain('\n');
    }
  });

  it('does read DRAND_URLS as relays in order, and DRAND_URL alone as a one-relay list', () => {
    const both = loadConfig({
      DRAND_URL: 'https://ignored.example',
      DRAND_URLS: 'http://10.0.0.5:8080, https://api.drand.sh https://drand.cloudflare.com',
    });
    expect(drandRelays(both)).toEqual([
      'http://10.0.0.5:8080',
      'https://api.drand.sh',
      'https://drand.cloudflare.com',
    ]);
    expect(drandRelays(loadConfig({ DRAND_URL: 'http://10.0.0.5:8080' }))).toEqual([
      'http://10.0.0.5:8080',
    ]);
    expect(drandRelays(loadConfig({}))).toEqual(['https://api.drand.sh']);
    expect(configErrorOf({ DRAND_URLS: 'https://a.example,ftp://b' })).toBe(
      'invalid configuration: DRAND_URLS: each relay must be an http(s) URL'
    );
  });

  it('does not echo a bad ADMIN_PASSWORD in its message', () => {
    const message = configErrorOf({ ADMIN_PASSWORD: 'tiny-pw' });
    expect(message).toBe('invalid configuration: ADMIN_PASSWORD: must be at least 10 characters');
  });
});

describe('server start with a bad value', () => {
  it('does stop with one clear line on stderr and a non-zero exit code', () => {
    const r = runServer({ PORT: 'abc', DEMO: '0' });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    const lines = r.stderr.split('\n').filter((l) => l.length > 0);
    expect(lines).toEqual([
      'adal: invalid configuration: PORT: must be a whole number from 0 to 65535',
    ]);
    expect(r.stdout).toBe('');
  });
});
