/**
 * The one way a bundle's text is read (docs/PROTOCOL.md §JSON text): RFC 8259 JSON, plus two rules
 * that make every conforming reader see the same value. Member names within one object are unique
 * (JSON.parse silently keeps the last of two, another language's reader may keep the first), and
 * every number is an integer written as JSON writes integers — `-?(0|[1-9][0-9]*)`, not `-0`, at most
 * 2^53−1 in magnitude — because a bundle holds integers only, and `1.0`, `1e0` or `9007199254740993`
 * would be read as different values by a reader that keeps binary floats and one that keeps exact
 * decimals. Anything else is refused with the rule and the path where it broke. Pure; no I/O.
 */

export type StrictJsonRule = 'syntax' | 'duplicate-name' | 'number';

export class StrictJsonError extends Error {
  constructor(
    readonly rule: StrictJsonRule,
    readonly path: string,
    message: string
  ) {
    super(`${message} at ${path || '(root)'}`);
    this.name = 'StrictJsonError';
  }
}

const INTEGER = /-?(?:0|[1-9][0-9]*)/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WS = /[ \t\n\r]*/y;
const LITERALS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;

/** Parses `text` under the rules above; throws StrictJsonError. */
export function parseStrictJson(text: string): unknown {
  let pos = 0;
  const fail = (rule: StrictJsonRule, path: string, why: string): never => {
    throw new StrictJsonError(rule, path, why);
  };
  const skip = () => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const string = (path: string): string => {
    const start = pos;
    pos += 1;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail('syntax', path, 'unterminated string');
      if (c === 0x22) break;
      if (c < 0x20) fail('syntax', path, 'control character in a string');
      pos += c === 0x5c ? 2 : 1;
    }
    pos += 1;
    try {
      // the slice is one JSON string token: JSON.parse decodes its escapes exactly
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail('syntax', path, 'invalid escape in a string');
    }
  };
  const value = (path: string, depth: number): unknown => {
    if (depth > 512) fail('syntax', path, 'nesting deeper than 512');
    skip();
    const c = text[pos];
    if (c === '{') {
      pos += 1;
      const out: Record<string, unknown> = {};
      skip();
      if (text[pos] === '}') return ((pos += 1), out);
      for (;;) {
        skip();
        if (text[pos] !== '"') fail('syntax', path, 'expected a member name');
        const name = string(path);
        if (Object.hasOwn(out, name))
          fail('duplicate-name', path, `duplicate member name ${JSON.stringify(name)}`);
        skip();
        if (text[pos] !== ':') fail('syntax', path, 'expected ":"');
        pos += 1;
        const v = value(path ? `${path}.${name}` : name, depth + 1);
        Object.defineProperty(out, name, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skip();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') return ((pos += 1), out);
        fail('syntax', path, 'expected "," or "}"');
      }
    }
    if (c === '[') {
      pos += 1;
      const out: unknown[] = [];
      skip();
      if (text[pos] === ']') return ((pos += 1), out);
      for (;;) {
        out.push(value(path ? `${path}.${out.length}` : String(out.length), depth + 1));
        skip();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') return ((pos += 1), out);
        fail('syntax', path, 'expected "," or "]"');
      }
    }
    if (c === '"') return string(path);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = pos;
      const m = NUMBER.exec(text);
      if (!m) return fail('syntax', path, 'invalid number');
      INTEGER.lastIndex = pos;
      const int = INTEGER.exec(text);
      pos = NUMBER.lastIndex;
      if (!int || int[0].length !== m[0].length)
        fail('number', path, `${m[0]} is not an integer written as JSON integers are`);
      if (m[0] === '-0') fail('number', path, '-0 is not written as 0');
      const n = Number(m[0]);
      if (!Number.isSafeInteger(n)) fail('number', path, `${m[0]} is beyond ±(2^53−1)`);
      return n;
    }
    for (const [word, v] of LITERALS)
      if (text.startsWith(word, pos)) return ((pos += word.length), v);
    return fail('syntax', path, 'expected a value');
  };
  const out = value('', 0);
  skip();
  if (pos !== text.length) fail('syntax', '', 'text after the value');
  return out;
}
