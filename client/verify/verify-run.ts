/**
 * Runs the project's one verifier, shared/verify.ts verifyBundle, in the browser on a bundle that was
 * downloaded or dropped onto the page, and collects what it reports: each check as it finishes, the
 * first failure's code, and an option error (no usable trusted key). Nothing else is consulted: the
 * trusted key is the caller's, and the bundle is attacker-controlled input that verifyBundle parses.
 */
import { AppError, InputError, VerificationError } from '../../shared/errors.js';
import {
  VERIFY_CHECKS,
  verifyBundle,
  type VerifiedBundle,
  type VerifyCheck,
  type VerifyCheckId,
} from '../../shared/verify.js';

export interface VerifyRunOptions {
  /** verifier keys (name+keyid+base64) the checkpoint may be signed by */
  keys: string[];
  /** trust the key written in the bundle itself: proves only that the bundle is self-consistent */
  trustBundleKey: boolean;
  /** re-simulate the fairness report (K draws: takes a while) */
  checkFairness: boolean;
}

export interface VerifyRun {
  checks: VerifyCheck[];
  /** checks that did not run because an earlier one failed */
  notRun: VerifyCheckId[];
  /** the verified bundle's summary when every check passed */
  result: VerifiedBundle | null;
  /** the failure's code: a check's (its check is in `checks`) or the options' (VERIFY_NO_KEY, …) */
  errorCode: string | null;
}

export function runVerification(input: unknown, options: VerifyRunOptions): VerifyRun {
  const checks: VerifyCheck[] = [];
  const run = (): Pick<VerifyRun, 'result' | 'errorCode'> => {
    try {
      const result = verifyBundle(
        input,
        {
          trustedKeys: options.keys,
          trustBundleKey: options.trustBundleKey,
          checkFairness: options.checkFairness,
        },
        (c) => checks.push(c)
      );
      return { result, errorCode: null };
    } catch (e) {
      if (e instanceof VerificationError || e instanceof InputError)
        return { result: null, errorCode: e.code };
      return { result: null, errorCode: e instanceof AppError ? e.code : 'VERIFY_INTERNAL' };
    }
  };
  const { result, errorCode } = run();
  const seen = new Set(checks.map((c) => c.id));
  const notRun = VERIFY_CHECKS.filter((id) => !seen.has(id));
  return { checks, notRun, result, errorCode };
}
