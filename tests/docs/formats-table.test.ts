/**
 * One table of formats (shared/schemas/formats.ts): PROTOCOL.md's §Formats holds exactly the table the
 * code renders from it, and the schemas that read each format accept exactly what the table says.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { FORMATS, formatsMarkdown, type StringFormat } from '../../shared/schemas/formats.js';
import { Hash32, Ident } from '../../shared/schemas/draw-spec.js';
import {
  DirectionCode,
  LanguageCode,
  RegionCode,
  RegistryNo,
} from '../../shared/schemas/registry.js';
import { DrawId } from '../../shared/schemas/draw-events.js';
import { LogEntry } from '../../shared/schemas/log.js';
import { PoolEntry } from '../../shared/schemas/pool.js';

/** The cells of a markdown table, trimmed (prettier's padding does not matter). */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .filter((l) => !/^\|\s*-/.test(l))
    .map((l) =>
      l
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
    );
}

it('does hold in PROTOCOL.md exactly the formats table of shared/schemas/formats.ts', () => {
  const doc = readFileSync('docs/PROTOCOL.md', 'utf8');
  const m = /<!-- formats:begin -->([\s\S]*?)<!-- formats:end -->/.exec(doc);
  expect(m).not.toBeNull();
  expect(cells(m![1]!)).toEqual(cells(formatsMarkdown()));
});

const SAMPLES = [
  '',
  'a',
  'A',
  '0',
  'ab',
  'abc',
  'abcd',
  'KZ-10',
  'KZ-99',
  'kz-10',
  'R-0001',
  'r-0001',
  'R_0001',
  'D-2026-0007',
  'D-2026-007',
  'D-2026-0007x',
  `D-2026-${'1'.repeat(57)}`,
  `D-2026-${'1'.repeat(58)}`,
  'x'.repeat(20),
  'x'.repeat(21),
  'x'.repeat(32),
  'x'.repeat(33),
  'y'.repeat(64),
  'y'.repeat(65),
  '0'.repeat(64),
  'A'.repeat(64),
  'f'.repeat(63),
  '.a',
  'a.b',
  '-a',
  'a b',
  'a\n',
  'é',
  'ecology',
  'social_work',
  'bin:180240012345',
  'bin:18024001234',
  'name:оф болашақ',
  'name: x',
  'name:x ',
  'draw.announced',
  'draw',
  'Draw.x',
  'draw.x1',
];

function matches(f: StringFormat, s: string): boolean {
  if (f.pattern && !f.pattern.test(s)) return false;
  const n = [...s].length; // code points
  return !f.length || (n >= f.length[0] && n <= f.length[1]);
}

const envelope = (over: object) => ({
  v: 1,
  type: 'draw.closed',
  at: '2026-12-01T09:00:00.000Z',
  actor: null,
  subject: { kind: 'draw', id: 'D-2026-0007' },
  data: {},
  ...over,
});
const poolEntry = (over: object) => ({
  directions: [],
  languages: [],
  organizations: [],
  proposedBy: 'ngo',
  region: 'KZ-10',
  registryNo: 'R-1',
  ...over,
});

const SCHEMAS: [keyof typeof FORMATS, (s: string) => boolean][] = [
  ['Ident', (s) => Ident.safeParse(s).success],
  ['DrawId', (s) => DrawId.safeParse(s).success],
  ['Hash32', (s) => Hash32.safeParse(s).success],
  ['RegistryNo', (s) => RegistryNo.safeParse(s).success],
  ['LanguageCode', (s) => LanguageCode.safeParse(s).success],
  ['DirectionCode', (s) => DirectionCode.safeParse(s).success],
  ['EntryType', (s) => LogEntry.safeParse(envelope({ type: s })).success],
  ['SubjectKind', (s) => LogEntry.safeParse(envelope({ subject: { kind: s, id: '1' } })).success],
  ['SubjectId', (s) => LogEntry.safeParse(envelope({ subject: { kind: 'draw', id: s } })).success],
  ['Actor', (s) => LogEntry.safeParse(envelope({ actor: s })).success],
  ['OrgKey', (s) => PoolEntry.safeParse(poolEntry({ organizations: [s] })).success],
  ['PublicName', (s) => PoolEntry.safeParse(poolEntry({ nameKk: s })).success],
];

it.each(SCHEMAS)('does accept exactly what the table says for %s', (name, accepts) => {
  const f = FORMATS[name] as StringFormat;
  const long = f.length
    ? ['z'.repeat(f.length[1]), 'z'.repeat(f.length[1] + 1), '😀'.repeat(f.length[1] / 2 + 1)]
    : [];
  for (const s of [...SAMPLES, ...long])
    expect([name, s, accepts(s)]).toEqual([name, s, matches(f, s)]);
});

it('does take region codes from the region list, all of the RegionCode pattern', () => {
  for (const code of RegionCode.options) expect(FORMATS.RegionCode.pattern.test(code)).toBe(true);
  expect((RegionCode as z.ZodEnum).options.length).toBe(20);
});
