/**
 * A public source's value as a person types it (issue 16): numbers separated by spaces, commas or
 * semicolons — however the source published them, "7 14 21", "7, 14, 21" or "7;14;21" — become one
 * number list; anything else stays text. Read before anything is posted, so the console can show
 * exactly what will be hashed (the RFC 3797 §4 canonical text, shared/rfc3797.ts) and say in words
 * what is wrong, instead of sending a string the API would refuse with a schema message. The JSON
 * that travels is the protocol's own (docs/PROTOCOL.md §Sources in JSON): an array for numbers, a
 * string for text. Integers go as JSON integers, decimals ("2911.54") as decimal strings.
 */
import { rfc3797SourceText } from './rfc3797.js';
import { Rfc3797Source } from './schemas/rfc3797.js';

/** Why a typed value cannot be a source (each has a catalogue text, console.sources.error.*). */
export type SourceEntryError = 'empty' | 'badNumber' | 'tooManyNumbers' | 'notAscii' | 'tooLong';

export type SourceEntry =
  | { ok: true; kind: 'numbers' | 'text'; value: Rfc3797Source; hashed: string }
  | { ok: false; error: SourceEntryError };

/** Only digits, dots and separators: the person typed numbers. */
const NUMBERS_ONLY = /^[0-9.\s,;]+$/;
const SEPARATORS = /[\s,;]+/;
const DECIMAL = /^[0-9]{1,40}(\.[0-9]{1,40})?$/;
const MAX_NUMBERS = 64;
const MAX_TEXT = 200;

function numberOf(token: string): number | string {
  // an integer that JSON carries exactly goes as a number; a decimal or a long one as its digits
  return /^[0-9]{1,15}$/.test(token) ? Number(token) : token;
}

export function readSourceEntry(typed: string): SourceEntry {
  const s = typed.trim();
  if (s === '') return { ok: false, error: 'empty' };
  let value: Rfc3797Source;
  let kind: 'numbers' | 'text';
  if (NUMBERS_ONLY.test(s)) {
    const tokens = s.split(SEPARATORS).filter((x) => x !== '');
    if (tokens.length === 0 || !tokens.every((x) => DECIMAL.test(x)))
      return { ok: false, error: 'badNumber' };
    if (tokens.length > MAX_NUMBERS) return { ok: false, error: 'tooManyNumbers' };
    value = tokens.map(numberOf);
    kind = 'numbers';
  } else {
    if (!/^[\x20-\x7e]+$/.test(s) || !/[A-Za-z0-9]/.test(s))
      return { ok: false, error: 'notAscii' };
    if (s.length > MAX_TEXT) return { ok: false, error: 'tooLong' };
    value = s;
    kind = 'text';
  }
  // the protocol's own schema has the last word: what it refuses is never posted
  const parsed = Rfc3797Source.safeParse(value);
  if (!parsed.success) return { ok: false, error: kind === 'numbers' ? 'badNumber' : 'notAscii' };
  return { ok: true, kind, value: parsed.data, hashed: rfc3797SourceText(parsed.data) };
}
