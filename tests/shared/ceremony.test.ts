/**
 * Ceremonies (docs/PROTOCOL.md §Ceremonies): the lot seed's byte layout, what the ceremony hash
 * binds, the checks of a ceremony replay, and that version 3 stays out of single draws.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { concatBytes, toHex, uint32be, utf8 } from '../../shared/bytes.js';
import { taggedHash } from '../../shared/hash.js';
import { lotSeed, lotSeedData } from '../../shared/ceremony.js';
import { replayCeremony } from '../../shared/draw/ceremony-replay.js';
import { CeremonyReplayInput, LotSpec } from '../../shared/schemas/ceremony.js';
import { DrawSpec } from '../../shared/schemas/draw-spec.js';
import { Announcement } from '../../shared/schemas/pool.js';
import { VerificationError } from '../../shared/errors.js';
import { CeremonyExampleInput, lotAnnouncementOf } from '../helpers/ceremony-example.js';
import drand from '../vectors/drand.json' with { type: 'json' };

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const example = CeremonyExampleInput.parse(
  JSON.parse(/^```json ceremony-example-input\n([\s\S]*?)^```$/m.exec(doc)![1]!)
);

/** The example as a replay input, with `edit` applied to a deep copy first. */
function replayOf(edit: (x: CeremonyExampleInput) => void = () => {}) {
  const x = JSON.parse(JSON.stringify(example)) as CeremonyExampleInput;
  edit(x);
  return CeremonyReplayInput.parse({
    version: 1,
    kind: 'ceremony',
    drawId: x.drawId,
    lots: x.lots.map((l) => ({
      announcement: lotAnnouncementOf(x.drawId, l),
      pool: l.pool,
      declines: l.declines,
    })),
    material: x.material,
  });
}
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof VerificationError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
};

describe('lot seed', () => {
  const seed = new Uint8Array(32).fill(7);

  it('does hash seed || uint32be(index) || UTF8(lotId) under the tag lot-seed', () => {
    expect(toHex(lotSeedData(seed, 1, 'YTH-2026-01'))).toBe(
      toHex(concatBytes(seed, uint32be(1), utf8('YTH-2026-01')))
    );
    expect(lotSeed(seed, 1, 'YTH-2026-01')).toEqual(
      taggedHash('lot-seed', lotSeedData(seed, 1, 'YTH-2026-01'))
    );
  });

  it('does differ by index, by lot id, and from the seed', () => {
    const a = toHex(lotSeed(seed, 0, 'A'));
    expect(new Set([a, toHex(lotSeed(seed, 1, 'A')), toHex(lotSeed(seed, 0, 'B'))]).size).toBe(3);
    expect(a).not.toBe(toHex(seed));
  });

  it('does refuse a seed that is not 32 bytes', () => {
    expect(() => lotSeedData(new Uint8Array(31), 0, 'A')).toThrow(RangeError);
  });
});

