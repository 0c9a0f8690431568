/**
 * The draw's recorded steps and result (docs/PROTOCOL.md §Selection, §Reserves, §Replacement). Every
 * candidate the walk examines is one step with its outcome and, for a skip, the rule and structured
 * detail; declines and replacements after the draw append steps of their own. The live page replays
 * these steps and never computes its own.
 */
import { z } from 'zod';
import { RegistryNo } from './registry.js';
import { CAP_FAMILIES, CAP_RULES, CAP_VIOLATIONS, perCap } from '../draw/rule-families.js';
import type { CapFamily } from '../draw/rule-families.js';

export const StepRule = z.enum([
  /** accepting would exceed a quota's max */
  'QUOTA_MAX',
  /** accepting would exceed a cap for one of the candidate's keys (ORG_LIMIT: perOrganizationMax, …) */
  ...CAP_RULES,
  /** no completion from later candidates would satisfy every rule (the exact feasibility predicate) */
  'NO_VALID_COMPLETION',
  /** a reserve candidate could not replace any member without breaking a rule */
  'FITS_NO_SEAT',
  /** at a replacement: this reserve in place of the decliner would break a rule */
  'REPLACEMENT_BREAKS_RULES',
  /** at a replacement: no remaining reserve fits, so the seat stays vacant */
  'NO_RESERVE_FITS',
]);
export type StepRule = z.infer<typeof StepRule>;

const Count = z.number().int().min(0);

export const QuotaRef = z.strictObject({ category: z.string(), value: z.string() });

export const Violation = z.strictObject({
  /** quota-max and quota-min name the quota (category, value); a cap's kind names the key */
  kind: z.enum(['quota-min', 'quota-max', ...CAP_VIOLATIONS]),
  category: z.string().optional(),
  value: z.string().optional(),
  ...perCap('key', () => z.string().optional()),
  count: Count,
  limit: Count,
});
export type Violation = z.infer<typeof Violation>;

/** One key of a cap at its limit, e.g. {organization, count, max}. */
function capItem<K extends CapFamily['key']>(key: K) {
  const shape = { [key]: z.string(), count: Count, max: Count };
  return z.strictObject(
    shape as { [P in K]: z.ZodString } & { count: typeof Count; max: typeof Count }
  );
}
type CapDetails = {
  [F in CapFamily as F['detail']]: z.ZodOptional<z.ZodArray<ReturnType<typeof capItem<F['key']>>>>;
};
// Object.fromEntries forgets which detail member goes with which key member: CapDetails restores it.
const capDetails = Object.fromEntries(
  CAP_FAMILIES.map((f) => [f.detail, z.array(capItem(f.key)).optional()])
) as unknown as CapDetails;

export const StepDetail = z.strictObject({
  /** QUOTA_MAX: the candidate's quotas that are already at their max (spec order) */
  quotas: z.array(QuotaRef.extend({ count: Count, max: Count })).optional(),
  /**
   * a cap's skip (ORG_LIMIT: `organizations`, …): the candidate's keys already at the limit, in the
   * entry's (UTF-8) order
   */
  ...capDetails,
  /** NO_VALID_COMPLETION: seats left to fill after this candidate */
  openSeats: Count.optional(),
  /** NO_VALID_COMPLETION: min quotas still short after this candidate, with later supply (informative) */
  unmet: z.array(QuotaRef.extend({ need: Count, available: Count })).optional(),
  /** replacement: the member whose seat this reserve takes */
  replaces: RegistryNo.optional(),
  /** REPLACEMENT_BREAKS_RULES: what this reserve in that seat would break */
  violations: z.array(Violation).optional(),
});
export type StepDetail = z.infer<typeof StepDetail>;

export const DrawStep = z.strictObject({
  /** 1-based, consecutive over the whole life of the draw */
  n: z.number().int().min(1),
  phase: z.enum(['commission', 'reserves', 'replacement']),
  /** 1-based position of the candidate in the random order */
  position: z.number().int().min(1),
  /** 1-based number of the candidate in the frozen pool */
  poolNo: z.number().int().min(1),
  registryNo: RegistryNo,
  outcome: z.enum([
    'accepted',
    'skipped',
    'reserve',
    'declined',
    'withdrawn',
    'replacement',
    'vacant',
  ]),
  rule: StepRule.optional(),
  detail: StepDetail.optional(),
});
export type DrawStep = z.infer<typeof DrawStep>;

export const DrawResult = z.strictObject({
  method: z.enum(['adal-v1', 'rfc3797']),
  steps: z.array(DrawStep),
  /** current members, seat by seat (acceptance order; a replacement takes the decliner's seat) */
  commission: z.array(RegistryNo),
  /** remaining reserves in order (used and withdrawn ones removed) */
  reserves: z.array(RegistryNo),
});
export type DrawResult = z.infer<typeof DrawResult>;
