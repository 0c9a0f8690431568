/**
 * What a check found, as a catalogue message with its values (shared/i18n verify.fact.*, verify.na.*,
 * verify.fail.*), so the verify page and `adal verify --lang` tell it in the reader's language; the
 * check's `detail` stays the verifier's one English line (the audit prints it). A failure's fact is
 * read from its VerificationError's details: the entry's log index, the differing field, or the first
 * difference of a re-run result (./result-diff.ts).
 */
import type { VerificationError } from '../errors.js';
import type { ResultDiff } from './result-diff.js';

export interface CheckFact {
  /** the catalogue code of the sentence */
  key: string;
  /** its {name} values: numbers, registry numbers, hashes, key names, field paths */
  params: Record<string, string | number>;
  /** a failed re-run: where the file first differs from it */
  diff?: ResultDiff;
}

export const fact = (key: string, params: CheckFact['params'] = {}): CheckFact => ({
  key,
  params,
});

/** The fact of a failed check, from what its error carries. */
export function failureFact(e: VerificationError): CheckFact | undefined {
  const d = (e.details ?? {}) as {
    index?: unknown;
    field?: unknown;
    diff?: ResultDiff | null;
    issues?: { path: string }[];
  };
  const index = typeof d.index === 'number' ? d.index : null;
  if (d.diff) return { ...fact('verify.fail.diff', index === null ? {} : { index }), diff: d.diff };
  if (typeof d.field === 'string' && index !== null)
    return fact('verify.fail.field', { index, field: d.field });
  if (index !== null) return fact('verify.fail.entry', { index });
  if (d.issues?.[0]) return fact('verify.fail.schema', { path: d.issues[0].path || '/' });
  return undefined;
}
