/**
 * Runs the project's one verifier, shared/verify.ts verifyBundle, in the browser on a bundle that was
 * downloaded or dropped onto the page, and collects what it reports: each check as it finishes, the
 * first failure's code, and an option error (no usable trusted key). Nothing else is consulted: the
 * trusted key is the caller's, and the bundle is attacker-controlled input that verifyBundle parses.
 */
import { parseCosignerKey, verifyCosignatures } from '../../shared/cosignature.js';
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
  /** the viewer's witness policy: cosigner keys and how many must have cosigned (null: all) */
  witnessKeys: string[];
  witnessThreshold: number | null;
  /** cosigner keys the server says it asks: only to name who cosigned, never a policy */
  knownWitnesses: string[];
}

/** Witnesses whose cosignature line on the bundle's checkpoint verified here, in this browser. */
export interface CosignedBy {
  names: string[];
}

export interface VerifyRun {
  checks: VerifyCheck[];
  /** checks that did not run because an earlier one failed */
  notRun: VerifyCheckId[];
  /** the verified bundle's summary when every check passed */
  result: VerifiedBundle | null;
  /** the failure's code: a check's (its check is in `checks`) or the options' (VERIFY_NO_KEY, …) */
  errorCode: string | null;
  /** null when no witness key is known here (none given, none listed by the server) */
  cosignedBy: CosignedBy | null;
}

/**
 * Who cosigned the bundle's checkpoint among the keys known here, each line verified with
 * shared/cosignature.ts (a key that does not parse is left out; a bad line by a known key: nobody).
 */
export function cosignersOf(input: unknown, keys: readonly string[]): CosignedBy | null {
  const parsed = keys.flatMap((k) => {
    try {
      return [parseCosignerKey(k)];
    } catch {
      return [];
    }
  });
  if (parsed.length === 0) return null;
  const note = (input as { log?: { checkpoint?: unknown } } | null)?.log?.checkpoint;
  if (typeof note !== 'string') return { names: [] };
  const r = verifyCosignatures(note, parsed);
  return { names: r.ok ? r.cosignatures.map((c) => c.name) : [] };
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
          ...(options.witnessKeys.length > 0
            ? {
                witnessPolicy: {
                  keys: options.witnessKeys,
                  ...(options.witnessThreshold !== null
                    ? { threshold: options.witnessThreshold }
                    : {}),
                },
              }
            : {}),
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
  const cosignedBy = cosignersOf(input, [
    ...new Set([...options.witnessKeys, ...options.knownWitnesses]),
  ]);
  return { checks, notRun, result, errorCode, cosignedBy };
}
