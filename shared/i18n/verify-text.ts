/**
 * How a verification is told to a reader, in any language of the catalogue: each check's status, its
 * fact (shared/verify/check-fact.ts) as a sentence, the first difference of a failed re-run in plain
 * words, and the docs/PROTOCOL.md section that says what the check computes. Written once for the
 * verify page (client/verify/verify-view.ts) and `adal verify --lang` (auditor/commands/verify.ts);
 * each passes its own `tr`, which formats numbers its way.
 */
import type { CheckFact } from '../verify/check-fact.js';
import type { ResultDiff } from '../verify/result-diff.js';
import type { VerifyCheck, VerifyCheckId } from '../verify.js';
import type { MessageCode, Params } from './catalog.js';

export type Tr = (code: MessageCode, params?: Params) => string;

/** passed · failed · does not apply to this draw · not requested (a reported check's status) */
export type CheckStatus = 'passed' | 'failed' | 'na' | 'not-requested';

export function checkStatus(c: VerifyCheck): CheckStatus {
  if (!c.ok) return 'failed';
  if (c.notApplicable) return 'na';
  return c.skipped ? 'not-requested' : 'passed';
}

/** The heading id (GitHub's slug) of the docs/PROTOCOL.md section each check follows. */
export const CHECK_SECTIONS: Record<VerifyCheckId, string> = {
  schema: 'bundle-format',
  checkpoint: 'verifying-a-checkpoint',
  witnesses: 'witness-policy',
  time: 'time-line',
  entries: 'entry-order',
  pool: 'pool',
  announcement: 'announcement',
  commitments: 'commitments-and-reveals',
  reveals: 'commitments-and-reveals',
  beacon: 'drand-beacon-verification',
  seed: 'seed',
  selection: 'selection',
  replacements: 'replacement',
  fairness: 'fairness-report',
  inclusion: 'proofs',
};

/** The first difference of a failed re-run, in plain words. */
export function diffText(tr: Tr, d: ResultDiff): string {
  const code = `verify.diff.${d.kind}` as MessageCode;
  if (d.kind === 'step-outcome')
    return tr(code, {
      ...d,
      file: tr(`step.outcome.${d.file}` as MessageCode),
      rerun: tr(`step.outcome.${d.rerun}` as MessageCode),
    });
  return tr(code, { ...d });
}

/** The check's fact as one sentence ('' when the verifier gave none). */
export function factText(tr: Tr, f: CheckFact | undefined): string {
  if (!f) return '';
  const line = tr(f.key as MessageCode, f.params);
  return f.diff ? `${line} ${diffText(tr, f.diff)}` : line;
}
