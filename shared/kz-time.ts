/**
 * Kazakhstan local time for printed documents: one zone for the whole country, UTC+5 (since
 * 1 March 2024), with no daylight saving, so a fixed offset is exact and the same on every machine
 * (no time-zone database or locale involved). Display only: nothing that decides a draw reads it.
 */

/** Kazakhstan's offset from UTC in milliseconds. */
export const KZ_OFFSET_MS = 5 * 3600 * 1000;

/** "YYYY-MM-DD HH:MM:SS" in Kazakhstan time for an ISO instant; null for a string that is not one. */
export function kzLocalTime(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + KZ_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
