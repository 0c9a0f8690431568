/**
 * Query and path parameters of the public log API (docs/API.md "Public log API"). The answers'
 * shapes, which auditors and monitors read, are protocol and live in shared/schemas/log.ts.
 */
import { z } from 'zod';
import { LOG_ENTRIES_MAX } from '../schemas/log.js';

/** A non-negative decimal index in a query string or path (no signs, exponents or leading zeros). */
const LogIndexParam = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})$/, 'a non-negative integer')
  .transform(Number);

export const LogEntriesQuery = z
  .strictObject({ start: LogIndexParam, end: LogIndexParam.optional() })
  .refine((q) => q.end === undefined || q.end > q.start, {
    path: ['end'],
    message: 'must be greater than start',
  })
  .refine((q) => q.end === undefined || q.end - q.start <= LOG_ENTRIES_MAX, {
    path: ['end'],
    message: `at most ${LOG_ENTRIES_MAX} entries per request`,
  });

export const LogIndexParams = z.strictObject({ index: LogIndexParam });

export const LogSizeParams = z.strictObject({ size: LogIndexParam });

export const InclusionProofQuery = z.strictObject({
  index: LogIndexParam,
  /** tree size to prove against; default the latest */
  size: LogIndexParam.optional(),
});

export const ConsistencyProofQuery = z
  .strictObject({ from: LogIndexParam, to: LogIndexParam.optional() })
  .refine((q) => q.to === undefined || q.from <= q.to, {
    path: ['from'],
    message: 'must not exceed to',
  });

/** GET /api/log/witnesses (operator): the log's witnesses and the latest milestone's cosigners. */
export const LogWitnessStatusResponse = z.strictObject({
  /** the checkpoint asked for at the latest draw milestone, and who cosigned it */
  milestone: z
    .strictObject({ size: z.number().int().min(0), cosignedBy: z.array(z.string()) })
    .nullable(),
  witnesses: z.array(
    z.strictObject({
      name: z.string(),
      vkey: z.string(),
      cosignedSize: z.number().int().min(0).nullable(),
      cosignedAt: z.string().nullable(),
      lastError: z.string().nullable(),
      conflict: z.boolean(),
    })
  ),
});
export type LogWitnessStatusResponse = z.infer<typeof LogWitnessStatusResponse>;
