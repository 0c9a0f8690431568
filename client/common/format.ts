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

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/**
 * Date and time in the viewer's zone, with the zone named (a ceremony time must be unambiguous).
 * Kazakh follows CLDR's long pattern "y 'ж'. d MMMM, HH:mm" with the month names above, because
 * Chromium ships without Kazakh date names and would print "2026 M03 12".
 */
export function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang !== 'kk') return new Intl.DateTimeFormat(LOCALES[lang], DATE_TIME).format(d);
  const parts = new Intl.DateTimeFormat('en-GB', {
    ...DATE_TIME,
    month: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const month = KK_MONTHS[Number(part('month')) - 1];
  return `${part('year')} ж. ${Number(part('day'))} ${month}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
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
