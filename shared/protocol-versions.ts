/**
 * Protocol versions (docs/PROTOCOL.md §Versions). A draw's protocol version is its spec's `version`:
 * it says which rules the draw runs by, and a verifier picks the rules by it. Version 2 is the next
 * version: everything of version 1, plus the features listed with `since: 2` — it grows until it is
 * frozen. A spec may use a feature only if its version has it, and a writer declares the lowest
 * version that has every feature the draw uses, so a version 1 verifier can check every draw that
 * needs nothing newer. Hashing, encodings and record formats are the same in every version; a
 * version a verifier does not know is refused (SPEC_VERSION_UNKNOWN), never guessed at.
 */
import { CAP_FAMILIES } from './draw/rule-families.js';

/**
 * The versions of a single draw. 3 is not one of them: it is a ceremony's lot's version
 * (shared/schemas/ceremony.ts `CEREMONY_VERSION`, docs/PROTOCOL.md §Ceremonies), refused wherever one
 * draw's spec is read.
 */
export const PROTOCOL_VERSIONS = [1, 2, 4] as const;

/**
 * _(v4)_ a later attempt's bundle carries its lot's previous attempts (docs/PROTOCOL.md §Previous
 * attempts). Not a spec field: a writer declares it for every draw that is not its lot's first
 * attempt (`completeSpec` in server/draws/announce.ts). Version 3 was taken by ceremonies, which were published first.
 */
export const PREVIOUS_ATTEMPTS_SINCE = 4;

export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

export function isKnownVersion(v: unknown): v is ProtocolVersion {
  return (PROTOCOL_VERSIONS as readonly unknown[]).includes(v);
}

/** A feature of the spec that a version introduced, and whether a spec (or a draft) uses it. */
export interface SpecFeature {
  /** the spec field it lives in (where a spec that may not use it is told so) */
  field: string;
  since: ProtocolVersion;
  used(spec: Readonly<Record<string, unknown>>): boolean;
}

/** A spec's (or draft's) public sources, whatever their shape. */
function publicSourcesOf(spec: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const sources = (spec['entropy'] as { publicSources?: unknown } | undefined)?.publicSources;
  return Array.isArray(sources) ? (sources as Record<string, unknown>[]) : [];
}

/** Every versioned feature of the spec: the cap families, and whatever later versions add. */
export const SPEC_FEATURES: readonly SpecFeature[] = [
  ...CAP_FAMILIES.map((f) => ({
    field: f.field,
    since: f.since,
    used: (s: Readonly<Record<string, unknown>>) => s[f.field] !== undefined,
  })),
  // Dated public sources (docs/PROTOCOL.md §Unpredictable by construction).
  {
    field: 'entropy',
    since: 2,
    used: (s) => publicSourcesOf(s).some((p) => p['date'] !== undefined || p['time'] !== undefined),
  },
];

/** The lowest version that has every feature the spec (or draft) uses. */
export function requiredVersion(spec: Readonly<Record<string, unknown>>): ProtocolVersion {
  let v: ProtocolVersion = 1;
  for (const f of SPEC_FEATURES) if (f.used(spec) && f.since > v) v = f.since;
  return v;
}

/**
 * The version writers declare for a new draw: the newest, so that every new draw has every protection
 * of the protocol (complete histories, public decline categories), even one whose rules need nothing
 * of it. Older versions stay readable: verifiers apply whatever version a spec declares.
 */
export const WRITER_VERSION: ProtocolVersion = 2;

/** What a writer declares for a spec: the writer's version, or a newer one its features need. */
export function writerVersion(spec: Readonly<Record<string, unknown>>): ProtocolVersion {
  const needed = requiredVersion(spec);
  return needed > WRITER_VERSION ? needed : WRITER_VERSION;
}

/** Features the spec uses that its declared version does not have. */
export function featuresBeyond(
  spec: Readonly<Record<string, unknown>>,
  version: number
): SpecFeature[] {
  return SPEC_FEATURES.filter((f) => f.since > version && f.used(spec));
}

/** The version a draw.announced entry's data declares, when it declares a number (else undefined). */
export function announcedVersion(data: unknown): number | undefined {
  const v = (data as { announcement?: { spec?: { version?: unknown } } } | null)?.announcement?.spec
    ?.version;
  return typeof v === 'number' ? v : undefined;
}
