/**
 * Canonical JSON (RFC 8785, JCS) restricted to what the protocol needs: objects, arrays, strings,
 * booleans, null and safe integers. Floating-point numbers are refused, so no draw decision can depend
 * on float formatting. Object keys are sorted by UTF-16 code units as RFC 8785 §3.2.3 requires.
 *
 * Two paths give the same text (tests/shared/canonical.test.ts checks this on arbitrary values):
 * the exact serializer below, and a fast one for values whose keys are already in order — anything
 * parsed from canonical text, such as every stored log entry the audit re-encodes (~100 MB). RFC 8785
 * takes its string and integer formats from ECMAScript's JSON.stringify, so for such a value
 * JSON.stringify IS the canonical text, once a walk has checked the keys and numbers.
 */
import { isWellFormedString, utf8 } from './bytes.js';
import { nobleHasher, taggedTextHash, type Hasher } from './hash.js';
import { CanonicalError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function plainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Own keys with a defined value, in code-unit order ('<' on JS strings is not locale-dependent). */
function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The exact serializer, the reference: it names the path of anything it refuses. */
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
      if (!isWellFormedString(v))
        throw new CanonicalError('CANONICAL_STRING', `lone surrogate at ${path}`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v))
        return '[' + v.map((x, i) => serialize(x, `${path}[${i}]`)).join(',') + ']';
      if (!plainObject(v))
        throw new CanonicalError('CANONICAL_TYPE', `not a plain object at ${path}`);
      const o = v as Record<string, unknown>;
      return (
        '{' +
        sortedKeys(o)
          .map((k) => JSON.stringify(k) + ':' + serialize(o[k], `${path}.${k}`))
          .join(',') +
        '}'
      );
    }
    default:
      throw new CanonicalError('CANONICAL_TYPE', `unsupported ${typeof v} at ${path}`);
  }
}

/**
 * Whether JSON.stringify(v) is already v's canonical text (lone surrogates aside): every number a
 * safe integer other than −0, every object a plain one whose defined keys come in code-unit order,
 * nothing else (undefined included) inside an array. An object's key order is checked before its
 * members are walked, so an unsorted object is turned down after looking at its keys only.
 */
