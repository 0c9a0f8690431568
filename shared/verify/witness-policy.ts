/**
 * The verifier's witness policy (docs/PROTOCOL.md §Witness policy): K of the given witness keys
 * must have cosigned the bundle's checkpoint (c2sp.org/tlog-cosignature cosignature/v1 lines on its
 * note, shared/cosignature.ts). The keys and K come from whoever verifies — `adal verify --witness
 * VKEY … --witness-threshold K`, the verify page's fields — never from the bundle. A line by a given
 * key that does not verify fails the policy whatever the others say (fail closed).
 */
import {
  parseCosignerKey,
  verifyCosignatures,
  type CosignerKey,
  type VerifiedCosignature,
} from '../cosignature.js';
import { InputError, VerificationError } from '../errors.js';

export interface WitnessPolicy {
  /** the witnesses' cosigner keys (name+keyid+base64(0x04||key)) */
  keys: readonly (CosignerKey | string)[];
  /** how many of them must have cosigned; all of them when absent */
  threshold?: number;
}

export interface ParsedWitnessPolicy {
  keys: CosignerKey[];
  threshold: number;
}

/** Parses the caller's policy; a bad key or threshold is the caller's input error. */
export function parseWitnessPolicy(p: WitnessPolicy): ParsedWitnessPolicy {
  const keys = p.keys.map((k) => {
    if (typeof k !== 'string') return k;
    try {
      return parseCosignerKey(k);
    } catch (e) {
      throw new InputError('VERIFY_WITNESS_KEY_INVALID', `--witness ${k}: ${(e as Error).message}`);
    }
  });
  if (keys.length === 0)
    throw new InputError('VERIFY_WITNESS_KEY_INVALID', 'a witness policy needs --witness keys');
  if (new Set(keys.map((k) => k.vkey)).size !== keys.length)
    throw new InputError('VERIFY_WITNESS_KEY_INVALID', 'the same --witness key is given twice');
  const threshold = p.threshold ?? keys.length;
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > keys.length)
    throw new InputError(
      'VERIFY_WITNESS_THRESHOLD_INVALID',
      `--witness-threshold must be a whole number from 1 to ${keys.length} (the --witness keys given)`
    );
  return { keys, threshold };
}

/**
 * Check 2a: at least `threshold` of the policy's witnesses cosigned the checkpoint note. Returns the
 * verified cosignatures; throws VerificationError WITNESS_POLICY_UNMET.
 */
export function checkWitnessPolicy(
  note: string,
  policy: ParsedWitnessPolicy
): VerifiedCosignature[] {
  const r = verifyCosignatures(note, policy.keys);
  if (!r.ok) throw new VerificationError('WITNESS_POLICY_UNMET', r.message);
  const n = r.cosignatures.length;
  if (n < policy.threshold)
    throw new VerificationError(
      'WITNESS_POLICY_UNMET',
      `cosigned by ${n} of the given witnesses${n ? ` (${names(r.cosignatures)})` : ''}, ` +
        `${policy.threshold} required`
    );
  return r.cosignatures;
}

export function names(cs: readonly VerifiedCosignature[]): string {
  return cs.map((c) => c.name).join(', ');
}
