import { describe, expect, it } from '@jest/globals';
import {
  addMonths,
  civilFromDays,
  daysBetween,
  daysFromCivil,
  isValidCivilDate,
} from '../../shared/civil-date.js';

describe('civil dates', () => {
  it('does validate real calendar dates only', () => {
    for (const s of ['2024-02-29', '2000-02-29', '1999-12-31'])
      expect(isValidCivilDate(s)).toBe(true);
    for (const s of [
      '2023-02-29',
      '1900-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-01',
      '24-01-01',
      '2024-04-31',
      '',
    ])
      expect(isValidCivilDate(s)).toBe(false);
  });

  it('does count days like the JavaScript epoch does', () => {
    // Date.UTC is an independent reference for the same proleptic Gregorian day count.
    for (const s of [
      '1970-01-01',
      '1969-12-31',
      '2000-03-01',
      '2024-02-29',
      '2100-03-01',
      '1600-01-01',
    ]) {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      expect([s, daysFromCivil(s)]).toEqual([s, Date.UTC(y, m - 1, d) / 86400000]);
    }
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(daysBetween('2025-03-01', '2024-03-01')).toBe(-365);
  });

  it('does invert the day count for every day of four centuries', () => {
    for (let n = daysFromCivil('1900-01-01'); n <= daysFromCivil('2300-12-31'); n++) {
      const s = civilFromDays(n);
      if (!isValidCivilDate(s) || daysFromCivil(s) !== n) throw new Error(`day ${n} -> ${s}`);
    }
    expect(civilFromDays(0)).toBe('1970-01-01');
    expect(civilFromDays(-1)).toBe('1969-12-31');
    expect(civilFromDays(daysFromCivil('2024-02-29'))).toBe('2024-02-29');
  });

  it('does clamp to the end of the month when moving by months', () => {
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2025-06-15', -12)).toBe('2024-06-15');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-01-15', -13)).toBe('2023-12-15');
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
  });
});
