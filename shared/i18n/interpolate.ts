/**
 * {name} placeholders of a catalogue message (shared/i18n/catalog.ts), on their own: the pages load one
 * language's catalogue at a time (client/common/i18n.ts) and must not import the three.
 */
import type { Params } from './catalog.js';

/** Fills {name} placeholders; numbers go through `formatNumber` (plain decimal digits by default). */
export function interpolate(
  text: string,
  params: Params,
  formatNumber: (n: number) => string = String
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? formatNumber(v) : v;
  });
}
