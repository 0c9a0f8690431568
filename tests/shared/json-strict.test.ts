/**
 * docs/PROTOCOL.md §JSON text: the checking reader gives JSON.parse's value for every text that keeps
 * the two rules, and refuses duplicate member names and numbers that are not JSON integers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseStrictJson, StrictJsonError } from '../../shared/json-strict.js';

const rule = (text: string) => {
  try {
    parseStrictJson(text);
    return 'ok';
  } catch (e) {
    if (e instanceof StrictJsonError) return `${e.rule} at ${e.path}`;
    throw e;
  }
};

it('does read every real bundle fixture as JSON.parse does', () => {
  for (const f of readdirSync('tests/fixtures/v1').filter((x) => x.endsWith('.json'))) {
    const text = readFileSync(`tests/fixtures/v1/${f}`, 'utf8');
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  }
});

it.each([
  ['{"a":1,"b":[true,false,null,"x\\u00e9\\"",-5,0]}', 'ok'],
  ['  {"__proto__": {"x": 1}}  ', 'ok'],
  ['{"a":1,"a":1}', 'duplicate-name at '],
  ['{"a":{"b":1,"c":2,"b":3}}', 'duplicate-name at a'],
  ['{"a":"x","\\u0061":"y"}', 'duplicate-name at '],
  ['[1.0]', 'number at 0'],
  ['{"n":1e0}', 'number at n'],
  ['{"n":10E-1}', 'number at n'],
  ['{"n":-0}', 'number at n'],
  ['{"n":9007199254740992}', 'number at n'],
  ['{"n":-9007199254740991}', 'ok'],
  ['{"n":01}', 'syntax at '],
  ['{"a":1,}', 'syntax at '],
  ['[1] x', 'syntax at '],
  ['"\u0001"', 'syntax at '],
  ['{"a":NaN}', 'syntax at a'],
])('%s → %s', (text, want) => {
  expect(rule(text)).toBe(want);
  if (want === 'ok') expect(parseStrictJson(text)).toEqual(JSON.parse(text));
});

it('does keep a member named __proto__ as data, as JSON.parse does', () => {
  const v = parseStrictJson('{"__proto__":{"x":1}}') as Record<string, unknown>;
  expect(Object.keys(v)).toEqual(['__proto__']);
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
});
