/**
 * Locale-aware display formatting for the UI (dates, numbers, sizes, hex digests). Display only:
 * nothing here decides anything, so Intl and floating point are fine in this file.
 */
import { LOCALES, NUMBER_LOCALES, type Lang } from './lang.js';

/** Kazakh month names (CLDR kk, format context): browsers' trimmed ICU data often lacks them. */
const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];

const DATE_TIME_NO_ZONE: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE_TIME_NO_ZONE, timeZoneName: 'short' };

/**
 * Kazakhstan's one zone since 1 March 2024 (UTC+5, no summer time). "Etc/GMT-5" is POSIX for UTC+5;
 * a fixed offset, so a browser with old zone data does not print Almaty's former UTC+6.
 */
export const KAZAKHSTAN_ZONE = 'Etc/GMT-5';

/**
 * Date and time with the zone named (a ceremony time must be unambiguous): in the viewer's zone, or in
 * `timeZone` without a zone name (the caller names it, e.g. catalog `time.kazakhstan`). Kazakh follows
 * CLDR's long pattern "y 'ж'. d MMMM, HH:mm" with the month names above, because Chromium ships
 * without Kazakh date names and would print "2026 M03 12".
 */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = timeZone
    ? { ...DATE_TIME_NO_ZONE, timeZone }
    : DATE_TIME;
  if (lang !== 'kk') return new Intl.DateTimeFormat(LOCALES[lang], options).format(d);
  const parts = new Intl.DateTimeFormat('en-GB', {
    ...options,
    month: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const month = KK_MONTHS[Number(part('month')) - 1];
  const zone = part('timeZoneName');
  return `${part('year')} ж. ${Number(part('day'))} ${month}, ${part('hour')}:${part('minute')}${zone ? ` ${zone}` : ''}`;
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(NUMBER_LOCALES[lang]).format(n);
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
  return new Intl.NumberFormat(NUMBER_LOCALES[lang], {
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
