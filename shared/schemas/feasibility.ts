/**
 * The feasibility report given before announcement (docs/PROTOCOL.md §Feasibility before
 * announcement): what cannot be met, with how many are needed and available, and single changes that
 * would make the rules feasible (each one checked with the exact predicate).
 */
import { z } from 'zod';
import { CAP_RELAXATIONS, CAP_VIOLATIONS } from '../draw/rule-families.js';

const Count = z.number().int().min(0);

export const FeasibilityProblem = z.strictObject({
  /** a cap's problem is named by its violation kind (org-limit, …) */
  kind: z.enum([
    'pool-size',
    'reserves',
    'quota-min',
    'quota-max',
    ...CAP_VIOLATIONS,
    'combination',
  ]),
  category: z.string().optional(),
  value: z.string().optional(),
  need: Count.optional(),
  available: Count.optional(),
  message: z.string(),
});
export type FeasibilityProblem = z.infer<typeof FeasibilityProblem>;

export const Relaxation = z.strictObject({
  change: z.enum(['lower-min', 'raise-max', ...CAP_RELAXATIONS, 'reduce-reserves']),
  category: z.string().optional(),
  value: z.string().optional(),
  from: Count,
  to: Count,
  text: z.string(),
});
export type Relaxation = z.infer<typeof Relaxation>;

export const FeasibilityReport = z.strictObject({
  feasible: z.boolean(),
  problems: z.array(FeasibilityProblem),
  /** each restores feasibility on its own (seats, after percentages are converted) */
  suggestions: z.array(Relaxation),
});
export type FeasibilityReport = z.infer<typeof FeasibilityReport>;

/**
 * Selection chances estimated before the seed exists (docs/PROTOCOL.md §Fairness report): expert i was
 * seated in `count` of `k` simulated draws, so the estimate is the fraction count/k.
 */
export const FairnessReport = z.strictObject({
  version: z.literal(1),
  /** announcementHash the simulation seeds derive from, hex */
  announcementHash: z.string().regex(/^[0-9a-f]{64}$/),
  k: z.number().int().min(1),
  poolSize: Count,
  size: Count,
  /** size/poolSize as a percentage with two decimals (round half up) */
  uniformPercent: z.string(),
  entries: z.array(
    z.strictObject({
      registryNo: z.string(),
      count: Count,
      /** 100·count/k with two decimals (round half up), e.g. "0.51%" */
      percent: z.string(),
      /** estimate below half of the uniform chance: 2·count·poolSize < k·size */
      flagged: z.boolean(),
    })
  ),
});
export type FairnessReport = z.infer<typeof FairnessReport>;
