/** Display formatting: digests grouped for the eye, sizes and dates in each UI language. */
import { describe, expect, test } from '@jest/globals';
import {
  formatBytes,
  formatDateTime,
  formatNumber,
  groupHex,
} from '../../../client/common/format.js';

describe('groupHex', () => {
  test('does split a digest into groups of 8 characters', () => {
    expect(groupHex('0123456789abcdef01')).toBe('01234567 89abcdef 01');
    expect(groupHex('01234567')).toBe('01234567');
    expect(groupHex('')).toBe('');
  });
});

describe('formatBytes', () => {
  test('does pick the largest unit that keeps the value at least 1', () => {
    expect(formatBytes(512, 'en')).toMatch(/^512\s?B$/);
    expect(formatBytes(1536, 'en')).toMatch(/^1\.5\s?kB$/);
    expect(formatBytes(50 * 1024 * 1024, 'en')).toMatch(/^50\s?MB$/);
  });

  test('does write the unit in the UI language', () => {
    expect(formatBytes(50 * 1024 * 1024, 'ru')).toMatch(/^50\s?МБ$/);
    expect(formatBytes(1536, 'ru')).toMatch(/^1,5\s?кБ$/);
    expect(formatBytes(1536, 'kk')).toMatch(/^1,5\s?кБ$/);
  });
});

describe('formatNumber', () => {
  test('does group digits the way each language writes them', () => {
    expect(formatNumber(12345.5, 'en')).toBe('12,345.5');
    expect(formatNumber(12345.5, 'ru')).toMatch(/^12\s345,5$/);
    expect(formatNumber(12345.5, 'kk')).toMatch(/^12\s345,5$/);
  });
});

describe('formatDateTime', () => {
  test('does name the month in the UI language and show the time zone', () => {
    const iso = '2026-03-12T10:00:00Z';
    expect(formatDateTime(iso, 'ru')).toMatch(/марта 2026/);
    expect(formatDateTime(iso, 'en')).toMatch(/March 2026/);
    expect(formatDateTime(iso, 'kk')).toMatch(/^2026 ж\. 12 наурыз, \d\d:00 /);
    for (const lang of ['kk', 'ru', 'en'] as const)
      expect(formatDateTime(iso, lang)).toMatch(/(GMT|UTC)|[+-]\d/);
  });

  test('does give every Kazakh month its name', () => {
    const months = Array.from(
      { length: 12 },
      (_, i) =>
        formatDateTime(`2026-${String(i + 1).padStart(2, '0')}-15T12:00:00Z`, 'kk').split(' ')[3]
    );
    expect(months).toEqual([
      'қаңтар,',
      'ақпан,',
      'наурыз,',
      'сәуір,',
      'мамыр,',
      'маусым,',
      'шілде,',
      'тамыз,',
      'қыркүйек,',
      'қазан,',
      'қараша,',
      'желтоқсан,',
    ]);
  });

  test('when the value is not a date, does show it as it is', () => {
    expect(formatDateTime('not-a-date', 'en')).toBe('not-a-date');
  });
});
