/**
 * Ceremonies (docs/PROTOCOL.md §Ceremonies, protocol version 3): the ceremony hash and each lot's
 * seed.
 *
 *   ceremony hash = taggedHash('ceremony', JCS({version: 1, drawId, lots: [hex(announcement hash)…]}))
 *   seed          = taggedHash('seed', JCS(seed input))       — the announcementHash member is
 *                                                               hex(ceremony hash)
 *   lot seed i    = taggedHash('lot-seed', seed || uint32be(i) || UTF8(lotId_i))   — i 0-based
 *
 * The ceremony hash binds every lot's rules, pool and exclusions before any randomness exists, as
 * one announcement does for one lot. The lot seed separates the lots: the index and the lot id are
 * both hashed in, so no two lots of a ceremony (and no lot and the ceremony itself, whose seed is
 * never drawn from) share a stream.
 */
import { canonicalString, hashObject } from './canonical.js';
import { concatBytes, uint32be, utf8 } from './bytes.js';
import { VerificationError } from './errors.js';
import { nobleHasher, taggedHash, type Hasher } from './hash.js';
import type { DrawSpec } from './schemas/draw-spec.js';
import type { CeremonyAnnouncement, LotAnnouncement, LotSpec } from './schemas/ceremony.js';

export function ceremonyAnnouncement(
  drawId: string,
  lotAnnouncementHashes: readonly string[]
): CeremonyAnnouncement {
  return { version: 1, drawId, lots: [...lotAnnouncementHashes] };
}

export function ceremonyHash(c: CeremonyAnnouncement, hasher: Hasher = nobleHasher): Uint8Array {
  return hashObject('ceremony', c, hasher);
}

/** A lot's announcement hash: the same tag and encoding as a single draw's. */
export function lotAnnouncementHash(a: LotAnnouncement, hasher: Hasher = nobleHasher): Uint8Array {
  return hashObject('announcement', a, hasher);
}

/** The bytes hashed for lot `index` (0-based): seed || uint32be(index) || UTF8(lotId). */
export function lotSeedData(seed: Uint8Array, index: number, lotId: string): Uint8Array {
  if (seed.length !== 32) throw new RangeError('a seed is 32 bytes');
  return concatBytes(seed, uint32be(index), utf8(lotId));
}

export function lotSeed(
  seed: Uint8Array,
  index: number,
  lotId: string,
  hasher: Hasher = nobleHasher
): Uint8Array {
  return taggedHash('lot-seed', lotSeedData(seed, index, lotId), hasher);
}

/**
 * The rules a lot runs by: a version 3 spec draws exactly as the same spec in version 2 would (the
 * selection, reserves and replacement read no version); only where its seed comes from differs.
 */
export function lotRules(spec: LotSpec): DrawSpec {
  return { ...spec, version: 2 };
}

/** What every lot of a ceremony shares: the one seed's inputs and the reveal window. */
function sharedPart(spec: LotSpec): string {
  return canonicalString({
    entropy: spec.entropy,
    witnesses: spec.witnesses,
    revealDeadline: spec.revealDeadline,
  });
}

/**
 * The ceremony's lots given in full agree (CEREMONY_INVALID otherwise): each is announced under the
 * ceremony's drawId, lot ids are unique, and entropy, witnesses and reveal deadline are equal.
 */
export function checkCeremonyLots(
  drawId: string,
  lots: readonly { index: number; announcement: LotAnnouncement }[]
): void {
  const ids = new Set<string>();
  const first = lots[0];
  for (const { index, announcement: a } of lots) {
    const where = `lot ${index + 1} (${a.spec.lotId})`;
    if (a.drawId !== drawId)
      throw new VerificationError(
        'CEREMONY_INVALID',
        `${where} is announced for ${a.drawId}, not ceremony ${drawId}`
      );
    if (ids.has(a.spec.lotId))
      throw new VerificationError('CEREMONY_INVALID', `${where}: lot id repeated`);
    ids.add(a.spec.lotId);
    if (first && sharedPart(a.spec) !== sharedPart(first.announcement.spec))
      throw new VerificationError(
        'CEREMONY_INVALID',
        `${where}: entropy, witnesses or reveal deadline differ from lot ${first.index + 1}`
      );
  }
}
