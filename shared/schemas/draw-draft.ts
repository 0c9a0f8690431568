/**
 * The editable draft of a draw specification (docs/LIFECYCLE.md §Draft). While a draw is a draft the
 * operator fills in the rules field by field; every field is optional until announcement, when the
 * server completes the draft into a DrawSpec (version 1, the lot's id, the witnesses' commitments)
 * and validates it with the DrawSpec schema itself. The field schemas are DrawSpec's own, so a draft
 * can never hold a value the spec would refuse.
 */
import { z } from 'zod';
import { DrawSpec } from './draw-spec.js';

const S = DrawSpec.shape;

export const DraftSpec = z.strictObject({
  method: S.method.optional(),
  size: S.size.optional(),
  reserves: S.reserves.optional(),
  quotas: S.quotas.optional(),
  perOrganizationMax: S.perOrganizationMax,
  cooldownDays: S.cooldownDays.optional(),
  asOf: S.asOf.optional(),
  entropy: S.entropy.optional(),
  revealDeadline: S.revealDeadline.optional(),
});
export type DraftSpec = z.infer<typeof DraftSpec>;

/** A change to a draft: the given fields replace the stored ones; null removes an optional field. */
export const DraftSpecPatch = z
  .strictObject({
    method: S.method,
    size: S.size,
    reserves: S.reserves,
    quotas: S.quotas,
    perOrganizationMax: S.perOrganizationMax.unwrap().nullable(),
    cooldownDays: S.cooldownDays,
    asOf: S.asOf,
    entropy: S.entropy,
    revealDeadline: S.revealDeadline,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type DraftSpecPatch = z.infer<typeof DraftSpecPatch>;
