/**
 * Boundary types of conflicts of interest (issue 2). The kinds are data (table conflict_kinds, seeded
 * by migration with the operator's FAQ list) so new kinds need no code. A declaration links an expert
 * to an organization (BIN) with a kind, a period and a source. An Exclusion names the exact rule and,
 * for conflicts, the declaration or registry entry behind it.
 */
import { z } from 'zod';
import { Bin, IsoDate, RegistryNo } from './registry.js';

export const Text = (max: number) => z.string().trim().min(1, 'required').max(max);

export const ConflictKindCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case latin letters, digits or "_" (max 40)');

export const ConflictKind = z.strictObject({
  code: ConflictKindCode,
  labelKk: Text(200),
  labelRu: Text(200),
  labelEn: Text(200),
  /**
   * 0: the declaration counts when its period covers the date of the check. N > 0: it counts when
   * its period touches the N months before that date (funded_12m: paid or funded in the last year).
   */
  lookbackMonths: z.number().int().min(0).max(120),
});
export type ConflictKind = z.infer<typeof ConflictKind>;
const DeclarationSource = z.enum(['self', 'operator']);

export const periodOk = (d: { validFrom?: string; validTo?: string | null }) =>
  !d.validFrom || !d.validTo || d.validFrom <= d.validTo;
export const PERIOD_RULE = { message: 'validTo is before validFrom', path: ['validTo'] };

export const declarationShape = {
  id: z.number().int().positive(),
  registryNo: RegistryNo,
  bin: Bin,
  kind: ConflictKindCode,
  validFrom: IsoDate,
  /** absent: still in force */
  validTo: IsoDate.optional(),
  source: DeclarationSource,
  note: Text(1000).optional(),
};

export const Declaration = z.strictObject(declarationShape).refine(periodOk, PERIOD_RULE);
export type Declaration = z.infer<typeof Declaration>;

/** Rules that keep an expert out of a lot's pool, in the order they are reported. */
export const EXCLUSION_RULES = [
  'STATUS_SUSPENDED',
  'STATUS_EXCLUDED',
  'CONFLICT_OF_INTEREST',
  'COOLDOWN',
] as const;
export const ExclusionRule = z.enum(EXCLUSION_RULES);
export type ExclusionRule = z.infer<typeof ExclusionRule>;

export const Exclusion = z.strictObject({
  registryNo: RegistryNo,
  rule: ExclusionRule,
  /** conflicts: where the link comes from — a declaration (self/operator) or the expert's registry entry */
  source: z.enum(['self', 'operator', 'registry']).optional(),
  declarationId: z.number().int().positive().optional(),
  bin: Bin.optional(),
  kind: ConflictKindCode.optional(),
  detail: z.string(),
});
export type Exclusion = z.infer<typeof Exclusion>;
