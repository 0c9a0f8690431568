/**
 * The console's wire schemas of conflicts of interest: bodies that create and change conflict kinds
 * and declarations, their list and exclusion queries, and a lot's exclusions as the console shows
 * them. The records and the exclusion rules are protocol and live in shared/schemas/conflicts.ts.
 */
import { z } from 'zod';
import { Bin, IsoDate, RegistryNo } from '../schemas/registry.js';
import {
  Text,
  ConflictKindCode,
  ConflictKind,
  periodOk,
  PERIOD_RULE,
  declarationShape,
  Exclusion,
} from '../schemas/conflicts.js';

export const ConflictKindCreate = ConflictKind.extend({
  lookbackMonths: ConflictKind.shape.lookbackMonths.default(0),
});

export type ConflictKindCreate = z.infer<typeof ConflictKindCreate>;

export const ConflictKindPatch = ConflictKind.omit({ code: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');

export type ConflictKindPatch = z.infer<typeof ConflictKindPatch>;

export const ConflictKindParams = z.strictObject({ code: ConflictKindCode });

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
