/**
 * The console's wire schemas of competitions and lots: create and patch bodies, ids in paths, list
 * queries and a competition with its lots. The records (Competition, Lot, Applicant) are protocol and
 * live in shared/schemas/lots.ts.
 */
import { z } from 'zod';
import { Id, Competition, Applicants, Lot } from '../schemas/lots.js';

export const CompetitionCreate = Competition.omit({ id: true });

export type CompetitionCreate = z.infer<typeof CompetitionCreate>;

export const CompetitionPatch = CompetitionCreate.partial().refine(
  (p) => Object.keys(p).length > 0,
  'nothing to change'
);

export type CompetitionPatch = z.infer<typeof CompetitionPatch>;

export const LotCreate = Lot.omit({ id: true }).extend({ applicants: Applicants.default([]) });

export type LotCreate = z.infer<typeof LotCreate>;

/** PATCH /api/lots/:id; `applicants` replaces the whole list. */
export const LotPatch = Lot.omit({ id: true, competitionId: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');

export type LotPatch = z.infer<typeof LotPatch>;

export const IdParams = z.strictObject({ id: Id });

export type IdParams = z.infer<typeof IdParams>;

export const LotListQuery = z.strictObject({ competitionId: Id.optional() });

export type LotListQuery = z.infer<typeof LotListQuery>;

/** A competition with its lots, as the public pages show it. */
export const CompetitionWithLots = Competition.extend({ lots: z.array(Lot) });

export type CompetitionWithLots = z.infer<typeof CompetitionWithLots>;
