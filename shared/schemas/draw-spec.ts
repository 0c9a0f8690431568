/**
 * The draw specification of one lot (docs/PROTOCOL.md §Draw specification): protocol version,
 * commission size, reserves, quotas in integer seats, the cap limits (one field per cap family of
 * shared/draw/rule-families.ts, e.g. perOrganizationMax), cooldown, entropy sources, witnesses and the
 * reveal deadline. Everything here is fixed and hashed into the announcement before any randomness
 * exists, so nothing about the rules can be chosen after the seed is known.
 */
import { z } from 'zod';
import { FORMATS } from './formats.js';
import {
  DirectionCode,
  Gender,
  IsoDate,
  LanguageCode,
  ProposedBy,
  RegionCode,
} from './registry.js';
import { BeaconRoundNumber, DrandChainName } from './beacon.js';
import { DRAND_CHAINS } from '../drand-chains.js';
import { perCap } from '../draw/rule-families.js';
import { PROTOCOL_VERSIONS, featuresBeyond } from '../protocol-versions.js';

/** Lowercase hex of exactly `bytes` bytes. */
export const HexBytes = (bytes: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`), `${bytes} bytes as lowercase hex`);

/** A 32-byte hash (SHA-256 output) in lowercase hex. */
export const Hash32 = z.string().regex(FORMATS.Hash32.pattern, '32 bytes as lowercase hex');

/** Short stable identifier: lot ids, witness ids, public-source ids. */
export const Ident = z
  .string()
  .regex(FORMATS.Ident.pattern, '1–64 latin letters, digits, ".", "_" or "-"');

/** Commission size: an odd number of members, 1..15 (docs/PROTOCOL.md §Draw specification: odd, at most 15). */
export const MAX_COMMISSION = 15;
export const MAX_RESERVES = 30;
/**
 * A bound on the size of a spec, not on the solver: quotas are kept as lists of indexes, with no
 * ceiling (shared/draw/quota-signatures.ts). 30 is far more than a commission of at most 15 can use.
 */
export const MAX_QUOTAS = 30;

const Seats = z.number().int().min(0).max(MAX_COMMISSION);
const Percent = z.number().int().min(0).max(100);

/**
 * Bounds in seats. A percentage is converted with integer math against the commission size:
 * maxPercent → floor(size·p/100), minPercent → ceil(size·p/100) (so "at most 30% of 5" is 1 seat and
 * "at least 70% of 5" is 4). Give min or minPercent, max or maxPercent, never both forms of one bound.
 */
const bounds = {
  min: Seats.optional(),
  max: Seats.optional(),
  minPercent: Percent.optional(),
  maxPercent: Percent.optional(),
};

export const Quota = z
  .discriminatedUnion('category', [
    z.strictObject({ category: z.literal('proposedBy'), value: ProposedBy, ...bounds }),
    z.strictObject({ category: z.literal('region'), value: RegionCode, ...bounds }),
    z.strictObject({ category: z.literal('gender'), value: Gender, ...bounds }),
    z.strictObject({ category: z.literal('language'), value: LanguageCode, ...bounds }),
    z.strictObject({ category: z.literal('direction'), value: DirectionCode, ...bounds }),
  ])
  .superRefine((q, ctx) => {
    if (
      q.min === undefined &&
      q.max === undefined &&
      q.minPercent === undefined &&
      q.maxPercent === undefined
    )
      ctx.addIssue({ code: 'custom', message: 'give min, max, minPercent or maxPercent' });
    if (q.min !== undefined && q.minPercent !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['minPercent'],
        message: 'give min or minPercent, not both',
      });
    if (q.max !== undefined && q.maxPercent !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['maxPercent'],
        message: 'give max or maxPercent, not both',
      });
  });
export type Quota = z.infer<typeof Quota>;
export type QuotaCategory = Quota['category'];

/** Lower and upper bound of a quota in seats for a commission of `size` (integer math only). */
export function quotaBounds(q: Quota, size: number): { lo: number; hi: number } {
  const lo = q.min ?? (q.minPercent === undefined ? 0 : Math.ceil((size * q.minPercent) / 100));
  const hi = q.max ?? (q.maxPercent === undefined ? size : Math.floor((size * q.maxPercent) / 100));
  return { lo, hi: Math.min(hi, size) };
}

export const DrandSource = z
  .strictObject({
    chain: DrandChainName,
    /** the chain's hash from its pinned chain info (shared/drand.ts) */
    chainHash: Hash32,
    /** a future round, fixed at announcement */
    round: BeaconRoundNumber,
  })
  .refine((d) => DRAND_CHAINS[d.chain].hash === d.chainHash, {
    message: 'chainHash is not the pinned hash of that chain',
    path: ['chainHash'],
  });
export type DrandSource = z.infer<typeof DrandSource>;

/** A time of day, 'HH:MM' (24 h). */
export const ClockTime = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time of day as HH:MM (00:00–23:59)');

/**
 * An RFC 3797-style public source named before the draw, e.g. a lottery of a given date. Since
 * protocol version 2 it has a structured date (and time where the source has one), in Kazakhstan
 * civil time (UTC+5): the first moment its value can exist (shared/seed-knowable.ts). The server
 * refuses to announce an undated source or one whose instant is not after the announcement.
 */
export const PublicSource = z
  .strictObject({
    id: Ident,
    description: z.string().trim().min(1).max(FORMATS.SourceDescription.length[1]),
    date: IsoDate.optional(),
    time: ClockTime.optional(),
  })
  .refine((s) => s.time === undefined || s.date !== undefined, {
    message: 'a time needs a date',
    path: ['time'],
  });
export type PublicSource = z.infer<typeof PublicSource>;

export const Witness = z.strictObject({
  id: Ident,
  name: z.string().trim().min(1).max(FORMATS.WitnessName.length[1]),
  /** hex of taggedHash('commitment', secret) — shared/seed.ts */
  commitment: Hash32,
});
export type Witness = z.infer<typeof Witness>;

const unique = (xs: string[]) => new Set(xs).size === xs.length;

/** docs/PROTOCOL.md §Versions: a version this code does not know is refused, naming the version. */
export const SpecVersion = z.literal(PROTOCOL_VERSIONS, {
  error: (iss) =>
    `unknown protocol version ${JSON.stringify(iss.input)} (known: ${PROTOCOL_VERSIONS.join(', ')})`,
});

/** A cap's limit: at most this many members share one key (shared/draw/rule-families.ts). */
const CapLimit = z.number().int().min(1).max(MAX_COMMISSION);

/**
 * The spec's members with `version` given by the caller: DrawSpec takes the versions of a single
 * draw (1, 2); a ceremony's lot (shared/schemas/ceremony.ts) takes version 3, with the same members
 * and the same refinement (refineSpec).
 */
export function specObject<V extends z.ZodType<number>>(version: V) {
  return z.strictObject({
    version,
    lotId: Ident,
    method: z.enum(['adal-v1', 'rfc3797']),
    size: z
      .number()
      .int()
      .min(1)
      .max(MAX_COMMISSION)
      .refine((n) => n % 2 === 1, 'the commission size must be odd'),
    reserves: z.number().int().min(0).max(MAX_RESERVES),
    quotas: z.array(Quota).max(MAX_QUOTAS),
    /** per cap family: at most this many members sharing one key; absent = no limit */
    ...perCap('field', () => CapLimit.optional()),
    /** experts who sat on a commission within this many days before asOf are excluded */
    cooldownDays: z.number().int().min(0).max(3650),
    /** the date eligibility (status, cooldown) is evaluated on */
    asOf: IsoDate,
    entropy: z.strictObject({
      drand: DrandSource.optional(),
      publicSources: z.array(PublicSource).max(10),
    }),
    witnesses: z.array(Witness).max(20),
    /** reveals are accepted until this instant (UTC, checked by the server) */
    revealDeadline: z.iso.datetime({ offset: false }),
  });
}

type SpecShape = z.infer<ReturnType<typeof specObject<z.ZodType<number>>>>;

/** The rules every spec obeys whatever its version (docs/PROTOCOL.md §Draw specification). */
export function refineSpec(s: SpecShape, ctx: z.RefinementCtx): void {
  for (const f of featuresBeyond(s, s.version))
    ctx.addIssue({
      code: 'custom',
      path: [f.field],
      message: `${f.field} needs protocol version ${f.since}; this spec declares ${s.version}`,
    });
  const keys = s.quotas.map((q) => `${q.category}=${q.value}`);
  if (!unique(keys))
    ctx.addIssue({
      code: 'custom',
      path: ['quotas'],
      message: 'a category value has two quotas',
    });
  s.quotas.forEach((q, i) => {
    const { lo, hi } = quotaBounds(q, s.size);
    if (lo > s.size)
      ctx.addIssue({
        code: 'custom',
        path: ['quotas', i, 'min'],
        message: 'min exceeds the commission size',
      });
    if (lo > hi)
      ctx.addIssue({
        code: 'custom',
        path: ['quotas', i],
        message: `min ${lo} exceeds max ${hi} seats`,
      });
  });
  if (!unique(s.entropy.publicSources.map((p) => p.id)))
    ctx.addIssue({
      code: 'custom',
      path: ['entropy', 'publicSources'],
      message: 'repeated source id',
    });
  if (!unique(s.witnesses.map((w) => w.id)))
    ctx.addIssue({ code: 'custom', path: ['witnesses'], message: 'repeated witness id' });
  if (s.method === 'adal-v1' && !s.entropy.drand && s.entropy.publicSources.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['entropy'],
      message: 'name a drand round or at least one public source: witnesses alone are not enough',
    });
  if (s.method === 'rfc3797') {
    // RFC 3797 §4: the key comes from the public sources only.
    if (s.entropy.publicSources.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['entropy', 'publicSources'],
        message: 'rfc3797 needs public sources',
      });
    if (s.entropy.drand || s.witnesses.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['method'],
        message: 'rfc3797 uses public sources only (no drand, no witnesses)',
      });
  }
}

export const DrawSpec = specObject(SpecVersion).superRefine(refineSpec);
export type DrawSpec = z.infer<typeof DrawSpec>;
