/**
 * Well-formed Unicode at the boundary: a string holding a lone UTF-16 surrogate cannot be encoded as
 * UTF-8, so it would turn into U+FFFD somewhere between the request and a hash, a log entry or a PDF
 * (or throw there, a 500). Every body, query and socket payload is walked once before its schema
 * runs, and the first string value or key that is not well-formed is named in a 400.
 */

import { isWellFormedString } from '../bytes.js';

// A high surrogate not followed by a low one, or a low one not preceded by a high one (code units:
// no `u` flag). A bad key is named with U+FFFD in their place, so the answer itself is valid text.
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * The dotted path (below `path`) of the first string value or object key that is not well-formed,
 * or undefined when every one is. Depth is bounded by the JSON body parser and qs, not here.
 */
export function illFormedPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isWellFormedString(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedPath(value[i], join(path, i));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isWellFormedString(k)) return join(path, k.replace(LONE_SURROGATES, '\uFFFD'));
      const found = illFormedPath(v, join(path, k));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
