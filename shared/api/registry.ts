/**
 * The console's wire schemas of the Registry of Experts: bodies of expert writes (create, patch,
 * status changes), list and history queries, and the CSV import's query, body and report. The
 * records themselves (Expert, Direction, the codes) are protocol and live in shared/schemas/registry.ts.
 */
import { z } from 'zod';
import {
  IsoDate,
  RegistryNo,
  Iin,
  DirectionCode,
  RegionCode,
  ExpertStatus,
  ProposedBy,
  Gender,
  PersonName,
  Text,
  Phone,
  Email,
  expertShape,
  hasAName,
  NAME_RULE,
  Page,
  Direction,
  HistoryEntity,
} from '../schemas/registry.js';

/** POST /api/experts: a new expert is always active; includedOn defaults to today. */
export const ExpertCreate = z
  .strictObject(expertShape)
  .omit({ status: true, statusReason: true, statusDate: true })
  .extend({
    organizations: expertShape.organizations.default([]),
    languages: expertShape.languages.default([]),
    includedOn: IsoDate.optional(),
  })
  .refine(hasAName, NAME_RULE);

export type ExpertCreate = z.infer<typeof ExpertCreate>;

/** PATCH /api/experts/:registryNo: any subset; null clears an optional field. Status has its own routes. */
export const ExpertPatch = z
  .strictObject({
    fullNameKk: PersonName.nullable(),
    fullNameRu: PersonName.nullable(),
    directions: expertShape.directions,
    region: RegionCode,
    organizations: expertShape.organizations,
    gender: Gender.nullable(),
    languages: expertShape.languages,
    proposedBy: ProposedBy,
    includedOn: IsoDate,
    lastCommissionOn: IsoDate.nullable(),
    iin: Iin.nullable(),
    phone: Phone.nullable(),
    email: Email.nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');

export type ExpertPatch = z.infer<typeof ExpertPatch>;

/** suspend / exclude / reinstate: a reason is always required; the date defaults to today. */
export const StatusChange = z.strictObject({ reason: Text(500), date: IsoDate.optional() });

export type StatusChange = z.infer<typeof StatusChange>;

export const RegistryNoParams = z.strictObject({ registryNo: RegistryNo });

/** GET /api/experts and /api/public/registry: search by name or number, filters, pagination. */
export const ExpertListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  direction: DirectionCode.optional(),
  region: RegionCode.optional(),
  status: ExpertStatus.optional(),
  proposedBy: ProposedBy.optional(),
  ...Page,
});

export type ExpertListQuery = z.infer<typeof ExpertListQuery>;

/** GET /api/experts/export.csv: the list's filters, the header language and personal data or not. */
export const ExportQuery = ExpertListQuery.omit({ page: true, pageSize: true }).extend({
  lang: z.enum(['en', 'ru', 'kk']).default('en'),
  /** operators get IIN, phone, e-mail and status reasons unless personal=0 */
  personal: z.enum(['0', '1']).default('1'),
});

/** GET /api/experts/import-template.csv: an empty import file, headers in the chosen language. */
export const TemplateQuery = z.strictObject({ lang: z.enum(['en', 'ru', 'kk']).default('en') });

export const DirectionPatch = Direction.omit({ code: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');

export type DirectionPatch = z.infer<typeof DirectionPatch>;

export const DirectionParams = z.strictObject({ code: DirectionCode });

/** One registry change: who (session username), when, what (the record before and after). */
export const HistoryEntry = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  entity: HistoryEntity,
  key: z.string(),
  action: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryQuery = z.strictObject({
  entity: HistoryEntity.optional(),
  key: z.string().max(40).optional(),
  ...Page,
});

export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** What is wrong with a CSV import, file- or row-wide or in one cell (server/registry/csv-read.ts). */
export const ImportProblemCode = z.enum([
  // the file
  'CSV_EMPTY',
  'CSV_NOT_UTF8',
  'CSV_SYNTAX',
  'COLUMN_UNKNOWN',
  'COLUMN_REPEATED',
  'COLUMN_MISSING',
  'TOO_MANY_PROBLEMS',
  // a row
  'ROW_TOO_LONG',
  'ROW_REPEATED',
  'STATUS_REASON_MISSING',
  'NAME_MISSING',
  // a cell
  'REQUIRED',
  'INVALID',
  'DATE_INVALID',
  'BIN_INVALID',
  'IIN_INVALID',
  'VALUE_UNKNOWN',
  'DIRECTION_UNKNOWN',
  'REGION_UNKNOWN',
  'ORGANIZATION_FORMAT',
]);
export type ImportProblemCode = z.infer<typeof ImportProblemCode>;

/**
 * One problem of a CSV import: the row as numbered in the file (header = 1) and the column name.
 * `problem` is an English line for logs and the CLI; pages render `code` and `params` (the offending
 * cell `value`, a repeated registry number and its first `row`, …) from the kk/ru/en catalogue.
 */
export const ImportProblem = z.strictObject({
  row: z.number().int(),
  column: z.string(),
  problem: z.string(),
  code: ImportProblemCode,
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export type ImportProblem = z.infer<typeof ImportProblem>;

/** A row a clean dry run would add or change: its registry number, name and the fields that change. */
export const ImportPreviewRow = z.strictObject({
  registryNo: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update']),
  /** Expert field names whose value changes (every field given, for a new expert) */
  fields: z.array(z.string()),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;

export const ImportReport = z.strictObject({
  dryRun: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ImportProblem),
  /** clean dry runs only: the first rows to be added or changed, in file order */
  preview: z.array(ImportPreviewRow).optional(),
});

export type ImportReport = z.infer<typeof ImportReport>;

export const ImportQuery = z.strictObject({
  dryRun: z.enum(['0', '1', 'true', 'false']).optional(),
});

/** JSON alternative to a text/csv body. */
export const ImportJsonBody = z.strictObject({ csv: z.string().min(1, 'empty file') });
