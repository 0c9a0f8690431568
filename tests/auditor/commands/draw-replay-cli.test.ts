import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdal } from '../../helpers/adal-cli.js';
import golden from '../../vectors/draw-golden.json' with { type: 'json' };

const dir = mkdtempSync(join(tmpdir(), 'adal-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const quotas = golden.cases.find((c) => c.id === 'quotas')!;
const declines = golden.cases.find((c) => c.id === 'declines')!;

describe('adal draw replay', () => {
  it('does print every step and the result of a published draw (exit 0)', async () => {
    const r = await runAdal(['draw', 'replay', file('quotas.json', quotas.input)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`announcement ${quotas.output.announcementHash}`);
    expect(r.stdout).toContain(`seed         ${quotas.output.seed}`);
    expect(r.stdout).toContain(`commission   ${quotas.output.result.commission.join(', ')}`);
    expect(r.stdout.match(/^ +\d+ (commission|reserves) /gm)).toHaveLength(
      quotas.output.result.steps.length
    );
    expect(r.stdout).toMatch(/QUOTA_MAX \(proposedBy=operator at max 2\)/);
  });

  it('does replay declines and print JSON equal to the golden result', async () => {
    const r = await runAdal(['draw', 'replay', '--json', file('declines.json', declines.input)]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      announcementHash: declines.output.announcementHash,
      seed: declines.output.seed,
      result: declines.output.result,
    });
  });

  it('does confirm matching expected values', async () => {
    const withExpected = {
      ...quotas.input,
      expected: { seed: quotas.output.seed, result: quotas.output.result },
    };
    const r = await runAdal(['draw', 'replay', file('expected.json', withExpected)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('MATCHES the expected values');
  });

  it('when a published value was changed does fail with its code (exit 1)', async () => {
    const result = {
      ...quotas.output.result,
      commission: [...quotas.output.result.commission].reverse(),
    };
    const [a, b] = await Promise.all([
      runAdal([
        'draw',
        'replay',
        file('bad-result.json', { ...quotas.input, expected: { result } }),
      ]),
      runAdal([
        'draw',
        'replay',
        file('bad-pool.json', { ...quotas.input, pool: quotas.input.pool.slice().reverse() }),
      ]),
    ]);
    expect([a.status, a.stderr]).toEqual([
      1,
      expect.stringMatching(/^adal: RESULT_MISMATCH: .*\n$/),
    ]);
    expect([b.status, b.stderr]).toEqual([1, expect.stringMatching(/^adal: POOL_NOT_CANONICAL: /)]);
    expect(a.stdout).toBe('');
  });

  it('when the input is unreadable or invalid does say so on one line (exit 2)', async () => {
    const [missing, notJson, invalid] = await Promise.all([
      runAdal(['draw', 'replay', join(dir, 'nope.json')]),
      runAdal(['draw', 'replay', file('text.json', 'not json')]),
      runAdal(['draw', 'replay', file('invalid.json', { ...quotas.input, version: 2 })]),
    ]);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: FILE_UNREADABLE: /),
    ]);
    expect([notJson.status, notJson.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: JSON_INVALID: /),
    ]);
    expect([invalid.status, invalid.stderr]).toEqual([
      2,
      expect.stringMatching(/^adal: INPUT_INVALID: version: /),
    ]);
    for (const r of [missing, notJson, invalid]) expect(r.stderr.split('\n')).toHaveLength(2);
  });
});
