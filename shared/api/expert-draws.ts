/**
 * GET /api/public/experts/:registryNo/draws (docs/PROTOCOL.md §Find me): every draw whose frozen pool
 * or exclusion list mentions the registry number, each with the log entries it is derived from and
 * their inclusion proofs against one signed checkpoint, so a browser can check every answer.
 */
import { z } from 'zod';
import { PublicExpert } from '../schemas/registry.js';
import { LogEntry, SignedCheckpoint } from '../schemas/log.js';
import { DrawId } from '../schemas/draw-events.js';
import { DrawState } from './draws.js';
import { ExpertInDraw } from '../expert-outcome.js';

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
      state: DrawState,
      lotTitleKk: z.string(),
      lotTitleRu: z.string(),
      /** derived by the server; the page derives it again from the proven entries */
      claim: ExpertInDraw,
      announced: ProvenEntry,
      /** the latest draw.result or draw.declined entry, once drawn */
      result: ProvenEntry.nullable(),
    })
  ),
});
export type ExpertDrawsResponse = z.infer<typeof ExpertDrawsResponse>;
