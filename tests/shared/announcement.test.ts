import { describe, expect, it } from '@jest/globals';
import { toHex } from '../../shared/bytes.js';
import { canonicalBytes } from '../../shared/canonical.js';
import { taggedHash } from '../../shared/hash.js';
import { announcementHash, buildAnnouncement } from '../../shared/announcement.js';
import { freezePool } from '../../shared/pool.js';
import { Announcement } from '../../shared/schemas/pool.js';
import type { Exclusion } from '../../shared/schemas/conflicts.js';
import { makePool, makeSpec } from '../helpers/draw-fixtures.js';

const entries = makePool(20, 'announcement');
const pool = { entries, root: freezePool([]).root };
const frozen = { entries, root: toHex(taggedHash('x', new Uint8Array())) };
const exclusions: Exclusion[] = [
  { registryNo: 'R-99999', rule: 'COOLDOWN', detail: 'last commission 10 days ago' },
];

describe('announcement', () => {
  const a = buildAnnouncement({ drawId: 'D-1', spec: makeSpec(), pool: frozen, exclusions });

  it('does carry spec, pool root and size, and exclusions, and passes its schema', () => {
    expect(a.pool).toEqual({ root: frozen.root, size: 20 });
    expect(Announcement.safeParse(a).success).toBe(true);
  });
  it('does hash taggedHash(announcement, JCS(announcement))', () => {
    expect(toHex(announcementHash(a))).toBe(toHex(taggedHash('announcement', canonicalBytes(a))));
  });
  it('does change hash with the pool, the rules, the exclusions or the attempt', () => {
    const h = toHex(announcementHash(a));
    const variants = [
      buildAnnouncement({ drawId: 'D-2', spec: makeSpec(), pool: frozen, exclusions }),
      buildAnnouncement({
        drawId: 'D-1',
        spec: makeSpec({ reserves: 4 }),
        pool: frozen,
        exclusions,
      }),
      buildAnnouncement({ drawId: 'D-1', spec: makeSpec(), pool, exclusions }),
      buildAnnouncement({ drawId: 'D-1', spec: makeSpec(), pool: frozen, exclusions: [] }),
    ];
    for (const v of variants) expect(toHex(announcementHash(v))).not.toBe(h);
  });
});
