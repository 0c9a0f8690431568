/**
 * The text of a bad field in the reader's language: the server's coded issue
 * (shared/api/issue-codes.ts) from the catalogue when it sent one for that path, else the issue's
 * own message (issues the server wrote itself, older servers).
 */
import type { CodedIssue } from '../api/issue-codes.js';
import type { MessageCode, Params } from './catalog.js';

export function issueText(
  tr: (code: MessageCode, params?: Params) => string,
  issue: { path: string; message: string },
  coded: readonly CodedIssue[] = []
): string {
  const c = coded.find((x) => x.path === issue.path);
  return c ? tr(`issue.${c.code}` as MessageCode, c.params) : issue.message;
}
