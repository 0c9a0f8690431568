/**
 * Boundary type of RFC 3797 public randomness sources as they travel in JSON (a draw spec, a bundle, an
 * API body): an array is a numeric source (integers, or decimal strings such as "007" or "1.25"); a
 * string is a text source. shared/rfc3797.ts canonicalizes them (RFC 3797 §4; docs/PROTOCOL.md
 * §RFC 3797 mode, "Sources in JSON").
 *
 * A bare string that looks like numbers ("2911.54", "4 17 38") is refused: as a text source it would
 * canonicalize to "291154/" where the numeric source ["2911.54"] gives "2911.54/", a silent
 * difference between what the publisher meant and what everyone hashes.
 */
import { z } from 'zod';

export const Rfc3797Value = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^[0-9]{1,40}(\.[0-9]{1,40})?$/, 'a non-negative decimal number'),
]);
export type Rfc3797Value = z.infer<typeof Rfc3797Value>;

/** Only digits, dots, spaces and commas: numbers written as text. */
const LOOKS_NUMERIC = /^[0-9., ]+$/;

export const Rfc3797Source = z.union([
  z.array(Rfc3797Value).min(1).max(64),
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x20-\x7e]*[A-Za-z0-9][\x20-\x7e]*$/, 'printable ASCII with a letter or digit')
    .refine((s) => !LOOKS_NUMERIC.test(s), {
      message:
        'a text source must not look like numbers: give numbers as an array, e.g. ["2911.54"]',
    }),
]);
export type Rfc3797Source = z.infer<typeof Rfc3797Source>;

export const Rfc3797Sources = z.array(Rfc3797Source).min(1).max(16);
export type Rfc3797Sources = z.infer<typeof Rfc3797Sources>;
