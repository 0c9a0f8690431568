/**
 * Boundary types of conflicts of interest (issue 2). The kinds are data (table conflict_kinds, seeded
 * by migration with the operator's FAQ list) so new kinds need no code. A declaration links an expert
 * to an organization (BIN) with a kind, a period and a source. An Exclusion names the exact rule and,
 * for conflicts, the declaration or registry entry behind it.
 */
import { z } from 'zod';
import { Bin, IsoDate, RegistryNo } from './registry.js';

const Text = (max: number) => z.string().trim().min(1, 'required').max(max);

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
export const ConflictKindCreate = ConflictKind.extend({
  lookbackMonths: ConflictKind.shape.lookbackMonths.default(0),
});
export type ConflictKindCreate = z.infer<typeof ConflictKindCreate>;
export const ConflictKindPatch = ConflictKind.omit({ code: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type ConflictKindPatch = z.infer<typeof ConflictKindPatch>;
export const ConflictKindParams = z.strictObject({ code: ConflictKindCode });

export const DeclarationSource = z.enum(['self', 'operator']);

const periodOk = (d: { validFrom?: string; validTo?: string | null }) =>
  !d.validFrom || !d.validTo || d.validFrom <= d.validTo;
const PERIOD_RULE = { message: 'validTo is before validFrom', path: ['validTo'] };

const declarationShape = {
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

export const DeclarationCreate = z
  .strictObject(declarationShape)
  .omit({ id: true })
  .refine(periodOk, PERIOD_RULE);
export type DeclarationCreate = z.infer<typeof DeclarationCreate>;

/** Declarations are never deleted: ending one sets validTo. null clears validTo or note. */
export const DeclarationPatch = z
  .strictObject({
    kind: ConflictKindCode,
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
    note: Text(1000).nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .refine(periodOk, PERIOD_RULE);
export type DeclarationPatch = z.infer<typeof DeclarationPatch>;

export const DeclarationListQuery = z.strictObject({
  registryNo: RegistryNo.optional(),
  bin: Bin.optional(),
});
export type DeclarationListQuery = z.infer<typeof DeclarationListQuery>;

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

export const ExclusionsQuery = z.strictObject({
  asOf: IsoDate.optional(),
  cooldownDays: z.coerce.number().int().min(0).max(3650).optional(),
});
export type ExclusionsQuery = z.infer<typeof ExclusionsQuery>;

/** GET /api/lots/:id/exclusions */
export const LotExclusions = z.strictObject({
  lotId: z.number().int(),
  directionCode: z.string(),
  asOf: IsoDate,
  cooldownDays: z.number().int(),
  /** experts of the lot's direction, before exclusions */
  considered: z.number().int(),
  eligible: z.array(RegistryNo),
  exclusions: z.array(Exclusion),
});
export type LotExclusions = z.infer<typeof LotExclusions>;
