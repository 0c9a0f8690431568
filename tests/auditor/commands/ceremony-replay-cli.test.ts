/**
 * `adal draw replay` on a ceremony (docs/PROTOCOL.md §Replaying a ceremony): the two-lot worked
 * example of PROTOCOL.md, in full and one lot alone, a changed value, and a ceremony's lot given as
 * a single draw (refused: version 3 exists only inside a ceremony).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdal } from '../../helpers/adal-cli.js';
import { CeremonyExampleInput, lotAnnouncementOf } from '../../helpers/ceremony-example.js';

const doc = readFileSync(new URL('../../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const example = CeremonyExampleInput.parse(
  JSON.parse(/^```json ceremony-example-input\n([\s\S]*?)^```$/m.exec(doc)![1]!)
);
const lines = [...doc.matchAll(/^```text ceremony-example-values\n([\s\S]*?)^```$/gm)].flatMap(
  (m) => m[1]!.split('\n')
);
const value = (name: string) =>
  lines.find((l) => l.startsWith(`${name} = `))!.slice(name.length + 3);

const dir = mkdtempSync(join(tmpdir(), 'adal-ceremony-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(content));
  return p;
};
const lots = example.lots.map((l) => ({
  announcement: lotAnnouncementOf(example.drawId, l),
  pool: l.pool,
  declines: l.declines,
}));
const input = {
  version: 1,
  kind: 'ceremony',
  drawId: example.drawId,
  lots,
  material: example.material,
  expected: { ceremonyHash: value('ceremony.hash'), seed: value('seed') },
};

describe('adal draw replay (ceremony)', () => {
  it('does print the ceremony hash, the seed and every lot’s seed, steps and result (exit 0)', async () => {
    const r = await runAdal(['draw', 'replay', file('full.json', input)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`ceremony     ${value('ceremony.hash')} (draw EX-C1, 2 lots)`);
    expect(r.stdout).toContain(`seed         ${value('seed')}`);
    expect(r.stdout).toContain(`lot seed     ${value('lot.1.seed')}`);
    expect(r.stdout).toContain(`lot seed     ${value('lot.2.seed')}`);
    expect(r.stdout).toContain('commission   R-001, R-005');
    expect(r.stdout).toContain('commission   R-011');
    expect(r.stdout).toContain('MATCHES the expected values');
  });

  it('does check one lot alone from the other’s announcement hash (--json)', async () => {
    const alone = {
      ...input,
      lots: [{ announcementHash: value('lot.1.announcement.hash') }, lots[1]],
    };
    const r = await runAdal(['draw', 'replay', '--json', file('alone.json', alone)]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      seed: string;
      lots: { lotId: string | null; result: { commission: string[] } | null }[];
    };
    expect(out.seed).toBe(value('seed'));
    expect(out.lots.map((l) => l.lotId)).toEqual([null, 'YTH-2026-01']);
    expect(out.lots[1]!.result!.commission).toEqual(['R-011']);
  });

  it('when a lot’s published pool was changed does fail naming it (exit 1)', async () => {
    const changed = { ...input, lots: [{ ...lots[0]!, pool: lots[0]!.pool.slice(1) }, lots[1]] };
    const r = await runAdal(['draw', 'replay', file('changed.json', changed)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/POOL_SIZE_MISMATCH: lot ECO-2026-01/);
  });

  it('does refuse a ceremony’s lot replayed as a single draw (exit 2)', async () => {
    const single = {
      version: 1,
      announcement: lots[0]!.announcement,
      pool: lots[0]!.pool,
      material: example.material,
    };
    const r = await runAdal(['draw', 'replay', file('single.json', single)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown protocol version 3 (known: 1, 2, 4)');
  });
});
