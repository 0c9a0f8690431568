/**
 * Every string format that crosses a bundle (docs/PROTOCOL.md §Formats), ONE table: the zod schemas
 * take their patterns and lengths from here, and tests/docs/formats-table.test.ts renders the
 * PROTOCOL.md table from it and requires the document to hold exactly that, so the schemas and the
 * spec cannot drift. Lengths are Unicode code points (zod's string lengths: a character outside the
 * Basic Multilingual Plane counts 1, not 2 as in JavaScript's `length`); patterns are ECMAScript
 * regular expressions over the whole value, `[0-9]` and the like ASCII only. Pure data: no zod here.
 */

export interface StringFormat {
  /** the name the spec uses */
  name: string;
  /** the whole value must match (no flags unless `unicode`) */
  pattern?: RegExp;
  /** length bounds in Unicode code points, when the pattern does not fix them */
  length?: readonly [number, number];
  /** what a reader does to the value before checking it (never to what is hashed) */
  normalisation: string;
  /** where it occurs */
  members: string;
}

export const FORMATS = {
  Ident: {
    name: 'Ident',
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    normalisation: 'none',
    members: '`spec.lotId`, source and witness `id`s, `witnessId`, `missing` items, seed-input ids',
  },
  DrawId: {
    name: 'DrawId',
    pattern: /^D-[0-9]{4}-[0-9]{4,57}$/,
    normalisation: 'none',
    members: "`drawId`, `previousDrawIds` items, a draw entry's `subject.id`",
  },
  Hash32: {
    name: 'Hash32',
    pattern: /^[0-9a-f]{64}$/,
    normalisation: 'none (upper-case hex is refused)',
    members:
      'hashes, roots, `commitment`, `secret` (accepted and rejected reveals), `seed`, `randomness`, `chainHash`, `history.head`, proof items',
  },
  Hex: {
    name: 'Hex',
    pattern: /^[0-9a-f]+$/,
    normalisation: 'none; the byte length is checked where the value is used (check 8)',
    members: '`signature`, `previousSignature`, `drand.public_key`',
  },
  RegistryNo: {
    name: 'RegistryNo',
    pattern: /^[A-Za-z0-9-]{1,20}$/,
    normalisation: 'none: compared byte for byte, case-sensitive',
    members: '`registryNo` everywhere, `replaces`',
  },
  LanguageCode: {
    name: 'LanguageCode',
    pattern: /^[a-z]{2,3}$/,
    normalisation: 'none',
    members: "`languages` items, a `language` quota's `value`",
  },
  DirectionCode: {
    name: 'DirectionCode',
    pattern: /^[a-z0-9][a-z0-9_-]{0,31}$/,
    normalisation: 'none',
    members: "`directions` items, a `direction` quota's `value`",
  },
  RegionCode: {
    name: 'RegionCode',
    pattern: /^KZ-[0-9]{2}$/,
    normalisation: 'none; one of the 20 codes of `shared/regions.ts` (ISO 3166-2:KZ)',
    members: "pool `region`, a `region` quota's `value`",
  },
  OrgKey: {
    name: 'OrgKey',
    pattern: /^(bin:[0-9]{12}|name:\S(.*\S)?)$/u,
    length: [5, 320],
    normalisation: 'none: written normalised by the pool ([Pool](#pool)), never re-normalised',
    members: '`organizations` items',
  },
  EntryType: {
    name: 'EntryType',
    pattern: /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/,
    length: [3, 64],
    normalisation: 'none',
    members: "an entry's `type`",
  },
  SubjectKind: {
    name: 'SubjectKind',
    pattern: /^[a-z][a-z0-9_]*$/,
    length: [1, 32],
    normalisation: 'none',
    members: "an entry's `subject.kind`",
  },
  SubjectId: {
    name: 'SubjectId',
    length: [1, 128],
    normalisation: 'none',
    members: "an entry's `subject.id`",
  },
  Actor: {
    name: 'Actor',
    length: [1, 128],
    normalisation: 'none; or `null`',
    members: "an entry's `actor`",
  },
  PublicName: {
    name: 'PublicName',
    length: [1, 200],
    normalisation: 'none',
    members: 'pool `nameKk`, `nameRu`',
  },
  WitnessName: {
    name: 'WitnessName',
    length: [1, 200],
    normalisation: 'trimmed first (see below)',
    members: "a witness's `name`, `draw.witness_invited` `name`",
  },
  SourceDescription: {
    name: 'SourceDescription',
    length: [1, 300],
    normalisation: 'trimmed first (see below)',
    members: "a public source's `description`",
  },
  Reason: {
    name: 'Reason',
    length: [1, 1000],
    normalisation: 'trimmed first (see below)',
    members: '`draw.cancelled` `reason`',
  },
} as const satisfies Record<string, StringFormat>;

export type FormatName = keyof typeof FORMATS;

/** The table as PROTOCOL.md holds it (between `<!-- formats:begin -->` and `<!-- formats:end -->`). */
export function formatsMarkdown(): string {
  const rows = Object.values(FORMATS as Record<string, StringFormat>).map((f) => {
    const pattern = f.pattern
      ? `\`${f.pattern.source}\`${f.pattern.unicode ? ' (Unicode)' : ''}`
      : 'any';
    const length = f.length ? `${f.length[0]}–${f.length[1]}` : 'by the pattern';
    return `| ${f.name} | ${pattern.replace(/\|/g, '\\|')} | ${length} | ${f.normalisation} | ${f.members} |`;
  });
  return [
    '| format | pattern | length | normalisation | members |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
