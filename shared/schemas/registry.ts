/**
 * Boundary types of the Registry of Experts (issue 2): the expert record, its public projection
 * (no personal data), API bodies and queries, directions and the change history. Other parts (the
 * draw, the log, the console) build on these names; keep them stable.
 */
import { z } from 'zod';
import { FORMATS } from './formats.js';
import { isValidBin, isValidIin } from '../bin.js';
import { isValidCivilDate } from '../civil-date.js';
import { REGION_CODES } from '../regions.js';

/** A calendar date written YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isValidCivilDate, 'not a calendar date');
export type IsoDate = z.infer<typeof IsoDate>;

/** Stable public registry number, e.g. R-0001; unique and never reused (experts are never deleted). */
export const RegistryNo = z
  .string()
  .regex(FORMATS.RegistryNo.pattern, '1–20 latin letters, digits or "-"');

/** A 12-digit business identification number with a valid check digit (shared/bin.ts). */
export const Bin = z
  .string()
  .regex(/^\d{12}$/, 'a BIN is 12 digits')
  .refine(isValidBin, 'BIN check digit does not match');

/** A 12-digit individual identification number with a valid check digit. Personal data. */
export const Iin = z
  .string()
  .regex(/^\d{12}$/, 'an IIN is 12 digits')
  .refine(isValidIin, 'IIN check digit does not match');

export const DirectionCode = z
  .string()
  .regex(FORMATS.DirectionCode.pattern, 'lower-case latin letters, digits, "_" or "-" (max 32)');

export const RegionCode = z.enum(REGION_CODES, {
  error: 'not a region code (see /api/public/regions)',
});

/** ISO 639 language code: kk, ru, en, … */
export const LanguageCode = z
  .string()
  .regex(FORMATS.LanguageCode.pattern, 'a 2–3 letter language code');

export const ExpertStatus = z.enum(['active', 'suspended', 'excluded']);
export type ExpertStatus = z.infer<typeof ExpertStatus>;
export const ProposedBy = z.enum(['operator', 'ngo']);
export type ProposedBy = z.infer<typeof ProposedBy>;
export const Gender = z.enum(['female', 'male']);

export const PersonName = z.string().trim().min(1, 'required').max(200);
export const Text = (max: number) => z.string().trim().min(1, 'required').max(max);
export const Phone = z
  .string()
  .regex(/^\+?[0-9 ()-]{5,24}$/, 'digits, spaces, "+", "(", ")" or "-"');
export const Email = z.email().max(254);

export const Organization = z.strictObject({
  name: Text(300),
  bin: Bin.optional(),
  /** free text (e.g. "head", "член правления"); a role equal to a conflict-kind code or label maps to it */
  role: Text(100),
});
export type Organization = z.infer<typeof Organization>;

export const expertShape = {
  registryNo: RegistryNo,
  fullNameKk: PersonName.optional(),
  fullNameRu: PersonName.optional(),
  directions: z
    .array(DirectionCode)
    .min(1, 'at least one direction')
    .max(20)
    .refine((xs) => new Set(xs).size === xs.length, 'a direction is listed twice'),
  region: RegionCode,
  organizations: z.array(Organization).max(20),
  gender: Gender.optional(),
  languages: z.array(LanguageCode).max(10),
  proposedBy: ProposedBy,
  status: ExpertStatus,
  statusReason: Text(500).optional(),
  statusDate: IsoDate.optional(),
  includedOn: IsoDate,
  lastCommissionOn: IsoDate.optional(),
  iin: Iin.optional(),
  phone: Phone.optional(),
  email: Email.optional(),
};

const PERSONAL = { iin: true, phone: true, email: true } as const;

export const hasAName = (e: { fullNameKk?: string | undefined; fullNameRu?: string | undefined }) =>
  e.fullNameKk !== undefined || e.fullNameRu !== undefined;
/** The name rule's message, kept apart: zod moves `message` out of the params object it is given. */
export const NAME_MESSAGE = 'give fullNameKk or fullNameRu (or both)';
export const NAME_RULE = {
  message: NAME_MESSAGE,
  path: ['fullNameRu'],
};

/** The full record, personal data included: operators only. */
export const Expert = z.strictObject(expertShape).refine(hasAName, NAME_RULE);
export type Expert = z.infer<typeof Expert>;

/**
 * What anyone may see. No IIN, phone or e-mail; no status reason either, since it is operator free
 * text that may name people or circumstances.
 */
export const PublicExpert = z.strictObject(expertShape).omit({ ...PERSONAL, statusReason: true });
export type PublicExpert = z.infer<typeof PublicExpert>;

export function toPublicExpert(e: Expert): PublicExpert {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { iin, phone, email, statusReason, ...pub } = e;
  return pub;
}

export const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export const Direction = z.strictObject({
  code: DirectionCode,
  nameKk: Text(200),
  nameRu: Text(200),
  nameEn: Text(200),
});
export type Direction = z.infer<typeof Direction>;
/** What a history entry is about. */
export const HistoryEntity = z.enum([
  'expert',
  'direction',
  'competition',
  'lot',
  'conflict_kind',
  'declaration',
]);
export type HistoryEntity = z.infer<typeof HistoryEntity>;
