/**
 * A refused socket subscription (a failed ack, shared/api/events.ts) in the reader's language: the
 * error's own text from its code and values, then each bad field — its name from the catalogue
 * (`ack.field.<path>`; a field the catalogue does not know is not named, rather than named in
 * English) and what is wrong with it from its issue code (issue-text.ts).
 */
import type { AckError } from '../api/events.js';
import type { MessageCode, Params } from './catalog.js';
import { issueText } from './issue-text.js';

type Translate = (code: MessageCode, params?: Params) => string;

const FIELDS: Record<string, MessageCode> = {
  drawId: 'ack.field.drawId',
  afterSeq: 'ack.field.afterSeq',
};

export function ackErrorText(tr: Translate, error: AckError): string {
  const head = tr(`error.${error.code}` as MessageCode, error.params ?? {});
  const issues = (error.issues ?? []).map((i) => {
    const what = issueText(tr, i, error.issueCodes);
    const field = FIELDS[i.path];
    return field ? `${tr(field)}: ${what}` : what;
  });
  return [head, ...issues].join(' ');
}
