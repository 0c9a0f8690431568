/**
 * Locale-aware display formatting for the UI (dates, numbers, sizes, hex digests). Display only:
 * nothing here decides anything, so Intl and floating point are fine in this file.
 */
import { LOCALES, type Lang } from './lang.js';

/** Date and time in the viewer's zone, with the zone named (a ceremony time must be unambiguous). */
export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(d);
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

/** A byte count in the largest unit that keeps it ≥ 1 (units from Intl, so they are translated). */
export function formatBytes(n: number, lang: Lang): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return new Intl.NumberFormat(LOCALES[lang], {
    style: 'unit',
    unit: units[i],
    unitDisplay: 'narrow',
    maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(value);
}

/** A long hex digest split in groups of 8 so people can compare it by eye. */
export function groupHex(hex: string): string {
  return hex.replace(/(.{8})(?=.)/g, '$1 ');
}
