/**
 * Where two JSON values first differ, as a path like `steps[3].outcome`, so a verification failure
 * names the field instead of saying "not equal". Values are compared as canonical JSON would see them
 * (shared/canonical.ts): object key order does not matter, undefined members are absent.
 */
import { canonicalEqual } from '../canonical.js';

/** The first differing path ('' for the root), or null when the values are canonically equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (canonicalEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return `${path}.length`;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort();
    for (const k of keys) {
      const d = firstDifference(ra[k], rb[k], path === '' ? k : `${path}.${k}`);
      if (d !== null) return d;
    }
  }
  return path;
}
