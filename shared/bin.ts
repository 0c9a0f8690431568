/**
 * Kazakhstan 12-digit identification numbers: BIN (business identification number) and IIN
 * (individual identification number) share one check-digit rule, set by Government Decree No. 565
 * of 11 June 2003 (programme of transition to unified IIN/BIN numbers):
 *   c = Σ d[i]·i (i = 1..11) mod 11; if c = 10, c = Σ d[i]·w[i] with w = 3,4,…,11,1,2 mod 11;
 *   if c is 10 again the number is never issued (invalid). The 12th digit must equal c.
 */

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function weighted(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += digits[i]! * weights[i]!;
  return sum % 11;
}

/** The check digit for the first 11 digits, or null when no valid number has this prefix. */
export function checkDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) throw new RangeError('expected 11 digits');
  const digits = [...first11].map(Number);
  let c = weighted(digits, W1);
  if (c === 10) c = weighted(digits, W2);
  return c === 10 ? null : c;
}

/** True when s is exactly 12 ASCII digits and its last digit is the check digit of the first 11. */
function hasValidCheckDigit(s: string): boolean {
  if (!/^\d{12}$/.test(s)) return false;
  return checkDigit(s.slice(0, 11)) === Number(s[11]);
}

/** BIN of a legal entity: 12 digits with a valid check digit. */
export function isValidBin(s: string): boolean {
  return hasValidCheckDigit(s);
}

/** IIN of a person: 12 digits with a valid check digit (birth-date digits are not interpreted). */
export function isValidIin(s: string): boolean {
  return hasValidCheckDigit(s);
}
