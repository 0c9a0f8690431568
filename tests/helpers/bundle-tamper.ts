/**
 * Tampering with verification bundles for the tamper tests: every leaf path of a bundle's JSON, a
 * one-field change at a path (a hex character flipped, a number changed, one character of a string
 * edited, a boolean negated, null or an empty list replaced), and the code family that verifyBundle
 * must answer for a change at that path (docs/PROTOCOL.md §Checks, in order). The expectation is
 * derived from the path and from whether the changed value still passes the schemas — never from
 * running the verifier. Not a test file.
 */
import { Bundle } from '../../shared/schemas/bundle.js';
import { DRAW_EVENT_DATA, isDrawEventType } from '../../shared/schemas/draw-events.js';
import { announcedVersion, isKnownVersion } from '../../shared/protocol-versions.js';

export type Path = (string | number)[];
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every leaf (scalar, empty list or empty object) of a JSON value, depth first. */
export function leafPaths(v: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(v))
    return v.length === 0 ? [prefix] : v.flatMap((x, i) => leafPaths(x, [...prefix, i]));
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length === 0
      ? [prefix]
      : keys.flatMap((k) => leafPaths((v as Record<string, unknown>)[k], [...prefix, k]));
  }
  return [prefix];
}

/** The same kind of character, but a different one: keeps most values well-formed. */
function otherChar(c: string): string {
  if (/[0-9]/.test(c)) return String((Number(c) + 1) % 10);
  if (/[a-f]/.test(c)) return c === 'f' ? 'e' : String.fromCharCode(c.charCodeAt(0) + 1);
  if (/[g-y]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
  if (/[A-Y]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
  if (c === 'z') return 'a';
  if (c === 'Z') return 'A';
  return c === 'x' ? 'y' : 'x';
}

function changed(v: Json): Json {
  if (v === null) return 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'string') {
    if (v.length === 0) return 'x';
    const i = Math.floor(v.length / 2);
    return v.slice(0, i) + otherChar(v[i]!) + v.slice(i + 1);
  }
  if (Array.isArray(v)) return ['x'];
  return { x: 1 };
}

/** Changes the leaf at `path` in place and returns the bundle. */
export function mutate<T>(b: T, path: Path): T {
  if (path.length === 0) return changed(b as Json) as T;
  let o = b as unknown as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, Json>;
  const last = path.at(-1)!;
  o[last] = changed(o[last]!);
  return b;
}

const CHECKPOINT = [
  'CHECKPOINT_MALFORMED',
  'CHECKPOINT_SIGNATURE_INVALID',
  'CHECKPOINT_KEY_UNKNOWN',
  'CHECKPOINT_ORIGIN_MISMATCH',
];
const INCLUDED = ['INCLUSION_PROOF_INVALID'];

/** What changing this part of an entry's data means, by entry type. */
function dataCodes(type: string, p: Path, opts: { checkFairness: boolean }): string[] {
  const [k0, k1, k2] = p;
  // (v2) what an entry commits to of the earlier ones: no semantic check reads it, check 13 does
  if (k0 === 'history') return INCLUDED;
  switch (type) {
    case 'draw.witness_invited':
    case 'draw.witness_committed':
      return ['COMMITMENT_MISMATCH'];
    case 'draw.announced':
      if (k0 === 'pool') return ['POOL_NOT_CANONICAL', 'POOL_ROOT_MISMATCH'];
      if (k0 === 'announcement' && k1 === 'pool') return ['POOL_ROOT_MISMATCH'];
      if (k0 === 'announcement' && k1 === 'spec' && k2 === 'lotId')
        return ['BUNDLE_ENTRIES_INVALID'];
      if (k0 === 'announcement' || k0 === 'announcementHash') return ['ANNOUNCEMENT_HASH_MISMATCH'];
      return opts.checkFairness ? ['FAIRNESS_MISMATCH'] : INCLUDED;
    case 'draw.created':
      // the spec names the lot: a different lot id contradicts it
      return k0 === 'lotId' ? ['BUNDLE_ENTRIES_INVALID', ...INCLUDED] : INCLUDED;
    case 'draw.revealed':
      return ['REVEAL_MISMATCH'];
    case 'draw.reveal_rejected':
      return k0 === 'witnessId' ? ['REVEAL_REJECTION_INVALID'] : INCLUDED;
    case 'draw.reveals_closed':
      return ['REVEALS_MISSING_MISMATCH'];
    case 'draw.beacon':
      if (k0 === 'signature') return ['BEACON_SIGNATURE_INVALID', 'BEACON_MALFORMED'];
      if (k0 === 'randomness') return ['BEACON_RANDOMNESS_MISMATCH'];
      if (k0 === 'round' || k0 === 'chainHash' || k0 === 'chain') return ['BEACON_ROUND_MISMATCH'];
      return INCLUDED;
    case 'draw.public_sources':
      return ['SEED_MISMATCH'];
    case 'draw.result':
      return k0 === 'result' ? ['RESULT_MISMATCH'] : ['SEED_MISMATCH'];
    case 'draw.declined':
      return ['REPLACEMENT_MISMATCH'];
    default:
      return INCLUDED;
  }
}

/**
 * The codes verifyBundle may answer for bundle `t`, changed at `path`: BUNDLE_MALFORMED when the
 * change breaks the bundle schema, BUNDLE_ENTRIES_INVALID when it breaks the entry's data schema,
 * otherwise the code of the first check that covers the field.
 */
export function expectedCodes(t: unknown, path: Path, opts: { checkFairness: boolean }): string[] {
  if (!Bundle.safeParse(t).success) return ['BUNDLE_MALFORMED'];
  const [k0, k1, k2, k3, ...rest] = path;
  if (k0 === 'drawId') return ['BUNDLE_ENTRIES_INVALID'];
  if (k0 === 'drand') return ['BEACON_CHAIN_MISMATCH'];
  if (k0 === 'log')
    return k1 === 'origin'
      ? ['CHECKPOINT_ORIGIN_MISMATCH']
      : k1 === 'vkey'
        ? ['CHECKPOINT_KEY_MISMATCH']
        : k1 === 'treeSize'
          ? ['CHECKPOINT_SIZE_MISMATCH']
          : CHECKPOINT;
  if (k0 !== 'entries') throw new Error(`unexpected path ${path.join('.')}`);
  if (k2 === 'index') return ['BUNDLE_ENTRIES_INVALID', ...INCLUDED];
  if (k2 === 'proof') return INCLUDED;
  const entry = (t as Bundle).entries[k1 as number]!.entry;
  if (k3 === 'type' || k3 === 'subject') return ['BUNDLE_ENTRIES_INVALID'];
  if (k3 === 'at')
    return entry.type === 'draw.announced'
      ? ['BEACON_ROUND_NOT_FUTURE', ...INCLUDED]
      : entry.type === 'draw.revealed'
        ? ['REVEAL_LATE', ...INCLUDED]
        : entry.type === 'draw.cancelled'
          ? ['DRAW_RE_ROLLED', ...INCLUDED]
          : INCLUDED;
  if (k3 !== 'data') return INCLUDED;
  // a version number this verifier does not know is refused as such (docs/PROTOCOL.md §Versions)
  const version = announcedVersion(entry.type === 'draw.announced' ? entry.data : null);
  if (rest.join('.') === 'announcement.spec.version' && version !== undefined)
    if (!isKnownVersion(version)) return ['SPEC_VERSION_UNKNOWN'];
  if (!isDrawEventType(entry.type) || !DRAW_EVENT_DATA[entry.type].safeParse(entry.data).success)
    return ['BUNDLE_ENTRIES_INVALID'];
  if (rest[0] === 'drawId') return ['BUNDLE_ENTRIES_INVALID'];
  return dataCodes(entry.type, rest, opts);
}

/** Structural changes: entries dropped, swapped or repeated. */
export function restructure(b: Bundle): [string, Bundle][] {
  const out: [string, Bundle][] = [];
  const types = b.entries.map((e) => e.entry.type);
  const without = (type: string): Bundle => ({
    ...b,
    entries: b.entries.filter((e) => e.entry.type !== type),
  });
  for (const type of [
    'draw.created',
    'draw.announced',
    'draw.revealed',
    'draw.reveals_opened',
    'draw.reveals_closed',
    'draw.beacon',
    'draw.result',
  ])
    if (types.includes(type)) out.push([`without ${type}`, without(type)]);
  for (let i = 0; i + 1 < b.entries.length; i++) {
    const entries = [...b.entries];
    [entries[i], entries[i + 1]] = [entries[i + 1]!, entries[i]!];
    out.push([`entries ${i} and ${i + 1} swapped`, { ...b, entries }]);
    out.push([
      `entry ${i} repeated`,
      { ...b, entries: [...b.entries.slice(0, i + 1), b.entries[i]!, ...b.entries.slice(i + 1)] },
    ]);
  }
  return out;
}