function stringifiesCanonically(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return true;
    case 'number':
      return Number.isSafeInteger(v) && !Object.is(v, -0);
    case 'object': {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!stringifiesCanonically(v[i])) return false;
        return true;
      }
      if (!plainObject(v)) return false;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      let previous: string | undefined;
      for (const k of keys) {
        if (o[k] === undefined) continue;
        if (previous !== undefined && !(previous < k)) return false;
        previous = k;
      }
      for (const k of keys) if (o[k] !== undefined && !stringifiesCanonically(o[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * The fast encoder: JSON.stringify for every subtree that is already canonical, sorting only the
 * objects that are not (schema-ordered objects, e.g. zod's output). No paths are built: it answers
 * undefined for anything it cannot settle — a value to refuse, or a "\ud" in JSON.stringify's text,
 * which is how it escapes a lone surrogate (rarely a literal backslash before "ud") — and the exact
 * serializer then does the whole value and names what it refuses.
 */
function fast(v: unknown): string | undefined {
  const s = fastText(v);
  return s === undefined || s.includes('\\ud') ? undefined : s;
}

/** Own keys with a defined value in code-unit order, by insertion sort (objects here are small). */
function orderedKeys(o: Record<string, unknown>): string[] {
  const keys = Object.keys(o);
  let n = 0;
  for (const k of keys) {
    if (o[k] === undefined) continue;
    let j = n++;
    while (j > 0 && keys[j - 1]! > k) {
      keys[j] = keys[j - 1]!;
      j--;
    }
    keys[j] = k;
  }
  keys.length = n;
  return keys;
}

function fastText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isSafeInteger(v) ? (v === 0 ? '0' : String(v)) : undefined; // −0 is "0"
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (stringifiesCanonically(v)) return JSON.stringify(v);
      let out: string;
      if (Array.isArray(v)) {
        out = '[';
        for (let i = 0; i < v.length; i++) {
          const x = fastText(v[i]);
          if (x === undefined) return undefined;
          out += i === 0 ? x : ',' + x;
        }
        return out + ']';
      }
      if (!plainObject(v)) return undefined;
      const o = v as Record<string, unknown>;
      out = '{';
      for (const k of orderedKeys(o)) {
        const x = fastText(o[k]);
        if (x === undefined) return undefined;
        out += (out.length === 1 ? '' : ',') + JSON.stringify(k) + ':' + x;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

/** RFC 8785 text of a value (undefined object members are omitted, as JSON.stringify does). */
export function canonicalString(v: unknown): string {
  return fast(v) ?? serialize(v, '$');
}

/** The exact serializer alone: the reference the fast path is tested against. */
export function exactCanonicalString(v: unknown): string {
  return serialize(v, '$');
}

/**
 * Whether `text` is canonical text: exactly canonicalString(JSON.parse(text)), refusals and parse
 * errors counting as "no" — decided in one pass over the text, building nothing (no value, no
 * second text): how the audit checks every stored entry (~100 MB). The rules, all of them RFC 8785
 * restricted to integers: no whitespace; `true`, `false`, `null`; integers as String(n) of a safe
 * integer (no "-0", leading zeros, fraction or exponent); strings as JSON.stringify writes them (raw
 * characters, except `\"`, `\\`, `\b \f \n \r \t` and `\u00xx` in lowercase for the other
 * controls; no lone surrogate, raw or escaped); object keys in strictly increasing code-unit
 * order (so no duplicates). tests/shared/canonical.test.ts compares it with that definition on
 * arbitrary texts. It keeps its own stack, so no depth of nesting makes it throw.
 */
export function isCanonicalText(text: string): boolean {
  const n = text.length;
  /** per open container: true for an object; for an object, where its last key so far starts */
  const isObject: boolean[] = [];
  const lastKey: number[] = [];
  let i = 0;
  let expectKey = false;
  for (;;) {
    if (expectKey) {
      // a member: "key":value, the key after the previous one
      const end = stringEnd(text, i);
      if (end < 0 || text.charCodeAt(end) !== 0x3a /* : */) return false;
      const top = lastKey.length - 1;
      const previous = lastKey[top]!;
      if (previous >= 0 && !keyBefore(text, previous, i)) return false;
      lastKey[top] = i;
      i = end + 1;
      expectKey = false;
    }
    // a value
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i + 1) === close) i += 2;
      else {
        isObject.push(c === 0x7b);
        lastKey.push(-1);
        i++;
        expectKey = c === 0x7b;
        continue;
      }
    } else if (c === 0x22 /* " */) {
      i = stringEnd(text, i);
      if (i < 0) return false;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      i = integerEnd(text, i);
      if (i < 0) return false;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return false;
    // after a value: the end, a comma, or the containers it closes
    for (;;) {
      const depth = isObject.length;
      if (depth === 0) return i === n;
      const d = text.charCodeAt(i);
      if (d === 0x2c /* , */) {
        i++;
        expectKey = isObject[depth - 1]!;
        break;
      }
      if (d !== (isObject[depth - 1] ? 0x7d : 0x5d)) return false;
      isObject.pop();
      lastKey.pop();
      i++;
    }
  }
}

/**
 * Whether the key (a string, already checked) at text[a] comes before the one at text[b] in code-unit
 * order, compared in place; keys with escapes, rare, are decoded first.
 */
function keyBefore(text: string, a: number, b: number): boolean {
  for (let i = a + 1, j = b + 1; ; i++, j++) {
    const x = text.charCodeAt(i);
    const y = text.charCodeAt(j);
    if (x === 0x5c || y === 0x5c) break;
    if (x === 0x22) return y !== 0x22; // a ended: before b unless b ended too (equal)
    if (y === 0x22) return false;
    if (x !== y) return x < y;
  }
  const decode = (at: number) => JSON.parse(text.slice(at, stringEnd(text, at))) as string;
  return decode(a) < decode(b);
}

/** The index after the integer at text[start] if it is String(n) of a safe integer n, else -1. */
function integerEnd(text: string, start: number): number {
  let k = text.charCodeAt(start) === 0x2d ? start + 1 : start;
  const first = k;
  let v = 0;
  for (let d = text.charCodeAt(k) - 0x30; d >= 0 && d <= 9; d = text.charCodeAt(++k) - 0x30)
    v = v * 10 + d; // exact up to 2^53, and above it never back at or below 2^53 − 1
  const digits = k - first;
  if (digits === 0 || digits > 16 || v > Number.MAX_SAFE_INTEGER) return -1;
  // no leading zero, and no "-0" (String(-0) is "0")
  if (text.charCodeAt(first) === 0x30 && (digits > 1 || first > start)) return -1;
  return k;
}

/** A run of characters a string holds raw: no quote, backslash, control or surrogate. */
// eslint-disable-next-line no-control-regex -- the controls are what the run must stop at
const PLAIN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;

/**
 * The index after the string that starts at text[start] (a quote) if it is written as
 * JSON.stringify writes a well-formed string, else -1.
 */
function stringEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== 0x22) return -1;
  const n = text.length;
  let k = start + 1;
  while (k < n) {
    PLAIN.lastIndex = k;
    PLAIN.test(text); // always matches, maybe nothing; no allocation
    k = PLAIN.lastIndex;
    const c = text.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(k + 1);
      // \" \\ \b \f \n \r \t
      if (
        e === 0x22 ||
        e === 0x5c ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      )
        k += 2;
      else if (e === 0x75 /* u */) {
        // only the controls without a short escape, in lowercase hex: \u0000-\u001f but \b \t \n \f \r
        const hex = text.slice(k + 2, k + 6);
        if (!/^00[01][0-9a-f]$/.test(hex)) return -1;
        const code = parseInt(hex, 16);
        if (code === 8 || code === 9 || code === 10 || code === 12 || code === 13) return -1;
        k += 6;
      } else return -1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(k + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return -1;
      k += 2;
    } else return -1; // a control, a lone low surrogate, or the end of the text
  }
  return -1;
}

/**
 * canonicalString(a) === canonicalString(b), both encodable — without building either text: the
 * comparison of logged and recomputed values (verify/diff.ts, the audit's table check).
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  switch (typeof a) {
    case 'boolean':
      return a === b;
    case 'number':
      return typeof b === 'number' && Number.isSafeInteger(a) && a === b; // 0 and −0 both "0"
    case 'string':
      return a === b && isWellFormedString(a);
    case 'object': {
      if (typeof b !== 'object') return false;
      if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!canonicalEqual(a[i], b[i])) return false;
        return true;
      }
      if (!plainObject(a) || !plainObject(b)) return false;
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      let defined = 0;
      for (const k of Object.keys(ra)) {
        if (ra[k] === undefined) continue;
        defined++;
        if (!Object.hasOwn(rb, k) || !canonicalEqual(ra[k], rb[k])) return false;
      }
      for (const k of Object.keys(rb)) if (rb[k] !== undefined) defined--;
      return defined === 0;
    }
    default:
      return false;
  }
}

export function canonicalBytes(v: unknown): Uint8Array {
  return utf8(canonicalString(v));
}

/** Domain-separated hash of a protocol object: taggedHash(tag, JCS(value)). */
export function hashObject(tag: string, v: unknown, hasher: Hasher = nobleHasher): Uint8Array {
  return taggedTextHash(tag, canonicalString(v), hasher);
}
