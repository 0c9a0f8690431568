/**
 * server/cli/main.ts loads only the named command's module: the listing, the suggestion for a typo
 * and a named command's own help must all still work.
 */
import { describe, expect, it } from '@jest/globals';
import { runAdal } from '../../helpers/adal-cli.js';

const COMMANDS = [
  'beacon',
  'rfc3797',
  'log',
  'import-experts',
  'backup',
  'draw',
  'verify',
  'audit',
  'witness',
  'monitor',
];

describe('adal (the command loader)', () => {
  it('does list every command in --help, suggest one for a typo and show a named command’s help', async () => {
    const [help, typo, audit, logKey] = await Promise.all([
      runAdal(['--help']),
      runAdal(['audti']),
      runAdal(['audit', '--help']),
      runAdal(['log', 'key', '--help']),
    ]);
    expect(help.status).toBe(0);
    const commands = help.stdout.slice(help.stdout.indexOf('Commands:'));
    const listed = [...commands.matchAll(/^ {2}([a-z0-9-]+)\b/gm)].map((m) => m[1]);
    expect(listed.filter((c) => c !== 'help')).toEqual(COMMANDS);
    expect([typo.status, typo.stderr]).toEqual([
      2,
      "error: unknown command 'audti'\n(Did you mean audit?)\n",
    ]);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(/^Usage: adal audit \[options\]/);
    expect(audit.stdout).toContain('--db <file>');
    expect(logKey.status).toBe(0);
    expect(logKey.stdout).toMatch(/^Usage: adal log key \[options\]/);
  }, 60_000);
});
