/**
 * The console's change to a draft's rules (PATCH /api/draws/:id/draft). The draft itself is logged
 * (draw.draft_updated) and lives in shared/schemas/draw-draft.ts.
 */
import { z } from 'zod';
import { specField } from '../schemas/draw-draft.js';
import { perCap } from '../draw/rule-families.js';

/** A change to a draft: the given fields replace the stored ones; null removes an optional field. */
export const DraftSpecPatch = z
  .strictObject({
    method: specField.method,
    size: specField.size,
    reserves: specField.reserves,
    quotas: specField.quotas,
    ...perCap('field', (f) => specField[f.field].unwrap().nullable()),
    cooldownDays: specField.cooldownDays,
    asOf: specField.asOf,
    entropy: specField.entropy,
    revealDeadline: specField.revealDeadline,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');

export type DraftSpecPatch = z.infer<typeof DraftSpecPatch>;
