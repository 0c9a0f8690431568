/**
 * Commit–reveal and seed derivation (docs/PROTOCOL.md §Commitments and reveals, §Seed).
 *
 *   secret     = 32 random bytes (published as 64 lowercase hex characters at reveal)
 *   commitment = taggedHash('commitment', secret bytes)
 *   seed       = taggedHash('seed', JCS(SeedInput))
 *
 * SeedInput = { announcementHash, beacon | null, publicSources (by id, RFC 3797 §4 canonical text),
 * reveals (by witnessId), missing (by id) }. Every field is a fixed-width hex string, a canonical
 * source text or an identifier, so JCS is injective here and any changed input bit changes the
 * preimage, hence the seed. A missing reveal is recorded and dropped, never a reason to re-draw.
 */
import { compareUtf8, fromHex, toHex } from './bytes.js';
import { hashObject } from './canonical.js';
import { nobleHasher, taggedHash, type Hasher } from './hash.js';
import { rfc3797SourceText } from './rfc3797.js';
import { DrawError, InputError, VerificationError } from './errors.js';
import type { DrawSpec } from './schemas/draw-spec.js';
import type { PublishedSource, SeedInput, SeedMaterial } from './schemas/seed.js';

const SECRET_RE = /^[0-9a-f]{64}$/;

/** The commitment a witness publishes before the announcement is sealed (lowercase hex). */
export function commitmentFor(secretHex: string): string {
  if (!SECRET_RE.test(secretHex))
    throw new InputError('SECRET_MALFORMED', 'a secret is 32 bytes as 64 lowercase hex characters');
  return toHex(taggedHash('commitment', fromHex(secretHex)));
}

/** Checks a reveal against its commitment; throws VerificationError REVEAL_MISMATCH when it differs. */
export function verifyReveal(commitmentHex: string, secretHex: string): void {
  if (commitmentFor(secretHex) !== commitmentHex)
    throw new VerificationError(
      'REVEAL_MISMATCH',
      'the revealed secret does not match the commitment'
    );
}

/**
 * Builds the canonical SeedInput from the announced spec and the published material: checks that the
 * beacon round is the announced one, that every announced source has values, and every reveal against
 * its commitment; sorts everything and lists the witnesses who did not reveal.
 */
export function buildSeedInput(
  spec: DrawSpec,
  announcementHashHex: string,
  material: SeedMaterial
): SeedInput {
  const { drand } = spec.entropy;
  if (drand && material.beacon === null)
    throw new DrawError('BEACON_MISSING', `drand round ${drand.round} has not been supplied`);
  if (!drand && material.beacon !== null)
    throw new InputError('BEACON_UNEXPECTED', 'the spec names no drand round');
  if (
    drand &&
    material.beacon &&
    (material.beacon.round !== drand.round || material.beacon.chainHash !== drand.chainHash)
  )
    throw new VerificationError(
      'BEACON_MISMATCH',
      `the beacon is not round ${drand.round} of the announced chain`
    );

  const byId = new Map<string, PublishedSource>();
  for (const s of material.publicSources) {
    if (!spec.entropy.publicSources.some((p) => p.id === s.id))
      throw new InputError('SOURCE_UNKNOWN', `public source ${s.id} was not announced`);
    if (byId.has(s.id))
      throw new InputError('SOURCE_DUPLICATE', `public source ${s.id} given twice`);
    byId.set(s.id, s);
  }
  const publicSources = spec.entropy.publicSources
    .map((p) => {
      const s = byId.get(p.id);
      if (!s)
        throw new DrawError('SOURCE_MISSING', `public source ${p.id} has no published values`);
      return { id: p.id, text: rfc3797SourceText(s.value, `public source ${p.id}`) };
    })
    .sort((a, b) => compareUtf8(a.id, b.id));

  const commitments = new Map(spec.witnesses.map((w) => [w.id, w.commitment]));
  const seen = new Set<string>();
  for (const r of material.reveals) {
    const c = commitments.get(r.witnessId);
    if (c === undefined)
      throw new InputError('REVEAL_UNKNOWN_WITNESS', `no witness ${r.witnessId}`);
    if (seen.has(r.witnessId))
      throw new InputError('REVEAL_DUPLICATE', `witness ${r.witnessId} revealed twice`);
    seen.add(r.witnessId);
    verifyReveal(c, r.secret);
  }
  const reveals = material.reveals
    .map((r) => ({ witnessId: r.witnessId, secret: r.secret }))
    .sort((a, b) => compareUtf8(a.witnessId, b.witnessId));
  const missing = spec.witnesses
    .map((w) => w.id)
    .filter((id) => !seen.has(id))
    .sort(compareUtf8);

  return {
    announcementHash: announcementHashHex,
    beacon: material.beacon ? { ...material.beacon } : null,
    publicSources,
    reveals,
    missing,
  };
}

/** seed = taggedHash('seed', JCS(input)): 32 bytes (with noble's SHA-256 unless given a Hasher). */
export function deriveSeed(input: SeedInput, hasher: Hasher = nobleHasher): Uint8Array {
  return hashObject('seed', input, hasher);
}
