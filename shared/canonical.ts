/**
 * Canonical JSON (RFC 8785, JCS) restricted to what the protocol needs: objects, arrays, strings,
 * booleans, null and safe integers. Floating-point numbers are refused, so no draw decision can depend
 * on float formatting. Object keys are sorted by UTF-16 code units as RFC 8785 §3.2.3 requires.
 */
import { utf8 } from './bytes.js';
import { taggedHash } from './hash.js';
import { CanonicalError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function serialize(v: unknown, path: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(v))
        throw new CanonicalError('CANONICAL_NUMBER', `not a safe integer at ${path}`);
      return Object.is(v, -0) ? '0' : String(v);
    case 'string':
      // Lone surrogates cannot be encoded as UTF-8 (RFC 8785 §3.2.2.2).
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v))
        throw new CanonicalError('CANONICAL_STRING', `lone surrogate at ${path}`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v))
        return '[' + v.map((x, i) => serialize(x, `${path}[${i}]`)).join(',') + ']';
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null)
        throw new CanonicalError('CANONICAL_TYPE', `not a plain object at ${path}`);
      const entries = Object.entries(v as Record<string, unknown>).filter(
        ([, x]) => x !== undefined
      );
      // Code-unit order is what `<` does on JS strings: not locale-dependent.
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return (
        '{' +
        entries.map(([k, x]) => JSON.stringify(k) + ':' + serialize(x, `${path}.${k}`)).join(',') +
        '}'
      );
    }
    default:
      throw new CanonicalError('CANONICAL_TYPE', `unsupported ${typeof v} at ${path}`);
  }
}

/** RFC 8785 text of a value (undefined object members are omitted, as JSON.stringify does). */
export function canonicalString(v: unknown): string {
  return serialize(v, '$');
}

export function canonicalBytes(v: unknown): Uint8Array {
  return utf8(canonicalString(v));
}

/** Domain-separated hash of a protocol object: taggedHash(tag, JCS(value)). */
export function hashObject(tag: string, v: unknown): Uint8Array {
  return taggedHash(tag, canonicalBytes(v));
}
