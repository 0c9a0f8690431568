/**
 * A public source's value as typed (shared/source-entry.ts): numbers on spaces, commas or semicolons
 * are one number list, the same list however they are separated; anything else is text; what is
 * wrong comes back as a code with a catalogue text in every language, never a schema message.
 */
import { describe, expect, it } from '@jest/globals';
import { readSourceEntry, type SourceEntryError } from '../../shared/source-entry.js';
import { CATALOGS } from '../../shared/i18n/catalog.js';
import { Rfc3797Source } from '../../shared/schemas/rfc3797.js';

describe('readSourceEntry', () => {
  it('does read "7 14 21 33 38 45", "7, 14, 21 33,38;45" and "7;14;21;33;38;45" as the same list', () => {
    const lists = [
      '7 14 21 33 38 45',
      '7, 14, 21 33,38;45',
      '7;14;21;33;38;45',
      ' 7\n14\t21 ;33; 38 45 ',
    ].map(readSourceEntry);
    for (const e of lists)
      expect(e).toEqual({
        ok: true,
        kind: 'numbers',
        value: [7, 14, 21, 33, 38, 45],
        hashed: '7.14.21.33.38.45./',
      });
  });

  it('does read "7 14 21", "7, 14, 21" and "7;14;21" as the same list [7, 14, 21]', () => {
    for (const typed of ['7 14 21', '7, 14, 21', '7;14;21'])
      expect([typed, readSourceEntry(typed)]).toEqual([
        typed,
        { ok: true, kind: 'numbers', value: [7, 14, 21], hashed: '7.14.21./' },
      ]);
  });

  it('does keep decimals and long numbers as decimal strings, exactly as written', () => {
    expect(readSourceEntry('2911.54')).toEqual({
      ok: true,
      kind: 'numbers',
      value: ['2911.54'],
      hashed: '2911.54/',
    });
    const long = '1234567890123456789';
    expect(readSourceEntry(`${long}; 5`)).toMatchObject({
      value: [long, 5],
      hashed: `5.${long}./`,
    });
  });

  it('does keep a text as text, and what it gives is what the protocol schema accepts', () => {
    const e = readSourceEntry('Kairat 2-1 Astana');
    expect(e).toEqual({
      ok: true,
      kind: 'text',
      value: 'Kairat 2-1 Astana',
      hashed: 'KAIRAT21ASTANA/',
    });
    if (e.ok) expect(Rfc3797Source.safeParse(e.value).success).toBe(true);
  });

  it('does name what is wrong by a code the catalogue has in kk, ru and en', () => {
    const cases: [string, SourceEntryError][] = [
      ['   ', 'empty'],
      ['7 14.', 'badNumber'],
      ['1.2.3', 'badNumber'],
      [Array.from({ length: 65 }, (_, i) => i).join(' '), 'tooManyNumbers'],
      ['Қайрат 2-1 Астана', 'notAscii'],
      ['-- --', 'notAscii'],
      [`A${'b'.repeat(200)}`, 'tooLong'],
    ];
    for (const [typed, error] of cases) {
      expect([typed, readSourceEntry(typed)]).toEqual([typed, { ok: false, error }]);
      for (const lang of ['kk', 'ru', 'en'] as const)
        expect(CATALOGS[lang][`console.sources.error.${error}`]).toEqual(expect.any(String));
    }
  });
});
