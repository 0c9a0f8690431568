/**
 * A zod issue as a stable code with values (shared/i18n `issue.<code>`), so the console tells a bad
 * field in the user's language instead of zod's English message. The server's error answer carries
 * them beside the issues (server/router.ts, server/http/error-handler.ts); the console renders them
 * with shared/i18n/issue-text.ts. Display only: the English `message` stays as it was.
 */
import { z } from 'zod';

export const ISSUE_CODES = [
  'required',
  'tooShort',
  'tooLong',
  'tooSmall',
  'tooBig',
  'tooFew',
  'tooMany',
  'invalidType',
  'invalidFormat',
  'invalidValue',
  'unknownField',
  'invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface CodedIssue {
  path: string;
  code: IssueCode;
  params: Record<string, string | number>;
}

/** A coded issue on the wire (socket acks, the draw preview). */
export const CodedIssueSchema = z.strictObject({
  path: z.string(),
  code: z.enum(ISSUE_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

const SIZED: Record<string, [IssueCode, IssueCode]> = {
  string: ['tooShort', 'tooLong'],
  array: ['tooFew', 'tooMany'],
  set: ['tooFew', 'tooMany'],
};

/** The code and values of one zod issue; `path` is the caller's (prefixed) path. */
export function codedIssue(i: z.core.$ZodIssue, path: string): CodedIssue {
  const at = (code: IssueCode, params: CodedIssue['params'] = {}) => ({ path, code, params });
  switch (i.code) {
    case 'too_small': {
      if (i.origin === 'string' && Number(i.minimum) === 1) return at('required');
      const code = SIZED[i.origin]?.[0] ?? 'tooSmall';
      return at(code, { min: Number(i.minimum) });
    }
    case 'too_big':
      return at(SIZED[i.origin]?.[1] ?? 'tooBig', { max: Number(i.maximum) });
    case 'invalid_type':
      return i.message.endsWith('received undefined') ? at('required') : at('invalidType');
    case 'invalid_format':
      return at('invalidFormat');
    case 'invalid_value':
      return at('invalidValue');
    case 'unrecognized_keys':
      return at('unknownField', { keys: i.keys.join(', ') });
    default:
      return at(i.message === 'required' ? 'required' : 'invalid');
  }
}
