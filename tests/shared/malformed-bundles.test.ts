/**
 * tests/vectors/malformed-bundles.json: each crafted bundle gives its expected code — the JSON text
 * rules, the formats and the precedence of codes within checks 2 and 8 (docs/PROTOCOL.md). The same
 * vectors are run on tests/conformance/adal_ref.py by tests/conformance/conformance.test.ts.
 */
import { readFileSync } from 'node:fs';
import { parseStrictJson, StrictJsonError } from '../../shared/json-strict.js';
import { verifyBundle } from '../../shared/verify.js';
import { VerificationError } from '../../shared/errors.js';

interface Edit {
  find: string;
  replace: string;
  occurrence?: number;
}
interface MalformedCase {
  id: string;
  rule: string;
  base: string;
  edits: Edit[];
  code: string;
}

/** The case's text: the base bundle with each edit applied to the n-th occurrence of `find`. */
function malformedText(c: MalformedCase): string {
  let text = readFileSync(c.base, 'utf8');
  for (const { find, replace, occurrence = 1 } of c.edits) {
    let at = -1;
    for (let k = 0; k < occurrence; k++) {
      at = text.indexOf(find, at + 1);
      if (at < 0)
        throw new Error(`${c.id}: "${find.slice(0, 40)}" occurs fewer than ${occurrence} times`);
    }
    text = text.slice(0, at) + replace + text.slice(at + find.length);
  }
  return text;
}

const vector = JSON.parse(readFileSync('tests/vectors/malformed-bundles.json', 'utf8')) as {
  key: string;
  cases: MalformedCase[];
};
const key = readFileSync(vector.key, 'utf8').trim();

function verdict(text: string): string {
  let input: unknown;
  try {
    input = parseStrictJson(text);
  } catch (e) {
    if (e instanceof StrictJsonError) return 'BUNDLE_NOT_JSON';
    throw e;
  }
  try {
    verifyBundle(input, { trustedKeys: [key] });
    return 'VERIFIED';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    throw e;
  }
}

it.each(vector.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  expect(verdict(malformedText(c))).toBe(c.code);
});