describe('ceremony replay', () => {
  const base = replayCeremony(replayOf());

  it('does change the ceremony hash and the seed when the lots are swapped', () => {
    const swapped = replayCeremony(replayOf((x) => x.lots.reverse()));
    expect(swapped.ceremonyHash).not.toBe(base.ceremonyHash);
    expect(swapped.seed).not.toBe(base.seed);
  });

  it('does change the seed when one lot’s pool changes', () => {
    const r = replayCeremony(replayOf((x) => x.lots[1]!.pool.pop()));
    expect(r.seed).not.toBe(base.seed);
  });

  it('does refuse lots that disagree on the shared entropy, witnesses or deadline', () => {
    expect(
      codeOf(() =>
        replayCeremony(replayOf((x) => (x.lots[1]!.spec.revealDeadline = '2026-12-01T09:30:00Z')))
      )
    ).toBe(
      'CEREMONY_INVALID: lot 2 (YTH-2026-01): entropy, witnesses or reveal deadline differ from lot 1'
    );
    expect(codeOf(() => replayCeremony(replayOf((x) => x.lots[1]!.spec.witnesses.pop())))).toMatch(
      /^CEREMONY_INVALID: lot 2/
    );
  });

  it('does refuse a repeated lot id and a lot announced for another draw', () => {
    expect(
      codeOf(() => replayCeremony(replayOf((x) => (x.lots[1]!.spec.lotId = 'ECO-2026-01'))))
    ).toBe('CEREMONY_INVALID: lot 2 (ECO-2026-01): lot id repeated');
    const other = replayOf();
    const lot = other.lots[1]!;
    if ('announcement' in lot) lot.announcement.drawId = 'EX-C2';
    expect(codeOf(() => replayCeremony(other))).toBe(
      'CEREMONY_INVALID: lot 2 (YTH-2026-01) is announced for EX-C2, not ceremony EX-C1'
    );
  });

  it('does refuse a ceremony with no lot in full', () => {
    const x = replayOf();
    x.lots = base.lots.map((l) => ({ announcementHash: l.announcementHash }));
    expect(codeOf(() => replayCeremony(x))).toMatch(/^CEREMONY_INVALID: no lot is given in full/);
  });

  it('does name the lot whose published result differs', () => {
    const x = replayOf();
    const lot = x.lots[1]!;
    if ('announcement' in lot)
      lot.expected = { result: { ...base.lots[1]!.result!, commission: ['R-013'] } };
    expect(codeOf(() => replayCeremony(x))).toBe(
      'RESULT_MISMATCH: lot 2 (YTH-2026-01): the inputs give a different result: the commission or reserves differ'
    );
  });

  it('does verify the beacon round offline when it is given, and refuse another round', () => {
    const round = drand.rounds.find((r) => r.chain === 'quicknet' && r.round === 123)!;
    const beaconRound = {
      chain: 'quicknet',
      round: 123,
      signature: round.signature,
      randomness: example.material.beacon!.randomness,
    };
    expect(replayCeremony({ ...replayOf(), beaconRound } as never).beaconVerified).toBe(true);
    expect(
      codeOf(() =>
        replayCeremony({ ...replayOf(), beaconRound: { ...beaconRound, round: 124 } } as never)
      )
    ).toBe('BEACON_MISMATCH: the beacon round is not the announced one');
  });

  it('does compare the published ceremony hash before anything else is derived', () => {
    const x = { ...replayOf(), expected: { ceremonyHash: '00'.repeat(32) } };
    expect(codeOf(() => replayCeremony(x))).toBe(
      `ANNOUNCEMENT_HASH_MISMATCH: the lots give ceremony hash ${base.ceremonyHash}, not ${'00'.repeat(32)}`
    );
  });

  it('does refuse a pool that is not the announced one', () => {
    const x = replayOf();
    const lot = x.lots[0]!;
    if ('announcement' in lot) lot.pool = lot.pool.slice(1);
    expect(codeOf(() => replayCeremony(x))).toMatch(/^POOL_SIZE_MISMATCH: lot ECO-2026-01/);
  });
});

describe('version 3 stays inside ceremonies', () => {
  const spec = example.lots[0]!.spec;

  it('does refuse a version 3 spec as a single draw’s spec and announcement', () => {
    const r = DrawSpec.safeParse(spec);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('unknown protocol version 3 (known: 1, 2, 4)');
    const a = lotAnnouncementOf(example.drawId, example.lots[0]!);
    expect(Announcement.safeParse(a).success).toBe(false);
  });

  it('does accept the same rules as version 2, and refuse a lot of method rfc3797', () => {
    expect(DrawSpec.safeParse({ ...spec, version: 2 }).success).toBe(true);
    const r = LotSpec.safeParse({
      ...spec,
      method: 'rfc3797',
      witnesses: [],
      entropy: { publicSources: spec.entropy.publicSources },
    });
    expect(r.error!.issues.map((i) => i.message)).toEqual([
      'a ceremony lot draws from its lot seed: method adal-v1',
    ]);
  });
});
