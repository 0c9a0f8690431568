/**
 * Calendar dates as 'YYYY-MM-DD' strings (proleptic Gregorian, no time zone), with integer-only
 * arithmetic so eligibility rules never depend on a clock, a time zone or floating point.
 * Day numbering follows Howard Hinnant's days_from_civil algorithm (chrono-compatible date algorithms).
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(s: string): [number, number, number] | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** True for a real calendar date written exactly as YYYY-MM-DD (year 1000–9999). */
export function isValidCivilDate(s: string): boolean {
  const p = parts(s);
  if (!p) return false;
  const [y, m, d] = p;
  return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function mustParse(s: string): [number, number, number] {
  if (!isValidCivilDate(s)) throw new RangeError(`not a calendar date: ${s}`);
  return parts(s)!;
}

/** Days since 1970-01-01 (negative before). Integer division only. */
export function daysFromCivil(s: string): number {
  const [y0, m, d] = mustParse(s);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The number of days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return daysFromCivil(to) - daysFromCivil(from);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/**
 * Moves a date by whole months; a day past the end of the target month is clamped to its last day
 * (2024-03-31 minus 1 month = 2024-02-29), the usual reading of "N months before".
 */
export function addMonths(s: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError('months must be an integer');
  const [y, m, d] = mustParse(s);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return `${pad(ny, 4)}-${pad(nm, 2)}-${pad(Math.min(d, daysInMonth(ny, nm)), 2)}`;
}

/** The date `days` days after 1970-01-01 (inverse of daysFromCivil; Hinnant's civil_from_days). */
export function civilFromDays(days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError('days must be an integer');
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Kazakhstan's civil date at an instant (UTC+5 nationwide since 1 March 2024): fixed offset, no DST. */
export function kzDateOf(instant: Date): string {
  return new Date(instant.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
}
