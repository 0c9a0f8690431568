/**
 * The JSON boundary of RFC 3797 public sources (shared/schemas/rfc3797.ts, docs/PROTOCOL.md §RFC 3797
 * mode, "Sources in JSON"): an array is a numeric source, a string a text source, and a string that
 * only looks like numbers is refused so that "2911.54" cannot silently hash as the text "291154/".
 */
import { describe, expect, it } from '@jest/globals';
import { Rfc3797Source } from '../../../shared/schemas/rfc3797.js';
import { PublishedSource } from '../../../shared/schemas/seed.js';
import { rfc3797SourceText } from '../../../shared/rfc3797.js';

describe('Rfc3797Source', () => {
  it('does accept numbers as an array and canonicalize them as a numeric source', () => {
    const value = Rfc3797Source.parse(['2911.54']);
    expect(rfc3797SourceText(value)).toBe('2911.54/');
  });

  it('does accept a text source with letters', () => {
    const value = Rfc3797Source.parse('Twins won 4-1');
    expect(rfc3797SourceText(value)).toBe('TWINSWON41/');
  });

  it.each(['2911.54', '9319', '4 17 38', '4, 17, 38', '1.250 3.0'])(
    'does refuse the bare numeric-looking string %p and say to use an array',
    (text) => {
      const r = PublishedSource.safeParse({ id: 'stock', value: text });
      expect(r.success).toBe(false);
      expect(r.error?.issues).toEqual([
        expect.objectContaining({
          path: ['value'],
          message: expect.stringContaining('give numbers as an array, e.g. ["2911.54"]'),
        }),
      ]);
    }
  );
});
