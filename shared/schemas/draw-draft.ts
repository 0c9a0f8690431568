/**
 * The editable draft of a draw specification (docs/LIFECYCLE.md §States, `draft`). While a draw is a draft the
 * operator fills in the rules field by field; every field is optional until announcement, when the
 * server completes the draft into a DrawSpec (the writer's protocol version — shared/protocol-versions.ts
 * writerVersion —, the lot's id, the witnesses' commitments)
 * and validates it with the DrawSpec schema itself. The field schemas are DrawSpec's own, so a draft
 * can never hold a value the spec would refuse.
 */
import { z } from 'zod';
import { DrawSpec } from './draw-spec.js';
import { perCap } from '../draw/rule-families.js';

export const specField = DrawSpec.shape;

export const DraftSpec = z.strictObject({
  method: specField.method.optional(),
  size: specField.size.optional(),
  reserves: specField.reserves.optional(),
  quotas: specField.quotas.optional(),
  ...perCap('field', (f) => specField[f.field]),
  cooldownDays: specField.cooldownDays.optional(),
  asOf: specField.asOf.optional(),
  entropy: specField.entropy.optional(),
  revealDeadline: specField.revealDeadline.optional(),
});
export type DraftSpec = z.infer<typeof DraftSpec>;
