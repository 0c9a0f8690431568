import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { checkDigit, isValidBin, isValidIin } from '../../shared/bin.js';

const v = JSON.parse(
  readFileSync(new URL('../vectors/kz-iin-bin.json', import.meta.url), 'utf8')
) as {
  validBins: string[];
  validIins: string[];
  secondWeights: { first11: string; check: number }[];
  neverIssued: string[];
};

describe('BIN / IIN check digit', () => {
  it('does accept published BINs and IINs', () => {
    v.validBins.forEach((b, i) => expect([i, isValidBin(b)]).toEqual([i, true]));
    v.validIins.forEach((b, i) => expect([i, isValidIin(b)]).toEqual([i, true]));
  });

  it('does reject every single-digit change of the check digit', () => {
    for (const b of v.validBins) {
      for (let d = 0; d <= 9; d++) {
        const changed = b.slice(0, 11) + String(d);
        expect([changed, isValidBin(changed)]).toEqual([changed, changed === b]);
      }
    }
  });

  it('does use the second weights when the first sum is 10', () => {
    for (const c of v.secondWeights) expect(checkDigit(c.first11)).toBe(c.check);
  });

  it('does report prefixes whose both sums are 10 as never issued', () => {
    for (const p of v.neverIssued) {
      expect(checkDigit(p)).toBeNull();
      for (let d = 0; d <= 9; d++) expect(isValidBin(p + String(d))).toBe(false);
    }
  });

  it('does reject wrong length and non-digits', () => {
    for (const s of [
      '',
      '94014000038',
      '9401400003850',
      '94014000038a',
      ' 940140000385',
      '９４０１４０００３８５',
    ])
      expect(isValidBin(s)).toBe(false);
    expect(() => checkDigit('123')).toThrow(RangeError);
  });
});
