/**
 * GET /api/public/experts/:registryNo/draws (docs/PROTOCOL.md §Find me): every draw (and ceremony
 * lot) whose frozen pool or exclusion list mentions the registry number, each with the log entries it is derived from and
 * their inclusion proofs against one signed checkpoint, so a browser can check every answer.
 */
import { z } from 'zod';
import { PublicExpert } from '../schemas/registry.js';
import { LogEntry, SignedCheckpoint } from '../schemas/log.js';
import { DrawId } from '../schemas/draw-events.js';
import { DrawState } from './draws.js';
import { ExpertInDraw } from '../expert-outcome.js';
import { CeremonyLotId } from '../schemas/ceremony-events.js';
import { MAX_CEREMONY_LOTS } from '../schemas/ceremony.js';

export const ProvenEntry = z.strictObject({
  index: z.number().int().min(0),
  entry: LogEntry,
  /** inclusion proof against the checkpoint, hex hashes */
  proof: z.array(z.string()),
});
export type ProvenEntry = z.infer<typeof ProvenEntry>;

export const ExpertDrawsResponse = z.strictObject({
  expert: PublicExpert,
  /** the log's verifier key and the checkpoint every proof is against */
  vkey: z.string(),
  checkpoint: SignedCheckpoint,
  draws: z.array(
    z.strictObject({
      drawId: DrawId,
      /** null for a single draw; for a ceremony's lot, the lot and its 0-based broadcast position */
      lot: z
        .strictObject({
          lotId: CeremonyLotId,
          index: z
            .number()
            .int()
            .min(0)
            .max(MAX_CEREMONY_LOTS - 1),
        })
        .nullable(),
      /** the draw's state (a ceremony's, for its lots) */
      state: DrawState,
      lotTitleKk: z.string(),
      lotTitleRu: z.string(),
      /** derived by the server; the page derives it again from the proven entries */
      claim: ExpertInDraw,
      /** the draw's draw.announced entry; for a ceremony's lot, that lot's draw.lot_sealed entry */
      announced: ProvenEntry,
      /**
       * the latest draw.result or draw.declined entry, once drawn; for a ceremony's lot, that lot's
       * last draw.declined, else draw.result
       */
      result: ProvenEntry.nullable(),
    })
  ),
});
export type ExpertDrawsResponse = z.infer<typeof ExpertDrawsResponse>;
