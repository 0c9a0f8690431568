/**
 * Boundary types of competitions and lots (issue 2). A lot belongs to one competition and one
 * direction and lists its applicant organizations by name and BIN; both are public.
 */
import { z } from 'zod';
import { Bin, DirectionCode } from './registry.js';

const Text = (max: number) => z.string().trim().min(1, 'required').max(max);
export const Id = z.coerce.number().int().positive();

const CompetitionCode = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,30}$/, '1–30 latin letters, digits or "-"');

export const Competition = z.strictObject({
  id: z.number().int().positive(),
  code: CompetitionCode,
  titleKk: Text(300),
  titleRu: Text(300),
  year: z.number().int().min(2000).max(2100),
});
export type Competition = z.infer<typeof Competition>;

export const Applicant = z.strictObject({ name: Text(300), bin: Bin });
export type Applicant = z.infer<typeof Applicant>;

export const Applicants = z
  .array(Applicant)
  .max(500)
  .refine((a) => new Set(a.map((x) => x.bin)).size === a.length, 'the same BIN is listed twice');

export const Lot = z.strictObject({
  id: z.number().int().positive(),
  competitionId: z.number().int().positive(),
  directionCode: DirectionCode,
  titleKk: Text(300),
  titleRu: Text(300),
  applicants: Applicants,
});
export type Lot = z.infer<typeof Lot>;
