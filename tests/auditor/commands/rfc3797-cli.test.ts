import { describe, expect, it } from '@jest/globals';
import { runAdal } from '../../helpers/adal-cli.js';
import vectors from '../../vectors/rfc3797-section6.json' with { type: 'json' };

const v = vectors.cases[0]!;
// The sources exactly as the RFC publishes them: the second one unsorted.
const sourceArgs = v.sources_as_published.flatMap((s) => ['--source', s.join(' ')]);

describe('adal rfc3797', () => {
  it('does reproduce the RFC 3797 §6 example as JSON, byte for byte', async () => {
    const r = await runAdal([
      'rfc3797',
      '--pool-size',
      String(v.pool_size),
      '--count',
      String(v.expected.length),
      ...sourceArgs,
      '--json',
    ]);
    expect(r.status).toBe(0);
    const expected = {
      key: v.key_string,
      selections: v.expected.map((e) => ({
        index: e.index,
        digest: e.md5,
        divisor: e.div,
        position: e.selected,
      })),
    };
    expect(r.stdout).toBe(JSON.stringify(expected) + '\n');
    expect(r.stdout.startsWith('{"key":"9319./2.5.8.10.12./')).toBe(true);
  });

  it('does print the RFC-style table for people', async () => {
    const r = await runAdal(['rfc3797', '--pool-size', '25', '--count', '3', ...sourceArgs]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`key ${v.key_string}\n`);
    for (const e of v.expected.slice(0, 3))
      expect(r.stdout).toMatch(
        new RegExp(`^\\s+${e.index}\\s+${e.md5}\\s+${e.div}\\s+${e.selected}$`, 'm')
      );
  });

  it('does canonicalize commas, leading zeros and text sources', async () => {
    const r = await runAdal([
      'rfc3797',
      '--pool-size',
      '10',
      '--count',
      '2',
      '--source',
      '12,08, 010',
      '--source',
      'text:Twins won 4-1',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).key).toBe('8.10.12./TWINSWON41/');
  });

  it('does exit 2 on bad input, naming it', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['rfc3797', '--pool-size', '25', '--count', '3', '--source', '-5'],
        /RFC3797_SOURCE_INVALID/,
      ],
      [['rfc3797', '--pool-size', '25', '--count', '26', ...sourceArgs], /RFC3797_COUNT_INVALID/],
      [['rfc3797', '--pool-size', '0', '--count', '1', ...sourceArgs], /--pool-size/],
      [['rfc3797', '--pool-size', '25', '--count', '3'], /--source/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runAdal(args)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = runs[i]!;
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
    }
  });
});
